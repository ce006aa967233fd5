"""Checks a template must pass at every preset: image and font files, contrast, geometry.

Pure functions over the parsed values, apart from proving that a named picture or font
can be read; `parse` calls them while it parses, so every message names the template's
file and the key to change.
"""

from __future__ import annotations

import struct
import warnings
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cards.errors import ContrastError, LogoContrastError, TemplateError
from cards.text.faces import coverage, read_cmap
from cards.text.fitting import ink_box

if TYPE_CHECKING:
    from cards.design.model import Color, Glyph, Rect, SizeSpec
    from cards.text.faces import Face


# WCAG 2.x: 4.5:1 for body text; 7:1 is what we ask of QR modules against their plate,
# so that cheap phone cameras read them in poor light.
MIN_TEXT_CONTRAST = 4.5
MIN_LARGE_CONTRAST = 3.0
MIN_QR_CONTRAST = 7.0
# A 300-byte URL at error correction M needs QR version 13 (ISO/IEC 18004's capacity
# table: version 12 holds 287 bytes, 13 holds 331), 69 modules a side, 77 with the
# four-module quiet zone on each side.
LONG_URL_MODULES = 77


def luminance(color: Color) -> float:
    """WCAG 2.x relative luminance."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in color)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Color, b: Color) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Pictures a template may use, and the most pixels one may have (a bigger one is a
# mistake, or an attack: decoding 40 megapixels already takes some 120 MB).
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP")
MAX_IMAGE_PIXELS = 40_000_000


def check_image(path: Path, where: str) -> Path:
    """An image file's path, if it is a PNG, JPEG or WebP of at most 40 megapixels that
    decodes whole. The size is read from the header before anything is decoded; the
    pixels are then decoded once per version of the file, so a truncated or damaged
    picture is refused here, before any card is planned with it."""
    if path.is_dir():
        raise TemplateError(f"{where}: {path} is a folder, not a picture")
    if not path.is_file():
        raise TemplateError(f"{where}: {path} does not exist")
    info = path.stat()
    problem = _image_problem(path, info.st_mtime_ns, info.st_size)
    if problem:
        raise TemplateError(f"{where}: {path} {problem}")
    return path


@lru_cache(maxsize=64)
def _image_problem(path: Path, mtime: int, size: int) -> str | None:
    from PIL import Image, UnidentifiedImageError  # lazy: keeps start-up fast

    try:
        # The header first: a picture too large is refused before Pillow's own guard
        # (which raises on very large ones) or any decoding.
        with warnings.catch_warnings():
            # Pillow warns of a large picture as it opens it: refused below, in words.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            kind, (w, h) = image.format, image.size
            if kind not in IMAGE_FORMATS:
                return f"is {kind}; use PNG, JPEG or WebP"
            if w * h > MAX_IMAGE_PIXELS:
                return (f"is {w} x {h} ({w * h / 1e6:.0f} megapixels); the limit is"
                        f" {MAX_IMAGE_PIXELS // 1_000_000}")
            image.load()
    except Image.DecompressionBombError:  # Pillow's own guard, for the very largest
        return f"is far more than {MAX_IMAGE_PIXELS // 1_000_000} megapixels, the limit"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as e:
        reason = str(e).split(" (")[0] if isinstance(e, OSError) and str(e) else ""
        if isinstance(e, UnidentifiedImageError) or not reason:
            return "is not a picture cards can read (PNG, JPEG or WebP)"
        return f"cannot be read: {reason}"
    return None


def check_font(path: Path, where: str) -> str:
    """A template's font file, as the absolute path its `TextStyle` keeps, if FreeType
    can load it and fontTools can read which characters it has."""
    from fontTools.ttLib import TTLibError  # type: ignore[import-untyped]

    if not path.is_file():
        raise TemplateError(f"{where}: {path} does not exist")
    file, stat = path.resolve(), path.stat()
    try:
        _load_font(file, stat.st_size, stat.st_mtime_ns)
    except (*_FONT_ERRORS, TTLibError) as e:
        if str(e).startswith("draws nothing"):
            raise TemplateError(f"{where}: {path} {e}, though it lists it: the file is"
                                " damaged (cut short?); use a whole copy") from e
        raise TemplateError(f"{where}: {path} is not a font FreeType can read") from e
    return str(file)


# What a damaged font makes fontTools raise besides its own TTLibError: it reads tables
# as plain structs and asserts as it goes. Pillow raises OSError.
_FONT_ERRORS = (OSError, EOFError, ValueError, KeyError, IndexError, AssertionError,
                struct.error)


@lru_cache(maxsize=64)
def _load_font(path: Path, size: int, mtime_ns: int) -> None:
    """Loads the font once per version of the file (a template is parsed once per
    preset); the size and time are only the cache's key."""
    from PIL import ImageFont  # lazy: keeps start-up fast


    font = ImageFont.truetype(str(path), 20)
    have = read_cmap(path)
    # The outlines, not only the character map: a font cut off after its map loads, and
    # draws nothing. Letters and digits it says it has must leave ink.
    sample = [chr(cp) for cp in sorted(have) if chr(cp).isalnum()][:24]
    blank = next((c for c in sample if font.getmask(c).getbbox() is None), None)
    if blank is not None:
        raise ValueError(f"draws nothing for {blank!r}")


def pixel_box(rect: Rect, width: int, height: int) -> tuple[int, int, int, int]:
    """The rectangle in whole pixels: (x, y, w, h)."""
    x, y = round(rect.x * width), round(rect.y * height)
    return x, y, round((rect.x + rect.w) * width) - x, round((rect.y + rect.h) * height) - y


# Graphics (a logo) need 3:1 against what is around them: WCAG 2.1, 1.4.11.
MIN_GRAPHIC_CONTRAST = 3.0


def _check_apart(boxes: Mapping[str, Rect], preset: str, source: str, case: str = "") -> None:
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            ra, rb = boxes[a], boxes[b]
            apart_x = ra.x + ra.w <= rb.x or rb.x + rb.w <= ra.x
            apart_y = ra.y + ra.h <= rb.y or rb.y + rb.h <= ra.y
            if not (apart_x or apart_y):
                raise TemplateError(
                    f"{source}: {a}.box and {b}.box overlap at {preset}{case}; move one of them"
                )


def check_spec(spec: SizeSpec, colors: Mapping[str, Color], source: str) -> None:
    boxes = {role: style.box for role, style in spec.texts.items()} | {"qr": spec.qr.box}
    _check_apart(boxes, spec.preset, source)
    if spec.logo.box is not None:  # and as it is on a card with a logo
        with_logo = {k: v for k, v in boxes.items()
                     if not (k == "site" and spec.logo.replaces_site)}
        _check_apart(with_logo | {"logo": spec.logo.box}, spec.preset, source)
        boxes = with_logo | {"logo": spec.logo.box}
    if spec.portrait is not None:
        pushed = spec.with_portrait()
        for role in spec.portrait.push:
            if pushed[role].box.w < 0.05:
                raise TemplateError(
                    f"{source}: portrait.push: {role}.box has no room left beside the portrait"
                    f" at {spec.preset}; make portrait.box narrower or {role}.box wider"
                )
        beside = {role: style.box for role, style in pushed.items() if role in boxes}
        _check_apart({**boxes, **beside, "portrait": spec.portrait.box}, spec.preset, source,
                     " with a speaker photo")
    # Over a gradient, text must read against both of its ends (and so everything between).
    grounds = {spec.background.start, spec.background.end}
    if spec.background.kind == "solid":
        grounds = {"background"}
    elif spec.background.kind == "image":
        # Over a picture the tint is strengthened until the text reads; it must read on
        # the tint itself, or no strength would do.
        grounds = {spec.background.tint}
    for role, style in spec.texts.items():
        # Only the quote's *emphasis* markup is drawn in the emphasis colour.
        pairs = [("color", style.color)] + ([("emphasis", style.emphasis)] if role == "quote"
                                             else [])
        for key, color in pairs:
            ratio = min(contrast(colors[color], colors[g]) for g in grounds)
            # Large type may be lighter: 3:1 where even the smallest size is over 40 px.
            needed = MIN_LARGE_CONTRAST if style.size_min > 40 else MIN_TEXT_CONTRAST
            if ratio < needed:
                raise ContrastError(
                    f"{source}: {role}.{key}: {color} on the background has contrast "
                    f"{ratio:.2f}:1, below WCAG AA {needed}:1 (at {spec.preset}); change"
                    f" colors.{color} or {role}.{key}",
                    color, tuple(sorted(grounds)), ratio, needed, f"{role}.{key}", spec.preset,
                )
    if spec.logo.file is not None:
        check_logo(spec.logo.file, [colors[g] for g in grounds], f"{source}: logo.file")
    for i, glyph in enumerate(spec.glyphs):
        check_glyph(i, glyph, spec, colors, source)
    qr = spec.qr
    width_px = qr.box.w * spec.width
    height_px = qr.box.h * spec.height - qr.label_size * 1.4 - qr.label_gap * spec.height
    needed_px = 2 * LONG_URL_MODULES
    if min(width_px, height_px) < needed_px:
        raise TemplateError(
            f"{source}: qr.box at {spec.preset} leaves {int(min(width_px, height_px))} px for the"
            f" code; a 300-character URL needs {needed_px} px (2 px a module, quiet zone"
            " included)"
        )
    ratio = contrast(colors["qr_dark"], colors["qr_light"])
    if ratio < MIN_QR_CONTRAST:
        raise TemplateError(
            f"{source}: colors.qr_dark on colors.qr_light has contrast {ratio:.2f}:1; "
            f"a QR code needs at least {MIN_QR_CONTRAST}:1"
        )


# What a glyph that is the quote's own opening mark is measured with when a template is
# checked (unless the quote has marks of the house's): the mark depends on the card's
# language.
STAND_IN_MARK = "\u201c"


def glyph_text(glyph: Glyph, spec: SizeSpec) -> str:
    """The glyph's text, or the mark it stands for as far as the template can tell."""
    marks = spec.texts["quote"].marks
    return glyph.text or (marks[0] if marks and marks[0] else STAND_IN_MARK)


def glyph_font(glyph: Glyph, spec: SizeSpec, text: str) -> str | None:
    """The font a glyph is drawn in: its own, else the first of the quote's (its font,
    then its fallbacks) that has every character of `text`; None if none has them."""
    if glyph.font is not None:
        return glyph.font
    quote = spec.texts["quote"]
    return next((f for f in (quote.font, *quote.fallbacks)
                 if all(ord(c) in coverage(f) for c in text)), None)


# No glyph is set larger than the tallest card: a mark whose ink is a sliver (a dash, a
# dot) asked to be tall would otherwise be drawn thousands of px large.
LARGEST_GLYPH_PX = 1920


@lru_cache(maxsize=64)
def lead_size(font: str | Face, text: str, height: int) -> int:
    """The largest type size, up to LARGEST_GLYPH_PX, at which `text`'s ink is at most
    `height` px tall."""
    def tall(size: int) -> int:
        top, bottom = ink_box(font, size, text)[1::2]
        return bottom - top

    low, high = 1, LARGEST_GLYPH_PX
    while low < high:  # the ink grows with the size, a px at a time
        middle = (low + high + 1) // 2
        low, high = (middle, high) if tall(middle) <= height else (low, middle - 1)
    return low


def glyph_box(glyph: Glyph, spec: SizeSpec) -> tuple[int, int, int, int, int, int]:
    """Where a glyph's ink goes on the canvas, and its pen position: (x0, y0, x1, y1, pen
    x, baseline). A glyph that leads the quote is shown where it sits when the quote's
    first line is at the top of its box, the highest it goes: the band of its height
    above the box (its left edge on the box's; the quote's opening mark hangs a little
    further out)."""
    text = glyph_text(glyph, spec)
    font = glyph_font(glyph, spec, text) or spec.texts["quote"].font
    if glyph.at is None:
        height = round(glyph.height * spec.height)
        left, _, right, _ = ink_box(font, lead_size(font, text, height), text)
        quote = pixel_box(spec.texts["quote"].box, spec.width, spec.height)
        x0, y1 = quote[0], quote[1] - round(glyph.gap * spec.height)
        return x0, y1 - height, x0 + right - left, y1, x0 - left, y1
    left, top, right, bottom = ink_box(font, max(1, round(glyph.size * spec.height)), text)
    x0, y0 = round(glyph.at[0] * spec.width), round(glyph.at[1] * spec.height)
    return x0, y0, x0 + right - left, y0 + bottom - top, x0 - left, y0 - top


def check_glyph(i: int, glyph: Glyph, spec: SizeSpec, colors: Mapping[str, Color],
                 source: str) -> None:
    where = f"{source}: glyphs[{i}]"
    text = glyph_text(glyph, spec)
    font = glyph_font(glyph, spec, text)
    if font is None and glyph.text is not None:  # (the quote's own mark is drawn by the
        # face that draws it in the quote, a fallback's or the system's if need be)
        quote = spec.texts["quote"]
        char = next(c for c in text if not any(ord(c) in coverage(f)
                                               for f in (quote.font, *quote.fallbacks)))
        raise TemplateError(f"{where}.text: the quote's font \"{Path(quote.font).stem}\" has"
                            f" no {char!r} (at {spec.preset}); give the glyph a font that has")
    missing = [c for c in text if font is not None and ord(c) not in coverage(font)]
    if missing:
        raise TemplateError(f"{where}.text: font \"{glyph.font}\" has no {missing[0]!r}")
    x0, y0, x1, y1, _, _ = glyph_box(glyph, spec)
    if glyph.at is None and y0 < 0:
        raise TemplateError(f"{where}: at {spec.preset} the glyph has no room above the"
                            " quote (it would run off the top); make it smaller or move"
                            " quote.box down")
    if x0 < 0 or y0 < 0 or x1 > spec.width or y1 > spec.height:
        raise TemplateError(f"{where}: at {spec.preset} the glyph runs off the canvas;"
                            " move it in or make it smaller")
    # Behind text, a glyph is part of the ground that text must read against. One that
    # leads the quote sits above its first line, never behind it.
    for role, style in spec.texts.items():
        if role == "quote" and glyph.at is None:
            continue
        bx, by, bw, bh = pixel_box(style.box, spec.width, spec.height)
        if bx < x1 and x0 < bx + bw and by < y1 and y0 < by + bh:
            needed = MIN_LARGE_CONTRAST if style.size_min > 40 else MIN_TEXT_CONTRAST
            ratio = contrast(colors[style.color], colors[glyph.color])
            if ratio < needed:
                raise TemplateError(
                    f"{where}.color: {role} text sits over the glyph at {spec.preset}, and"
                    f" {style.color} on {glyph.color} has contrast {ratio:.2f}:1, below"
                    f" {needed}:1"
                )


def logo_ink(path: Path) -> Color | None:
    """A logo's typical colour: the median, by luminance, of its opaque pixels; None for
    a logo with no transparency (it brings its own ground, so its contrast is its own).
    Worked out once per version of the file, not once per preset and template."""
    info = path.stat()
    return _logo_ink(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=32)
def _logo_ink(path: Path, mtime: int, size: int) -> Color | None:
    from PIL import Image  # lazy: keeps start-up fast

    with Image.open(path) as source:
        picture = source.convert("RGBA")
    picture.thumbnail((128, 128))
    raw = picture.tobytes()
    pixels = [(raw[i], raw[i + 1], raw[i + 2]) for i in range(0, len(raw), 4) if raw[i + 3] >= 128]
    if len(pixels) == picture.width * picture.height or not pixels:
        return None
    pixels.sort(key=luminance)
    return pixels[len(pixels) // 2]


def check_logo(path: Path, grounds: list[Color], where: str) -> None:
    ink = logo_ink(path)
    if ink is None:
        return
    ratio = min(contrast(ink, g) for g in grounds)
    if ratio < MIN_GRAPHIC_CONTRAST:
        hex_ink = "#" + bytes(ink).hex().upper()
        raise LogoContrastError(
            f"{where}: {path.name} (mostly {hex_ink}) has contrast {ratio:.2f}:1 on the"
            " background, below the 3:1 a logo needs; use a version made for this"
            " background (logo_dark in a brand kit for dark designs)",
            ratio, ink,
        )
