"""Drawing a `Layout` onto a Pillow image. Decides nothing: every position is the layout's."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from cards.files import bundled_dir
from cards.render.backdrop import Pictures, shown
from cards.render.layout import Layout, Logo, Portrait, QRBlock
from cards.render.qr import qr_matrix
from cards.text.faces import emoji_strike, get_font
from cards.text.fitting import Box, Span, TextBlock
from cards.text.measuring import emoji_size, letters

if TYPE_CHECKING:
    from PIL.Image import Image
    from PIL.ImageFont import FreeTypeFont

    from cards.design.model import Color


def paint_backdrop(layout: Layout, pictures: Pictures) -> Image:
    """The canvas before anything is drawn on it: a flat colour, a gradient, or the
    prepared photograph under its tint."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageMath  # lazy: keeps start-up fast

    size = (layout.width, layout.height)
    if layout.photo is not None and pictures.ground is not None:
        p = layout.photo
        behind = tuple((b.x, b.y, b.right, b.bottom) for b in p.behind)
        ground = shown(pictures, p.blur, p.scrim, behind, p.tint)
        return PILImage.blend(ground, PILImage.new("RGB", size, p.tint), p.alpha)
    g = layout.gradient
    if g is None:
        return PILImage.new("RGB", size, layout.background)
    if g.kind == "radial":
        # Pillow's radial gradient is 0 at the centre and 255 at the corners of its
        # square (about 181 at the middle of each side); stretched by the square root of
        # two and laid over the canvas's long side, the end colour is reached at the
        # middle of the short edges and held beyond.
        side = max(size)
        mask = PILImage.radial_gradient("L").point(lambda v: min(255, round(v * math.sqrt(2))))
        mask = mask.resize((side, side), PILImage.Resampling.BILINEAR)
        left, top = (side - size[0]) // 2, (side - size[1]) // 2
        mask = mask.crop((left, top, left + size[0], top + size[1]))
    else:
        # Each pixel's position along the gradient's direction, scaled so the canvas
        # corner where it starts is 0 and the one where it ends is 255.
        theta = math.radians(g.angle)
        sx = math.cos(theta) * (size[0] - 1) / 255  # px along the direction per step of x
        sy = math.sin(theta) * (size[1] - 1) / 255
        low = min(0.0, sx * 255) + min(0.0, sy * 255)
        high = max(0.0, sx * 255) + max(0.0, sy * 255)
        scale = 255 / ((high - low) or 1)
        across = PILImage.linear_gradient("L").rotate(90).resize(size).convert("F")
        down = PILImage.linear_gradient("L").resize(size).convert("F")
        mask = ImageMath.lambda_eval(
            lambda a: (a["x"] * sx + a["y"] * sy - low) * scale, x=across, y=down
        ).convert("L")
    start = PILImage.new("RGB", size, g.start)
    end = PILImage.new("RGB", size, g.end)
    return PILImage.composite(end, start, mask)


def paint(layout: Layout, pictures: Pictures) -> Image:
    """The card's pixels: everything where `layout` puts it, the pictures as prepared."""
    from PIL import ImageDraw  # lazy: keeps start-up fast

    image = paint_backdrop(layout, pictures)
    draw = ImageDraw.Draw(image)
    # Decorations first: they may sit behind content, never over it.
    for box, color in layout.rules:
        draw.rectangle((box.x, box.y, box.right - 1, box.bottom - 1), fill=color)
    for glyph in layout.glyphs:
        draw.text((glyph.x, glyph.baseline), glyph.text, fill=glyph.color, anchor="ls",
                  font=get_font(glyph.face, glyph.size), direction=glyph.direction)
    if layout.logo is not None and pictures.logo is not None:
        _paint_logo(image, layout.logo, pictures.logo, pictures.logo_key)
    if layout.portrait is not None and pictures.photo is not None:
        _paint_portrait(image, layout.portrait, pictures.photo, pictures.photo_key)
    blocks = list(layout.texts)
    if layout.qr is not None:
        _paint_qr(image, layout.qr)
        if layout.qr.label is not None:
            blocks.append(layout.qr.label)
    # Where each block's letters put ink: its box, and any ink drawn beyond it (an italic
    # f's hook at a line's end, a hanging mark, a Devanagari headstroke, Arabic marks).
    inked: list[Box] = []
    for block in blocks:
        area = block.box
        for line in block.lines:
            for span in line.spans:
                if span.face.strike:
                    drawn = _paint_emoji(image, span, line.baseline)
                elif span.tracking:
                    drawn = _paint_tracked(image, span, line.baseline, block.lang,
                                           block.features + span.features)
                elif span.text.strip():
                    drawn = _paint_span(image, span, line.baseline, block.lang,
                                        block.features + span.features)
                else:
                    continue
                area = area.joined(drawn)
        inked.append(area)
    return _as_palette(image, layout, blocks, inked) or image



V = TypeVar("V")


class _Kept(dict[tuple[object, ...], V]):
    """The last `size` things drawn, by everything that decides their pixels."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def made(self, key: tuple[object, ...], make: Callable[[], V]) -> V:
        if key not in self:
            if len(self) >= self.size:
                self.pop(next(iter(self)))
            self[key] = make()
        return self[key]


# Each span's drawn text: a batch sets the same headline, site line, attribution and QR
# label on every card of a story, and renders each once (rendering is most of a card's
# drawing time). At most some tens of MB: a quote line is up to a card wide.
_SPANS: _Kept[tuple[Image, int, int]] = _Kept(128)
# The spans drawn once so far, with the box their ink is in (from the pen position on
# the baseline). A span is kept in `_SPANS` the second time it is drawn: most are a
# quote's lines, drawn once, straight onto the card, which costs half of drawing a
# picture of the span to keep and setting it down.
_SEEN: _Kept[tuple[int, int, int, int]] = _Kept(512)


def _paint_span(image: Image, span: Span, baseline: int, lang: str,
                features: tuple[str, ...]) -> Box:
    """A run of text in one face, set on the baseline at the layout's pen position.
    Returns the box its ink is in."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw  # lazy: keeps start-up fast

    font = get_font(span.face, span.size)
    options: dict[str, Any] = {"anchor": "ls", "direction": span.direction,
                               "language": lang or None, "features": list(features) or None}
    key = (span.face, span.size, span.text, span.direction, lang, features, span.color)
    if key not in _SPANS and key not in _SEEN:
        left, top, right, bottom = _SEEN[key] = _ink_box(font, span.text, options)
        # embedded_color keeps a system font's colour layers (COLR) where it has them.
        ImageDraw.Draw(image).text((span.x, baseline), span.text, fill=span.color, font=font,
                                   embedded_color=True, **options)
        return Box(span.x + left, baseline + top, right - left, bottom - top)

    def drawn() -> tuple[Image, int, int]:
        left, top, right, bottom = _SEEN.get(key) or _ink_box(font, span.text, options)
        # Drawn in its colour over a clear ground, then set down through its own alpha.
        picture = PILImage.new("RGBA", (max(1, right - left), max(1, bottom - top)),
                               (*span.color, 0))
        ImageDraw.Draw(picture).text((-left, -top), span.text, fill=span.color, font=font,
                                     embedded_color=True, **options)
        return picture, left, top

    picture, left, top = _SPANS.made(key, drawn)
    image.paste(picture, (span.x + left, baseline + top), picture)
    return Box(span.x + left, baseline + top, picture.width, picture.height)


def _ink_box(font: FreeTypeFont, text: str, options: dict[str, Any]
             ) -> tuple[int, int, int, int]:
    """FreeType's box of `text` from the pen position on the baseline, in whole pixels:
    its advance and every pixel its letters ink."""
    left, top, right, bottom = font.getbbox(text, **options)
    return int(left), int(top), int(right), int(bottom)


# Tracked text is drawn this many times larger and scaled down, so that each letter lands
# at its fraction of a pixel: whole-pixel pens make the gaps between spaced-out capitals
# differ by a pixel in three, which the eye reads as "COURIE R".
_TRACK_SCALE = 4


def _paint_tracked(image: Image, span: Span, baseline: int, lang: str,
                   features: tuple[str, ...]) -> Box:
    """A span spaced out letter by letter: each grapheme cluster at the pen position
    the whole span's shaping gives it (kerning kept), plus the tracking after each
    letter before it; drawn at _TRACK_SCALE and reduced, then filled in its colour.
    Returns the box its ink is in."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw  # lazy: keeps start-up fast
    from uniseg.graphemecluster import grapheme_clusters  # type: ignore[import-untyped]

    k = _TRACK_SCALE
    big = get_font(span.face, span.size * k)
    ascent, descent = big.getmetrics()
    ascent = -(-ascent // k) * k  # the baseline on a whole pixel of the card
    pad = span.size  # room for ink beyond the advance (an italic's overhang)
    mask = PILImage.new("L", ((span.width + 2 * pad) * k, ascent + descent + k), 0)
    draw = ImageDraw.Draw(mask)
    feats = [f for f in features if f != "liga"] or None  # no ligatures across spacing
    done = ""
    letters_before = 0
    for cluster in grapheme_clusters(span.text):
        x = big.getlength(done, features=feats, language=lang or None) if done else 0.0
        x += letters_before * span.tracking * k
        draw.text((pad * k + round(x), ascent), cluster, font=big, fill=255, anchor="ls",
                  features=feats, language=lang or None)
        done += cluster
        letters_before += letters(cluster)
    small = mask.reduce(k)
    x, y = span.x - pad, baseline - ascent // k
    image.paste(span.color, (x, y, x + small.width, y + small.height), small)
    return Box(x, y, small.width, small.height)


# Pictures scaled for the card, by the file version they come from and the size drawn: a
# batch draws the same logo or photo on many cards, and scales it once.
_SCALED: _Kept[Image] = _Kept(16)


def _paint_logo(image: Image, logo: Logo, source: Image, key: object) -> None:
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    size = (logo.placed.w, logo.placed.h)
    picture = _SCALED.made(("logo", key, size),
                           lambda: source.resize(size, PILImage.Resampling.LANCZOS))
    image.paste(picture, (logo.placed.x, logo.placed.y), picture)


# Circles are drawn this many times larger and scaled down, for a smooth edge.
_SUPERSAMPLE = 4


@lru_cache(maxsize=16)
def _disc(side: int, inset: int = 0) -> Image:
    """A smooth-edged white disc on black, `inset` px in from each side of the square."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw  # lazy: keeps start-up fast

    big = PILImage.new("L", (side * _SUPERSAMPLE, side * _SUPERSAMPLE), 0)
    edge = inset * _SUPERSAMPLE
    ImageDraw.Draw(big).ellipse((edge, edge, big.width - 1 - edge, big.height - 1 - edge),
                                fill=255)
    return big.resize((side, side), PILImage.Resampling.LANCZOS)


def _portrait_image(photo: Image, side: int, focus: tuple[float, float]) -> Image:
    """The (upright) photo cropped to the largest square around `focus` and scaled to
    `side`, outside its circle transparent."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    square = min(photo.size)
    left = min(max(0.0, focus[0] * photo.width - square / 2), photo.width - square)
    top = min(max(0.0, focus[1] * photo.height - square / 2), photo.height - square)
    photo = photo.resize((side, side), PILImage.Resampling.LANCZOS,
                         box=(left, top, left + square, top + square))
    photo.putalpha(_disc(side))
    return photo


def _paint_portrait(image: Image, portrait: Portrait, source: Image, key: object) -> None:
    from PIL import ImageChops  # lazy: keeps start-up fast

    c = portrait.circle
    picture = _SCALED.made(("portrait", key, c.w, portrait.focus),
                           lambda: _portrait_image(source, c.w, portrait.focus))
    image.paste(picture, (c.x, c.y), picture)
    if portrait.ring is not None and portrait.ring_px > 0:
        ring = ImageChops.subtract(_disc(c.w), _disc(c.w, portrait.ring_px))
        image.paste(portrait.ring, (c.x, c.y, c.right, c.bottom), ring)


def _paint_emoji(image: Image, span: Span, baseline: int) -> Box:
    """A colour emoji font draws at one size only: draw there (cut to the ink, as it was
    measured), then scale the picture to the text's size and set it on the baseline.
    Returns the box it fills."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    glyphs, ascent = emoji_strike(span.face, span.text)
    strike = span.face.strike or span.size
    scale = emoji_size(span.size) / strike
    size = (max(1, round(glyphs.width * scale)), max(1, round(glyphs.height * scale)))
    glyphs = glyphs.resize(size, PILImage.Resampling.LANCZOS)
    top = baseline - round(ascent * scale)
    image.paste(glyphs, (span.x, top), glyphs)
    return Box(span.x, top, glyphs.width, glyphs.height)


def _as_palette(image: Image, layout: Layout, blocks: list[TextBlock], inked: list[Box]
                ) -> Image | None:
    """The card as an 8-bit palette image, or None where that would change it visibly.

    On a flat background every text pixel is a blend of the background and that text's
    one colour, so inside a text box the pixel is fixed by one channel's value. Each
    ink gets a ramp of palette steps from the background to it, and each pixel becomes
    the nearest step. A ramp has as many steps as keep every pixel within `_SHIFT` of
    255 levels of where it was drawn: only the soft edges of letters move, by less than
    the eye tells apart, and solid colours stay exact. The PNG, written as an exact
    palette image, encodes about four times faster and is half the size; fewer steps
    than the palette holds make it a tenth smaller again (fewer distinct edges to
    compress).
    """
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    if (layout.gradient is not None or layout.photo is not None or layout.logo is not None
            or layout.portrait is not None):
        return None  # a gradient or a picture has more colours than a palette holds
    # Colour emoji, or words of another colour inside a text box, break the one-ink-a-box
    # rule the lookup relies on: such a card stays RGB.
    # So do system fonts, which may carry colour layers the ramps know nothing of.
    bundled = bundled_dir("fonts")
    if any(span.face.strike or span.color != block.color
           or not span.face.path.is_relative_to(bundled)
           for block in blocks for line in block.lines for span in line.spans):
        return None
    if any(g.face.strike or not g.face.path.is_relative_to(bundled) for g in layout.glyphs):
        return None
    # A design's large glyph (bold's quotation mark) is one more ink over the page, in the
    # box its ink fills, with a pixel around it for its soft edge.
    marks = [(Box(g.ink.x - 1, g.ink.y - 1, g.ink.w + 2, g.ink.h + 2), g.color)
             for g in layout.glyphs]
    solids = [layout.background, *(color for _, color in layout.rules)]
    if layout.qr is not None:
        solids += [layout.qr.dark, layout.qr.light]
    solids = list(dict.fromkeys(solids))
    inks = list(dict.fromkeys([*(block.color for block in blocks),
                               *(color for _, color in marks)]))
    others = [box for box, _ in layout.rules]
    if layout.qr is not None:
        others.append(layout.qr.plate)
    # Ink over a decoration, or over ink of another colour, would be a blend of three
    # colours: keep RGB then. Each block's ink is looked for where it was drawn, past its
    # box too (`paint`): nothing a letter inks is left out.
    areas = [*zip(inked, (block.color for block in blocks), strict=True), *marks]
    if any(box.overlaps(other) for box, _ in areas for other in others) or any(
            box.overlaps(other) and color != other_color
            for i, (box, color) in enumerate(areas) for other, other_color in areas[i + 1:]):
        return None
    room = (256 - len(solids)) // max(1, len(inks))
    colors, ramps = _palette_colors(tuple(solids), tuple(inks), room)

    out = PILImage.new("P", image.size, 0)
    out.putpalette([c for rgb in colors for c in rgb])
    for box, color in layout.rules:
        out.paste(colors.index(color), (box.x, box.y, box.right, box.bottom))
    if layout.qr is not None:
        qr = layout.qr
        region = (qr.plate.x, qr.plate.y, qr.plate.right, qr.plate.bottom)
        channel, lut = _two_color_lut(qr.dark, qr.light, colors)
        out.paste(image.crop(region).getchannel(channel).point(lut), region[:2])
    for box, color in areas:
        region = (max(box.x, 0), max(box.y, 0), min(box.right, image.width),
                  min(box.bottom, image.height))
        if region[0] >= region[2] or region[1] >= region[3]:
            continue  # off the card: nothing of it is drawn
        channel, lut = ramps[color]
        out.paste(image.crop(region).getchannel(channel).point(lut), region[:2])
    return out


def _strongest_channel(a: Color, b: Color) -> int:
    return max(range(3), key=lambda c: abs(a[c] - b[c]))


# The most a palette card's pixel may differ, in any channel, from the card drawn in full
# colour (of 255 levels), at the soft edge of a letter: 1.6%, under what the eye tells
# apart there. A step of the ramp from a page to its ink is at most 2 * (_SHIFT - 0.5)
# levels wide: rounding the step's colour to whole levels takes the other half level.
_SHIFT = 4


@lru_cache(maxsize=32)
def _palette_colors(
    solids: tuple[Color, ...], inks: tuple[Color, ...], room: int
) -> tuple[list[Color], dict[Color, tuple[int, list[int]]]]:
    """The palette (solids, then a ramp per ink of at most `room` steps) and, per ink,
    the channel that tells its blends apart with the lookup table from that channel's
    value to a palette index."""
    background = solids[0]
    colors = list(solids)
    ramps = {}
    for ink in inks:
        first = len(colors)
        c = _strongest_channel(background, ink)
        steps = max(1, min(room, math.ceil(abs(ink[c] - background[c]) / (2 * _SHIFT - 1))))
        for k in range(1, steps + 1):
            r, g, b = (round(bg + (i - bg) * k / steps)
                       for bg, i in zip(background, ink, strict=True))
            colors.append((r, g, b))
        lut = []
        for value in range(256):
            t = (value - background[c]) / (ink[c] - background[c])
            k = min(steps, max(0, round(t * steps)))
            lut.append(0 if k == 0 else first + k - 1)
        ramps[ink] = (c, lut)
    return colors, ramps


def _two_color_lut(dark: Color, light: Color, colors: list[Color]) -> tuple[int, list[int]]:
    return _two_color_lut_of(dark, light, colors.index(dark), colors.index(light))


@lru_cache(maxsize=32)
def _two_color_lut_of(dark: Color, light: Color, dark_at: int, light_at: int
                      ) -> tuple[int, list[int]]:
    c = _strongest_channel(dark, light)
    middle = (dark[c] + light[c]) / 2
    brighter = light[c] > dark[c]
    near_light = [(value >= middle) if brighter else (value <= middle) for value in range(256)]
    return c, [light_at if lit else dark_at for lit in near_light]


def _paint_qr(image: Image, block: QRBlock) -> None:
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    matrix = qr_matrix(block.url)
    n, q, side = matrix.modules, block.quiet_modules, block.plate.w
    # One pixel a module first, quiet zone included, then scaled by a whole factor with
    # nearest-neighbour so every module is a crisp square of module_px pixels.
    mask = PILImage.new("L", (n + 2 * q, n + 2 * q), 0)
    mask.paste(PILImage.frombytes("L", (n, n), b"".join(matrix.rows).translate(_DARK)), (q, q))
    code = (n + 2 * q) * block.module_px
    mask = mask.resize((code, code), PILImage.Resampling.NEAREST)
    plate = PILImage.new("RGB", (side, side), block.light)
    at = block.inset
    plate.paste(block.dark, (at, at, at + code, at + code), mask)
    image.paste(plate, (block.plate.x, block.plate.y))


_DARK = bytes([0, 255] + [0] * 254)  # matrix byte 1 (a dark module) -> full mask
