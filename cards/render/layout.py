"""Placing every element of a card: the quote, attribution, headline, site, kicker, logo,
portrait and QR code.

`layout(spec, pictures)` is pure: it measures with cached fonts, looks at the prepared
pictures (never a file), and returns a frozen `Layout` that says where everything goes.
Painting only follows it, and tests read it (`--explain`). Setting each element's text
(sizes, lines, spans) is `text.fitting`'s.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct
from msgspec.structs import replace

from cards.design.model import Color, PortraitStyle, Rect, SizeSpec, TextStyle
from cards.design.rules import pixel_box
from cards.errors import LayoutError, named
from cards.files import plain_json
from cards.quotes.style import parse_emphasis
from cards.render.backdrop import Pictures, calm
from cards.render.clearance import keep_clear
from cards.render.glyphs import DrawnGlyph, led, place_glyphs
from cards.render.qr import MIN_MODULE_PX, QUIET_MODULES, module_px_for, qr_matrix
from cards.render.spec import CardSpec
from cards.text.breaking import prepare
from cards.text.faces import cap_height, face, get_font
from cards.text.fitting import (
    Box,
    Line,
    Setting,
    Span,
    TextBlock,
    chars_that_fit,
    fit_text,
    refuse_off_the_card,
    refuse_stacked,
    refuse_unbreakable,
    try_size,
)
from cards.text.languages import short_label, story_label
from cards.text.measuring import measure
from cards.text.placing import place
from cards.text.runs import chain

__all__ = ["Box", "Gradient", "Layout", "Line", "Portrait", "QRBlock", "Span",
           "TextBlock", "layout"]


class QRBlock(Struct, frozen=True):
    url: str
    box: Box  # the template's box for the code and its label
    plate: Box  # the light square: the code and its quiet zone
    modules: int
    module_px: int
    quiet_modules: int
    dark: Color
    light: Color
    label: TextBlock | None

    @property
    def inset(self) -> int:
        """Px between the plate's edge and the code's quiet zone: the plate is one size
        for the design, the code as large as whole modules allow inside it."""
        return (self.plate.w - (self.modules + 2 * self.quiet_modules) * self.module_px) // 2


class Gradient(Struct, frozen=True):
    kind: str  # "linear" or "radial"
    start: Color
    end: Color
    angle: float  # linear: degrees clockwise from pointing right


class Logo(Struct, frozen=True):
    path: Path
    box: Box  # the logo's box (the site line's, unless the template gives it one)
    placed: Box  # where the logo is drawn: fitted inside, aspect kept


class Portrait(Struct, frozen=True):
    """The speaker's photo, cut to a circle."""

    path: Path
    box: Box  # the template's box for it
    circle: Box  # the circle's bounding square
    focus: tuple[float, float]
    ring: Color | None
    ring_px: int


class Photo(Struct, frozen=True):
    """A picture behind the card, and the tint laid over it."""

    path: Path
    focus: tuple[float, float]
    blur: float  # px on a 1200 px card: the template's, more behind busy text
    tint: Color
    alpha: float  # the tint's opacity: the least at which every text keeps its contrast
    scrim: float = 0.0  # the tint's colour behind the text boxes, over a very busy picture
    behind: tuple[Box, ...] = ()  # the text boxes the scrim is behind, if there is one
    busyness: float = 0.0  # the busiest text box's, as painted (backdrop.BUSY_LIMIT)


class Layout(Struct, frozen=True):
    template: str
    preset: str
    width: int
    height: int
    background: Color
    rules: tuple[tuple[Box, Color], ...]
    texts: tuple[TextBlock, ...]
    qr: QRBlock | None
    gradient: Gradient | None = None  # None: the flat `background` colour
    photo: Photo | None = None
    logo: Logo | None = None
    glyphs: tuple[DrawnGlyph, ...] = ()  # decorations behind the content
    portrait: Portrait | None = None
    notes: tuple[str, ...] = ()  # what gave way to fit (a label set smaller, or left off)
    sticker: Box | None = None  # a story's clear place for the app's link sticker
    clear_space: int = 0  # px every element keeps from the logo and the QR plate

    def text(self, role: str) -> TextBlock | None:
        return next((t for t in self.texts if t.role == role), None)

    def content_boxes(self) -> dict[str, Box]:
        """Each content element's box (the QR code's includes its quiet zone and label)."""
        boxes = {t.role: t.box for t in self.texts}
        if self.logo is not None:
            boxes["logo"] = self.logo.box
        if self.portrait is not None:
            boxes["portrait"] = self.portrait.box
        if self.qr is not None:
            boxes["qr"] = self.qr.box
        if self.sticker is not None:
            boxes["link sticker"] = self.sticker
        return boxes

    def drawn(self) -> dict[str, Box]:
        """What each element draws, by name: the rules and the glyphs' ink as the template
        numbers them (rules[0], glyphs[0]), each text's lines and the quote's hanging
        mark, the speaker's circle, the logo as placed, the QR plate and its label, and
        a story's link sticker."""
        boxes = {f"rules[{i}]": box for i, (box, _) in enumerate(self.rules)}
        boxes |= {f"glyphs[{g.index}]": g.ink for g in self.glyphs}
        for block in self.texts:
            boxes[block.role] = block.extent
            if block.mark is not None:
                boxes[f"{block.role}'s opening mark"] = block.mark
        if self.portrait is not None:
            boxes["speaker photo"] = self.portrait.circle
        if self.logo is not None:
            boxes["logo"] = self.logo.placed
        if self.qr is not None:
            boxes["QR plate"] = self.qr.plate
            if self.qr.label is not None:
                boxes["QR label"] = self.qr.label.extent
        if self.sticker is not None:
            boxes["link sticker"] = self.sticker
        return boxes

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = plain_json(self)
        return result


# Presets that hold more words than each one, to suggest when a quote is too long.
_ROOMIER = {"landscape": ("portrait", "story"), "wide": ("portrait", "story"),
            "square": ("portrait", "story"), "portrait": ("story",)}


def _box(rect: Rect, width: int, height: int, rtl: bool) -> Box:
    x, y, w, h = pixel_box(rect, width, height)
    # A right-to-left card is the mirror image of its left-to-right design.
    return Box(width - x - w if rtl else x, y, w, h)


# Every card keeps this share of its short side clear at each edge (DESIGN.md).
MARGIN = 0.06


def _setting(role: str, style: TextStyle, spec: CardSpec, text: str,
             box: Box | None = None) -> Setting:
    emphasis: tuple[tuple[int, int], ...] = ()
    if role == "quote":
        text, emphasis = parse_emphasis(text)
    room = 1 << 16
    if box is not None:
        size = spec.template.size(spec.preset)
        margin = round(MARGIN * min(size.width, size.height))
        room = (size.width - margin - box.right) if spec.rtl else (box.x - margin)
    return Setting(role, chain(style.font, style.fallbacks), spec.lang, spec.rtl, emphasis,
                   style.features, hang=role == "quote" and style.align != "center",
                   room=max(0, room),
                   emphasis_face=face(style.emphasis_font) if style.emphasis_font else None,
                   tracking=style.letter_spacing)


def _quote_text(spec: CardSpec) -> str:
    return parse_emphasis(spec.quote)[0]


def _quote_fits(spec: CardSpec, preset: str) -> bool:
    size = spec.template.size(preset)
    style = size.texts["quote"]
    box = _box(style.box, size.width, size.height, spec.rtl)
    s = _setting("quote", style, spec, spec.quote, box)
    return fit_text(style, _quote_text(spec), box, s) is not None


def layout(spec: CardSpec, pictures: Pictures) -> Layout:
    """Decide every element's font size, lines and position for one card (pure: the
    pictures were read by `backdrop.prepare`; only their sizes and pixels count here)."""
    template = spec.template
    size = template.size(spec.preset)
    colors = template.colors
    where = f"{template.name}/{spec.preset}"

    def px(rect: Rect) -> Box:
        return _box(rect, size.width, size.height, spec.rtl)

    texts: list[TextBlock] = []
    notes: list[str] = []  # what gave way so that only the quote can refuse the card
    if spec.unattributed:
        notes.append(f"no speaker was found for the quote, so the card has no attribution;"
                     f" name one with {named('speaker')}")
    if spec.speaker_by_pronoun:
        notes.append(f"the speaker, {spec.speaker}, is who a pronoun in the article (“she"
                     f" said”) was taken to mean; check it, or name one with {named('speaker')}")

    quote_style = size.texts["quote"]
    quote_box = px(quote_style.box)
    s = _setting("quote", quote_style, spec, spec.quote, quote_box)
    quote = _quote_text(spec)
    fit = fit_text(quote_style, quote, quote_box, s)
    if fit is None:
        refuse_unbreakable(quote_style, quote, quote_box, s, where)
        refuse_stacked(quote_style, quote, quote_box, s, where)
        fits = chars_that_fit(quote_style, quote, quote_box, s)
        roomier = next((p for p in _ROOMIER.get(spec.preset, ()) if _quote_fits(spec, p)), None)
        taller = f", or use {named('size')} {roomier}, where it fits" if roomier else ""
        raise LayoutError(
            f"the quote is too long for {where}: {len(quote)} characters, and about {fits}"
            f" fit at the smallest size ({quote_style.size_min} px); shorten it with an"
            f" ellipsis (…) where words are left out{taller}"
        )
    texts.append(place("quote", quote, quote_style, fit, quote_box, colors, s))
    refuse_off_the_card(texts[-1], size.width, size.height, where)
    # Every other line of text stays well below the quote (DESIGN.md: the quote is the
    # hero): its capitals at most 1/HIERARCHY of the quote's, down to the legible minimum.
    quote_cap = cap_height(s.primary, fit.size)

    logo = None
    if size.logo.file is not None:
        if pictures.logo is None:
            raise LayoutError(f"{where}: the logo {size.logo.file} was not prepared")
        logo = _logo(size.logo.file, pictures.logo.size,
                     px(size.logo.box or size.texts["site"].box), size.logo.align, spec.rtl)
    portrait = None
    styles = size.texts
    if spec.photo is not None and size.portrait is not None:
        portrait = _portrait(spec.photo, size.portrait, px(size.portrait.box), colors, spec.rtl)
        styles = size.with_portrait()
    for role, value in (
        ("attribution", spec.speaker),
        ("headline", spec.headline),
        ("site", spec.site),
        ("kicker", spec.kicker),
    ):
        if not value or role not in styles or (
                role == "site" and logo is not None and size.logo.replaces_site):
            continue
        style = _below(styles[role], quote_cap)
        shown = _shown(style, value, spec.lang)
        box = px(style.box)
        s = _setting(role, style, spec, shown, box)
        fitted = fit_text(style, shown, box, s)
        # Only the quote may refuse a card: an element that does not fit is set smaller,
        # down to what stays legible; never cut with "…". A note says what gave way.
        smaller = replace(style, size_min=min(style.size_min, MIN_LABEL_PX))
        if fitted is None:
            fitted = fit_text(smaller, shown, box, s)
            if fitted is not None:
                notes.append(f"the {role} is set at {fitted.size} px at {where}, smaller"
                             f" than the design's {style.size_min} px, to fit")
                style = smaller
        name = _name_alone(value) if role == "attribution" else None
        if fitted is None and name:
            # "Name, role": the name alone still says who spoke.
            for choice in (style, smaller):
                named_only = _shown(choice, name, spec.lang)
                s = _setting(role, choice, spec, named_only, box)
                fitted = fit_text(choice, named_only, box, s)
                if fitted is not None:
                    at = f" at {fitted.size} px" if fitted.size < style.size_min else ""
                    notes.append(f"the attribution is shown as {name!r}{at} at {where}:"
                                 f" with its role ({value[len(name) + 1:].strip()!r}) it"
                                 " does not fit")
                    shown, style = named_only, choice
                    break
        if fitted is None and role != "attribution":
            notes.append(f"the {role} {value!r} does not fit at {where}; the card leaves"
                         " it off")
            continue
        if fitted is None:
            # A quote is never shown without who said it: a name too long to set even
            # alone at the smallest legible size is the one thing besides the quote
            # that refuses the card.
            option = named("speaker")
            if portrait is not None and role in size.texts and style != size.texts[role]:
                option += " (the speaker photo leaves it less room)"
            fits = _prefix_that_fits(smaller, shown, box, s) - len(style.prefix)
            raise LayoutError(
                f"the {role} {value!r} is too long for {where} even at {smaller.size_min}"
                f" px (about {max(0, fits)} characters fit); shorten it with {option}"
            )
        texts.append(place(role, shown, style, fitted, box, colors, s))

    qr_block = sticker = None
    if spec.sticker:
        # Kept clear for the app's link sticker, a wide pill: the code's row, as wide as
        # the quote's column.
        code, column = px(size.qr.box), px(quote_style.box)
        left = min(code.x, column.x)
        sticker = Box(left, code.y, max(code.right, column.right) - left, code.h)
    elif spec.url is not None:
        qr_block = _layout_qr(spec, size, px(size.qr.box), colors, where, notes, quote_cap)

    rules = tuple((px(rule.box), colors[rule.color]) for rule in size.rules)
    others = [b for b in (qr_block.box if qr_block else None, sticker) if b is not None]
    # The group moving down beside the code (or the sticker's place) stops the design's
    # clear space short of it.
    texts, portrait, rules = _flowed(texts, {r: px(st.box) for r, st in styles.items()},
                                     px(quote_style.box), portrait, rules, others,
                                     size.clear_px)
    ground = size.background
    gradient = photo = None
    if ground.kind == "image":
        photo = _photo(pictures, size, texts, qr_block, colors, where)
    elif ground.kind != "solid":
        # A mirrored (right-to-left) card mirrors its gradient's direction too.
        angle = (180 - ground.angle) % 360 if spec.rtl else ground.angle
        gradient = Gradient(ground.kind, colors[ground.start], colors[ground.end], angle)
    glyphs = place_glyphs(size, colors, spec.rtl, texts)
    if any(g.stands_for_mark for g in glyphs):
        texts = [led(t) if t.role == "quote" else t for t in texts]
    placed = Layout(
        template.name, spec.preset, size.width, size.height, colors["background"], rules,
        tuple(texts), qr_block, gradient, photo, logo, glyphs, portrait, tuple(notes),
        sticker, size.clear_px,
    )
    # Decorations keep the clear space around the logo and the code as drawn, or go.
    off, crowding = keep_clear(placed.drawn(), placed.clear_space, where)
    if not crowding:
        return placed
    return replace(placed, notes=(*placed.notes, *crowding),
                   rules=tuple(r for i, r in enumerate(rules) if f"rules[{i}]" not in off),
                   glyphs=tuple(g for g in glyphs if f"glyphs[{g.index}]" not in off))


# What may follow a name after a comma and still be part of it: "Ana Ruiz, Jr.".
_NAME_SUFFIX = re.compile(r"\s*(?:Jr|Sr|I{1,3}|IV|V|PhD|MD|QC|KC)\.?(?=,|$)")


def _name_alone(speaker: str) -> str | None:
    """The name of an attribution given as "Name, role" (or with an Arabic or CJK
    comma), without the role; None when there is no role to leave off."""
    cuts = [m.start() for m in re.finditer(r"[,،，]", speaker)] + [len(speaker)]
    keep = 0
    while keep + 1 < len(cuts) and _NAME_SUFFIX.fullmatch(speaker[cuts[keep] + 1:cuts[keep + 1]]):
        keep += 1
    name = speaker[:cuts[keep]].strip()
    return name if keep + 1 < len(cuts) and name else None


# The quote's capitals are at least this many times as tall as any other text's.
HIERARCHY = 1.5


def _largest_below(font: str, size: int, quote_cap: float) -> int:
    """The largest size up to `size` whose capitals are at most 1/HIERARCHY of the
    quote's, but never under MIN_LABEL_PX (nor over `size`)."""
    floor = min(size, MIN_LABEL_PX)
    while size > floor and cap_height(font, size) * HIERARCHY > quote_cap:
        size -= 1
    return size


def _below(style: TextStyle, quote_cap: float) -> TextStyle:
    """The style with its largest size kept under the quote (`_largest_below`)."""
    top = _largest_below(style.font, style.size_max, quote_cap)
    if top == style.size_max:
        return style
    return replace(style, size_max=top, size_min=min(style.size_min, top))


# The quote and its byline sit at the optical centre of the space the design gives them:
# of what they leave empty, this share goes above them and the rest below.
OPTICAL = 0.45
# And this share of it (up to one line of the quote) between the quote and its byline.
SPREAD = 0.2


def _flowed(
    texts: list[TextBlock], boxes: Mapping[str, Box], quote_box: Box,
    portrait: Portrait | None, rules: tuple[tuple[Box, Color], ...], others: list[Box],
    clear: int = 0,
) -> tuple[list[TextBlock], Portrait | None, tuple[tuple[Box, Color], ...]]:
    """The quote and what follows it in its column (the byline: attribution, headline,
    the speaker's photo and any rule between them and the quote) moved as one group to
    the optical centre of the space their boxes span. The design's boxes say where each
    may go; what decides where it is drawn is what it holds: a short quote does not
    leave a band of empty paper above it, and a card without a speaker or a headline has
    no hole where they would be. The byline keeps the design's gap below the quote and
    its own arrangement; each moved element's box becomes the space it fills."""
    quote = next(t for t in texts if t.role == "quote")
    below = [t for t in texts if t.role in ("attribution", "headline")
             and boxes[t.role].y >= quote_box.bottom - 1
             and boxes[t.role].x < quote_box.right and quote_box.x < boxes[t.role].right]
    byline_boxes = [boxes[t.role] for t in below]
    if portrait is not None:
        byline_boxes.append(portrait.box)
    gap_rules = [i for i, (box, _) in enumerate(rules)
                 if below and quote_box.bottom - 1 <= box.y
                 and box.bottom <= min(b.y for b in byline_boxes) + 1
                 and box.x < quote_box.right and quote_box.x < box.right]
    byline_boxes += [rules[i][0] for i in gap_rules]
    region_top = quote_box.y
    region_bottom = max([quote_box.bottom, *(b.bottom for b in byline_boxes)])
    # The byline as drawn: its members' ink and boxes, where the design put them.
    drawn = [t.extent for t in below] + [rules[i][0] for i in gap_rules]
    if portrait is not None:
        drawn.append(portrait.circle)
    byline_top = min((b.y for b in byline_boxes), default=quote_box.bottom)
    gap = byline_top - quote_box.bottom
    if drawn:
        # From the top of the byline's first box (the design's gap is kept from there)
        # to the lowest thing it draws.
        byline_h = max(b.bottom for b in drawn) - byline_top
    else:
        byline_h = gap = 0
    quote_h = quote.extent.h
    free = (region_bottom - region_top) - (quote_h + gap + byline_h)
    if free < 0:
        return texts, portrait, rules
    # Some of the space goes between the quote and its byline (up to a line of the
    # quote), so a short quote's byline does not cling to it across an empty page.
    spread = min(round(free * SPREAD), quote.line_height) if drawn else 0
    gap += spread
    free -= spread
    top = region_top + round(free * OPTICAL)
    # The quote is wider than its byline: it may not move down beside an element (the QR
    # code under a square card's quote) that its own box stops above.
    ceiling = min((b.y for b in others if b.y >= quote_box.bottom - 1
                   and b.x < quote.box.right and quote.box.x < b.right), default=None)
    if ceiling is not None:
        top = max(region_top, min(top, ceiling - clear - quote_h))
    # Nor may the byline (a rule under a square card's quote runs the column's width)
    # move down beside one: each member keeps `clear` px above any box it stood over.
    members = [t.extent for t in below] + [rules[i][0] for i in gap_rules] + (
        [portrait.circle] if portrait is not None else [])
    limits = [b.y - clear - (m.bottom - byline_top) - quote_h - gap
              for m in members for b in others
              if b.x < m.right and m.x < b.right and b.y >= m.bottom - 1]
    if limits:
        if min(limits) < region_top:  # the spread would push it there: give it back
            gap -= spread
            limits = [limit + spread for limit in limits]
        top = max(region_top, min(top, min(limits)))
    dq = top - quote.extent.y
    db = (top + quote_h + gap) - byline_top
    moved = {"quote": dq, **{t.role: db for t in below}}
    out = [_moved(t, moved[t.role]) if t.role in moved else t for t in texts]
    if portrait is not None:
        portrait = replace(portrait, box=_down(portrait.box, db), circle=_down(portrait.circle, db))
    rules = tuple((_down(box, db), color) if i in gap_rules else (box, color)
                  for i, (box, color) in enumerate(rules))
    return out, portrait, rules


def _down(box: Box, dy: int) -> Box:
    return Box(box.x, box.y + dy, box.w, box.h)


def _moved(block: TextBlock, dy: int) -> TextBlock:
    """The block `dy` px lower, its box now the band its lines fill."""
    extent = _down(block.extent, dy)
    return replace(
        block,
        lines=tuple(replace(line, baseline=line.baseline + dy) for line in block.lines),
        box=Box(block.box.x, extent.y, block.box.w, extent.h),
        extent=extent,
        mark=_down(block.mark, dy) if block.mark is not None else None,
    )


def _prefix_that_fits(style: TextStyle, text: str, box: Box, s: Setting) -> int:
    """How many characters of a short line fit its box at the smallest size."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if try_size(style, text[:mid], style.size_min, box, s) is not None:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _shown(style: TextStyle, value: str, lang: str) -> str:
    """A line's text as drawn: its prefix, and capitals if the template asks for them
    (Turkish and Azerbaijani dotted i becomes İ, not I)."""
    text = style.prefix + value
    if not style.uppercase:
        return text
    if lang.split("-")[0] in ("tr", "az"):
        text = text.replace("i", "İ")
    return text.upper()


def _portrait(path: Path, style: PortraitStyle, box: Box, colors: Mapping[str, Color],
              rtl: bool) -> Portrait:
    """The circle as wide as the box is short, at the box's start edge (the right on a
    right-to-left card), centred in the box's other direction."""
    side = min(box.w, box.h)
    x = box.right - side if rtl else box.x
    circle = Box(x, box.y + (box.h - side) // 2, side, side)
    focus = (1 - style.focus[0], style.focus[1]) if rtl else style.focus
    ring = colors[style.ring] if style.ring is not None else None
    ring_px = round(style.ring_width * side) if ring is not None else 0
    return Portrait(path, box, circle, focus, ring, ring_px)


def _logo(path: Path, pixels: tuple[int, int], box: Box, align: str, rtl: bool) -> Logo:
    """The logo as large as its box allows, its shape kept, aligned as the template says
    (mirrored on a right-to-left card) and centred in the box's height."""
    w, h = pixels
    scale = min(box.w / w, box.h / h)
    width, height = max(1, int(w * scale)), max(1, int(h * scale))
    if rtl:
        align = {"left": "right", "right": "left"}.get(align, align)
    x = {"left": box.x, "center": box.x + (box.w - width) // 2, "right": box.right - width}[align]
    return Logo(path, box, Box(x, box.y + (box.h - height) // 2, width, height))


def _photo(pictures: Pictures, size: SizeSpec, texts: list[TextBlock], qr: QRBlock | None,
           colors: Mapping[str, Color], where: str) -> Photo:
    """The picture behind the card and the least tint over it that keeps every text
    block at its contrast (4.5:1, or 3:1 for type over 40 px) on every pixel behind it."""
    ground = size.background
    picture, path = pictures.ground, pictures.ground_path
    if picture is None or path is None:
        raise LayoutError(
            f"{where} sets the quote over a picture, and there is none: pass"
            f" {named('image')} FILE, or give the article an image"
        )
    blocks = [*texts, *([qr.label] if qr is not None and qr.label is not None else [])]
    regions = [((b.box.x, b.box.y, b.box.right, b.box.bottom), b.color,
                3.0 if b.size > 40 else 4.5) for b in blocks]
    tint = colors[ground.tint]
    c = calm(pictures, regions, tint, ground.tint_min)
    return Photo(path, pictures.focus, c.blur, tint, round(c.alpha, 3), c.scrim,
                 tuple(b.box for b in blocks) if c.scrim else (), round(c.busyness, 2))


# The QR plate's side is at most this share of the card's short side: it serves the
# quote, and outweighs it at thumbnail size when larger.
PLATE_SHARE = 0.26

# The smallest a label is set to fit (DESIGN.md: no text under 22 px on a 1200 px card).
MIN_LABEL_PX = 22


def _layout_qr(
    spec: CardSpec, size: SizeSpec, box: Box, colors: Mapping[str, Color], where: str,
    notes: list[str], quote_cap: float = 1e9,
) -> QRBlock:
    """The plate is the largest whole-module square that leaves room for the label below
    it; plate and label sit together at the bottom of the box, aligned as the template
    says (mirrored on a right-to-left card)."""
    assert spec.url is not None
    qr = size.qr
    text = story_label(qr.label, spec.lang)
    matrix = qr_matrix(spec.url)
    label_h = 0
    if text:  # the design's label size: the plate is the same whatever the quote's
        ascent, descent = get_font(qr.label_font, qr.label_size).getmetrics()
        label_h = ascent + descent + round(qr.label_gap * size.height)
    qr = replace(qr, label_size=_largest_below(qr.label_font, qr.label_size, quote_cap))
    # One plate for the design and preset, whatever the URL: as large as the box allows
    # up to PLATE_SHARE of the short side, the code's whole modules centred in it. Only a
    # URL too long for that plate at MIN_MODULE_PX (with tracking parameters, say) gets
    # a larger one, up to the box, rather than no card.
    room = min(box.w, box.h - label_h)
    side = min(room, round(PLATE_SHARE * min(size.width, size.height)))
    if side // matrix.size < MIN_MODULE_PX:
        side = min(room, matrix.size * MIN_MODULE_PX)
    module_px = module_px_for(matrix, side, where)
    align: str = qr.align
    if spec.rtl:
        align = {"left": "right", "right": "left", "center": "center"}[align]
    across = {"left": 0, "center": (box.w - side) // 2, "right": box.w - side}[align]
    plate = Box(box.x + across, box.bottom - label_h - side, side, side)
    label = None
    if text:
        style = TextStyle(
            Rect(0, 0, 1, 1), qr.label_font, qr.label_size, qr.label_size, 1.0, 1,
            qr.label_color, "center", "bottom",
        )
        s = Setting("QR label", chain(qr.label_font), spec.lang, spec.rtl)
        # The label is centred under the plate, whichever way the plate is aligned.
        label_box = Box(box.x, plate.bottom, box.w, box.bottom - plate.bottom)
        if align != "center":
            width = sum(u.width for u in measure(
                prepare(text, s.faces, s.role, s.lang), s.primary, qr.label_size, False))
            left = max(box.x, min(plate.x + (side - width) // 2, box.right - width))
            label_box = Box(left, plate.bottom, width, box.bottom - plate.bottom)
        # Only the quote may refuse a card: a label that does not fit is set smaller (no
        # smaller than a label stays legible), then in English, then left off, and the
        # note says which.
        english = story_label(qr.label, "en")
        shorter = short_label(qr.label, spec.lang) or text
        attempts = dict.fromkeys((text, shorter, english))
        for attempt in attempts:
            smallest = min(qr.label_size, MIN_LABEL_PX)
            style = replace(style, size_min=smallest)
            own = attempt != english or text == english
            s = Setting("QR label", chain(qr.label_font), spec.lang if own else "en",
                        spec.rtl if own else False)
            fit = fit_text(style, attempt, label_box, s)
            if fit is None:
                continue
            label = place("qr_label", attempt, style, fit, label_box, colors, s)
            if attempt == shorter != text:
                notes.append(f"the QR label {text!r} does not fit under the code at {where};"
                             f" it is shortened to {attempt!r}")
            elif attempt != text:
                notes.append(f"the QR label {text!r} does not fit under the code at {where};"
                             f" it is in English ({attempt!r})")
            elif fit.size < qr.label_size:
                notes.append(f"the QR label {text!r} is set at {fit.size} px at {where}, not"
                             f" {qr.label_size} px, to fit under the code")
            break
        else:
            notes.append(f"the QR label {text!r} does not fit under the code at {where}; the"
                         " card has none")
    return QRBlock(
        spec.url, box, plate, matrix.modules, module_px, QUIET_MODULES, colors["qr_dark"],
        colors["qr_light"], label,
    )


