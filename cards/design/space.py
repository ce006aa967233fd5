"""Clear space: at every preset, each box a template draws in keeps the template's
`clear_space` from the logo's box and from the QR code's box.

Checked while the template is parsed, so the message names the template's file, the two
boxes, the preset and how far apart they are. The layout keeps the same distance from
the logo and the plate as they are drawn (`render.clearance`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cards.design.rules import glyph_box, pixel_box
from cards.errors import TemplateError
from cards.text.fitting import Box

if TYPE_CHECKING:
    from cards.design.model import Rect, SizeSpec


def check_clear_space(spec: SizeSpec, source: str) -> None:
    """Refuse a template whose text boxes, rules, glyphs or portrait come closer to the
    logo's box or the QR code's box than its clear space, or whose logo and QR boxes do."""
    clear = spec.clear_px

    def box(rect: Rect) -> Box:
        return Box(*pixel_box(rect, spec.width, spec.height))

    # A logo goes in the logo's box, or, with no box of its own, in the site line's place;
    # any card may bring one (a brand kit's), so its place is kept clear on every card.
    logo = ("logo.box", box(spec.logo.box)) if spec.logo.box is not None else (
        "site.box", box(spec.texts["site"].box))
    drops_site = spec.logo.box is None or spec.logo.replaces_site
    others = {f"{role}.box": box(style.box) for role, style in spec.texts.items()
              if not (role == "site" and drops_site)}
    if spec.portrait is not None:
        others["portrait.box"] = box(spec.portrait.box)
        for role in spec.portrait.push:
            if f"{role}.box" in others:
                others[f"{role}.box beside the speaker photo"] = box(
                    spec.with_portrait()[role].box)
    others |= {f"rules[{i}].box": box(rule.box) for i, rule in enumerate(spec.rules)}
    for i, glyph in enumerate(spec.glyphs):
        x0, y0, x1, y1, _, _ = glyph_box(glyph, spec)
        others[f"glyphs[{i}]"] = Box(x0, y0, x1 - x0, y1 - y0)
    pairs = [(logo, item) for item in others.items()]
    pairs += [(("qr.box", box(spec.qr.box)), item) for item in others.items()]
    pairs.append((logo, ("qr.box", box(spec.qr.box))))
    for (kept, around), (name, other) in pairs:
        apart = around.apart(other)
        if apart < clear:
            how = f"is {apart} px from" if apart > 0 else (
                "touches" if apart == 0 else "overlaps")
            what = "the logo" if kept != "qr.box" else "the QR code"
            raise TemplateError(
                f"{source}: {name} {how} {kept} at {spec.preset}, inside the {clear} px"
                f" kept clear around {what} (clear_space = {spec.clear_space:g} of the"
                f" short side); move one of them"
            )
