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
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from cards.design.model import Color, PortraitStyle, Rect, SizeSpec, TextStyle
from cards.design.rules import glyph_box, pixel_box
from cards.errors import LayoutError, named
from cards.files import plain_json
from cards.quotes.style import parse_emphasis
from cards.render.backdrop import Pictures, tint_needed
from cards.render.qr import QUIET_MODULES, module_px_for, qr_matrix
from cards.render.spec import CardSpec
from cards.text.breaking import measure, prepare
from cards.text.faces import Face, face, get_font
from cards.text.fitting import (
    Box,
    Line,
    Setting,
    Span,
    TextBlock,
    chars_that_fit,
    fit_text,
    refuse_unbreakable,
    try_size,
)
from cards.text.languages import short_label, story_label
from cards.text.placing import place
from cards.text.runs import chain

__all__ = ["Box", "Gradient", "Layout", "Line", "Portrait", "QRBlock", "Span",
           "TextBlock", "layout"]


@dataclass(frozen=True)
class QRBlock:
    url: str
    box: Box  # the template's box for the code and its label
    plate: Box  # the light square: the code and its quiet zone
    modules: int
    module_px: int
    quiet_modules: int
    dark: Color
    light: Color
    label: TextBlock | None


@dataclass(frozen=True)
class Gradient:
    kind: str  # "linear" or "radial"
    start: Color
    end: Color
    angle: float  # linear: degrees clockwise from pointing right


@dataclass(frozen=True)
class DrawnGlyph:
    text: str
    font: str  # the face's name: a font file's is its stem
    size: int
    x: int  # pen position
    baseline: int
    ink: Box
    color: Color
    face: Face


@dataclass(frozen=True)
class Logo:
    path: Path
    box: Box  # the logo's box (the site line's, unless the template gives it one)
    placed: Box  # where the logo is drawn: fitted inside, aspect kept


@dataclass(frozen=True)
class Portrait:
    """The speaker's photo, cut to a circle."""

    path: Path
    box: Box  # the template's box for it
    circle: Box  # the circle's bounding square
    focus: tuple[float, float]
    ring: Color | None
    ring_px: int


@dataclass(frozen=True)
class Photo:
    """A picture behind the card, and the tint laid over it."""

    path: Path
    focus: tuple[float, float]
    blur: float
    tint: Color
    alpha: float  # the tint's opacity: the least at which every text keeps its contrast


@dataclass(frozen=True)
class Layout:
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
        return boxes

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = plain_json(asdict(self))
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

    quote_style = size.texts["quote"]
    quote_box = px(quote_style.box)
    s = _setting("quote", quote_style, spec, spec.quote, quote_box)
    quote = _quote_text(spec)
    fit = fit_text(quote_style, quote, quote_box, s)
    if fit is None:
        refuse_unbreakable(quote_style, quote, quote_box, s, where)
        fits = chars_that_fit(quote_style, quote, quote_box, s)
        roomier = next((p for p in _ROOMIER.get(spec.preset, ()) if _quote_fits(spec, p)), None)
        taller = f", or use {named('size')} {roomier}, where it fits" if roomier else ""
        raise LayoutError(
            f"the quote is too long for {where}: {len(quote)} characters, and about {fits}"
            f" fit at the smallest size ({quote_style.size_min} px); shorten it with an"
            f" ellipsis (…) where words are left out{taller}"
        )
    texts.append(place("quote", quote, quote_style, fit, quote_box, colors, s))

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
        style = styles[role]
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

    qr_block = None
    if spec.url is not None:
        qr_block = _layout_qr(spec, size, px(size.qr.box), colors, where, notes)

    rules = tuple((px(rule.box), colors[rule.color]) for rule in size.rules)
    ground = size.background
    gradient = photo = None
    if ground.kind == "image":
        photo = _photo(pictures, size, texts, qr_block, colors, where)
    elif ground.kind != "solid":
        # A mirrored (right-to-left) card mirrors its gradient's direction too.
        angle = (180 - ground.angle) % 360 if spec.rtl else ground.angle
        gradient = Gradient(ground.kind, colors[ground.start], colors[ground.end], angle)
    return Layout(
        template.name, spec.preset, size.width, size.height, colors["background"], rules,
        tuple(texts), qr_block, gradient, photo, logo, _glyphs(size, colors, spec.rtl),
        portrait, tuple(notes),
    )


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


def _glyphs(size: SizeSpec, colors: Mapping[str, Color], rtl: bool) -> tuple[DrawnGlyph, ...]:
    drawn = []
    for glyph in size.glyphs:
        x0, y0, x1, y1, pen, baseline = glyph_box(glyph, size.width, size.height)
        if rtl:  # mirrored with the rest of the design
            shift = size.width - x1 - x0
            x0, x1, pen = x0 + shift, x1 + shift, pen + shift
        f = face(glyph.font)
        drawn.append(DrawnGlyph(glyph.text, f.name, max(1, round(glyph.size * size.height)),
                                pen, baseline, Box(x0, y0, x1 - x0, y1 - y0),
                                colors[glyph.color], f))
    return tuple(drawn)


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
    alpha = tint_needed(picture, regions, tint, ground.tint_min)
    return Photo(path, pictures.focus, pictures.blur, tint, round(alpha, 3))


# The smallest a label is set to fit (DESIGN.md: no text under 22 px on a 1200 px card).
MIN_LABEL_PX = 22


def _layout_qr(
    spec: CardSpec, size: SizeSpec, box: Box, colors: Mapping[str, Color], where: str,
    notes: list[str],
) -> QRBlock:
    """The plate is the largest whole-module square that leaves room for the label below
    it; plate and label sit together at the bottom of the box, aligned as the template
    says (mirrored on a right-to-left card)."""
    assert spec.url is not None
    qr = size.qr

    text = story_label(qr.label, spec.lang)
    matrix = qr_matrix(spec.url)
    label_h = 0
    label_font = get_font(qr.label_font, qr.label_size)
    if text:
        ascent, descent = label_font.getmetrics()
        label_h = ascent + descent + round(qr.label_gap * size.height)
    module_px = module_px_for(matrix, min(box.w, box.h - label_h), where)
    side = matrix.plate_px(module_px)
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


