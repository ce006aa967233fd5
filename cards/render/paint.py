"""Drawing a `Layout` onto a Pillow image. Decides nothing: every position is the layout's."""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cards.files import bundled_dir
from cards.render.backdrop import Pictures, shown
from cards.render.kept import Kept
from cards.render.layout import Gradient, Layout, Logo, Portrait, QRBlock
from cards.render.qr import qr_matrix
from cards.text.faces import emoji_strike, get_font
from cards.text.fitting import Box, Span, TextBlock
from cards.text.measuring import emoji_size, letters

if TYPE_CHECKING:
    from PIL.Image import Image

    from cards.design.model import Color
    from cards.render.glyphs import DrawnGlyph


def paint_backdrop(layout: Layout, pictures: Pictures) -> Image:
    """The canvas before anything is drawn on it: a flat colour, a gradient, or the
    prepared photograph under its tint."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    size = (layout.width, layout.height)
    if layout.photo is not None and pictures.ground is not None:
        p = layout.photo
        behind = tuple((b.x, b.y, b.right, b.bottom) for b in p.behind)

        def tinted() -> Image:
            ground = shown(pictures, p.blur, p.scrim, behind, p.tint)
            return PILImage.blend(ground, PILImage.new("RGB", size, p.tint), p.alpha)

        if pictures.ground_key is None:
            return tinted()
        # A copy, as for a gradient: every card of a story over its picture has the same.
        key = (pictures.ground_key, size, pictures.focus, p.blur, p.scrim, behind, p.tint,
               p.alpha)
        return _GROUNDS.made(key, tinted).copy()
    g = layout.gradient
    if g is None:
        return PILImage.new("RGB", size, layout.background)
    # A copy: the card is drawn on it, and the gradient kept for the next card.
    return _GRADIENTS.made((size, g), lambda: _gradient(size, g)).copy()


# Gradients by size, kind, colours and angle: each card of a batch in a gradient design
# has the same, which took 8 ms of its 23 to compute (night's landscape card).
_GRADIENTS: Kept[Image] = Kept(8)
# Pictures under their tint, by the picture's version and how it is shown (a story's five
# sizes at most: a story card is 8 MB of pixels).
_GROUNDS: Kept[Image] = Kept(5)


def _gradient(size: tuple[int, int], g: Gradient) -> Image:
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageMath  # lazy: keeps start-up fast

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


def paint(layout: Layout, pictures: Pictures, flat: bool = True) -> Image:
    """The card's pixels: everything where `layout` puts it, the pictures as prepared.

    A card on one flat colour whose texts are each in one ink is painted straight into a
    palette (`_paint_flat`); any other card, and every card with `flat` false, in full
    colour."""
    from PIL import ImageDraw  # lazy: keeps start-up fast

    if flat:
        card = _paint_flat(layout)
        if card is not None:
            return card
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
    if layout.qr is not None:
        image.paste(_qr_plate(layout.qr), (layout.qr.plate.x, layout.qr.plate.y))
    for block in _blocks(layout):
        for line in block.lines:
            for span in line.spans:
                if span.face.strike:
                    _paint_emoji(image, span, line.baseline)
                elif span.tracking:
                    mask, x, y = _tracked(span, line.baseline, block.lang,
                                          block.features + span.features)
                    image.paste(span.color, (x, y, x + mask.width, y + mask.height), mask)
                elif span.text.strip():
                    _paint_span(image, span, line.baseline, block.lang,
                                block.features + span.features)
    return image


def _blocks(layout: Layout) -> list[TextBlock]:
    """The card's texts, the QR code's label last."""
    label = layout.qr.label if layout.qr is not None else None
    return [*layout.texts, *([label] if label is not None else [])]


# Each span's drawn text, on full-colour cards (night's gradient, photo): a batch sets the
# same headline, site line, attribution and QR label on every card of a story, and
# renders each once (rendering is most of a card's drawing time). At most some tens of
# MB: a quote line is up to a card wide.
_SPANS: Kept[tuple[Image, int, int]] = Kept(128)
# The spans drawn once so far. A span is kept in `_SPANS` the second time it is drawn:
# most are a quote's lines, drawn once, straight onto the card, which costs half of
# drawing a picture of the span to keep and setting it down.
_SEEN: Kept[bool] = Kept(512)


def _paint_span(image: Image, span: Span, baseline: int, lang: str,
                features: tuple[str, ...]) -> None:
    """A run of text in one face, set on the baseline at the layout's pen position."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw  # lazy: keeps start-up fast

    font = get_font(span.face, span.size)
    options: dict[str, Any] = {"anchor": "ls", "direction": span.direction,
                               "language": lang or None, "features": list(features) or None}
    key = (span.face, span.size, span.text, span.direction, lang, features, span.color)
    if key not in _SPANS and key not in _SEEN:
        _SEEN[key] = True
        # embedded_color keeps a system font's colour layers (COLR) where it has them.
        ImageDraw.Draw(image).text((span.x, baseline), span.text, fill=span.color, font=font,
                                   embedded_color=True, **options)
        return

    def drawn() -> tuple[Image, int, int]:
        left, top, right, bottom = (int(v) for v in font.getbbox(span.text, **options))
        # Drawn in its colour over a clear ground, then set down through its own alpha.
        picture = PILImage.new("RGBA", (max(1, right - left), max(1, bottom - top)),
                               (*span.color, 0))
        ImageDraw.Draw(picture).text((-left, -top), span.text, fill=span.color, font=font,
                                     embedded_color=True, **options)
        return picture, left, top

    picture, left, top = _SPANS.made(key, drawn)
    image.paste(picture, (span.x + left, baseline + top), picture)


# Tracked text is drawn this many times larger and scaled down, so that each letter lands
# at its fraction of a pixel: whole-pixel pens make the gaps between spaced-out capitals
# differ by a pixel in three, which the eye reads as "COURIE R".
_TRACK_SCALE = 4


# Spaced-out spans drawn, by everything that decides their pixels but where they go: a
# design's small-capital site line or kicker, the same on every card of a batch, costs
# 1.7 ms to draw letter by letter (minimal's landscape card took 6.3 ms in all).
_TRACKED: Kept[tuple[Image, int, int]] = Kept(32)


def _tracked(span: Span, baseline: int, lang: str, features: tuple[str, ...]
             ) -> tuple[Image, int, int]:
    """A span spaced out letter by letter (see `_draw_tracked`): its coverage (0: none,
    255: full ink), to be filled in its colour, and where that goes on the card."""
    key = (span.face, span.size, span.text, span.width, span.tracking, lang, features)
    mask, dx, dy = _TRACKED.made(key, lambda: _draw_tracked(span, lang, features))
    return mask, span.x + dx, baseline + dy


def _draw_tracked(span: Span, lang: str, features: tuple[str, ...]
                  ) -> tuple[Image, int, int]:
    """Each grapheme cluster at the pen position the whole span's shaping gives it
    (kerning kept), plus the tracking after each letter before it; drawn at
    _TRACK_SCALE and reduced. Returns the coverage and where its top left goes from the
    span's pen position on the baseline."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw  # lazy: keeps start-up fast
    from uniseg.graphemecluster import grapheme_clusters  # type: ignore[import-untyped]

    k = _TRACK_SCALE
    big = get_font(span.face, span.size * k)
    feats = [f for f in features if f != "liga"] or None  # no ligatures across spacing
    # Room for every pixel the letters ink: the font's ascent and descent, or more for
    # marks stacked beyond them (Ǟ, ᾯ), and an em beside the advance (an italic's
    # overhang) or more.
    left, top, right, bottom = big.getbbox(span.text, anchor="ls", features=feats,
                                           language=lang or None)
    ascent, descent = big.getmetrics()
    ascent, descent = max(ascent, k - int(top)), max(descent, int(bottom) + k)
    ascent = -(-ascent // k) * k  # the baseline on a whole pixel of the card
    pad = span.size + max(0, -int(left) // k, int(right) // k - span.width)
    mask = PILImage.new("L", ((span.width + 2 * pad) * k, ascent + descent + k), 0)
    draw = ImageDraw.Draw(mask)
    done = ""
    letters_before = 0
    for cluster in grapheme_clusters(span.text):
        x = big.getlength(done, features=feats, language=lang or None) if done else 0.0
        x += letters_before * span.tracking * k
        draw.text((pad * k + round(x), ascent), cluster, font=big, fill=255, anchor="ls",
                  features=feats, language=lang or None)
        done += cluster
        letters_before += letters(cluster)
    return mask.reduce(k), -pad, -(ascent // k)


# Pictures scaled for the card, by the file version they come from and the size drawn: a
# batch draws the same logo or photo on many cards, and scales it once.
_SCALED: Kept[Image] = Kept(16)


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


def _paint_emoji(image: Image, span: Span, baseline: int) -> None:
    """A colour emoji font draws at one size only: draw there (cut to the ink, as it was
    measured), then scale the picture to the text's size and set it on the baseline."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    glyphs, ascent = emoji_strike(span.face, span.text)
    strike = span.face.strike or span.size
    scale = emoji_size(span.size) / strike
    size = (max(1, round(glyphs.width * scale)), max(1, round(glyphs.height * scale)))
    glyphs = glyphs.resize(size, PILImage.Resampling.LANCZOS)
    top = baseline - round(ascent * scale)
    image.paste(glyphs, (span.x, top), glyphs)


def _flat(layout: Layout) -> bool:
    """Whether the card can be painted straight into a palette: one flat colour under
    everything, and every text in one ink of a bundled font. A gradient or a picture has
    more colours than a palette holds; a colour emoji, a word of another colour in a
    text, or a system font (which may carry colour layers) needs full colour too."""
    if (layout.gradient is not None or layout.photo is not None or layout.logo is not None
            or layout.portrait is not None):
        return False
    bundled = bundled_dir("fonts")
    if any(span.face.strike or span.color != block.color
           or not span.face.path.is_relative_to(bundled)
           for block in _blocks(layout) for line in block.lines for span in line.spans):
        return False
    return not any(g.face.strike or not g.face.path.is_relative_to(bundled)
                   for g in layout.glyphs)


# One colour's ink: where it is on the card, the colour, and its coverage there (an "L"
# picture: 0 none, 255 full ink).
Ink = tuple[Box, "Color", "Image"]


def _paint_flat(layout: Layout) -> Image | None:
    """The card as an 8-bit palette image, painted straight into it; None where it
    needs full colour (`_flat`), or where ink would cross a decoration or ink of another
    colour (a pixel there would blend three colours).

    Each text (and each large glyph) is drawn as coverage into a picture of its own,
    cut to the ink it draws, past its box too: an italic f's hook, a hanging mark, a
    Devanagari headstroke. Each ink gets a ramp of palette steps from the page to it,
    and each pixel the step nearest the colour a full-colour card has there. A ramp has
    as many steps as keep every pixel within `_SHIFT` of 255 levels of that colour: only
    the soft edges of letters move, by less than the eye tells apart, and solid colours
    stay exact. Against painting the card in full colour and reducing it, drawing
    coverage moves a quarter of the bytes, and the PNG, an exact palette image, encodes
    about four times faster and is half the size.
    """
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    if not _flat(layout):
        return None
    drawn = [*(_block_ink(block) for block in _blocks(layout)),
             *(_glyph_ink(glyph) for glyph in layout.glyphs)]
    inks = _merged([ink for ink in drawn if ink is not None])
    if inks is None:
        return None
    others = [box for box, _ in layout.rules]
    if layout.qr is not None:
        others.append(layout.qr.plate)
    if any(box.overlaps(other) for box, _, _ in inks for other in others):
        return None
    solids = [layout.background, *(color for _, color in layout.rules)]
    if layout.qr is not None:
        solids += [layout.qr.dark, layout.qr.light]
    solids = list(dict.fromkeys(solids))
    colors_of_ink = list(dict.fromkeys([*(block.color for block in _blocks(layout)),
                                        *(glyph.color for glyph in layout.glyphs)]))
    room = (256 - len(solids)) // max(1, len(colors_of_ink))
    colors, ramps = _palette_colors(tuple(solids), tuple(colors_of_ink), room)

    out = PILImage.new("P", (layout.width, layout.height), 0)
    out.putpalette([c for rgb in colors for c in rgb])
    for box, color in layout.rules:
        out.paste(colors.index(color), (box.x, box.y, box.right, box.bottom))
    if layout.qr is not None:
        qr = layout.qr
        out.paste(_qr_plate(qr, (colors.index(qr.dark), colors.index(qr.light))),
                  (qr.plate.x, qr.plate.y))
    for box, color, coverage in inks:
        out.paste(coverage.point(ramps[color]), (box.x, box.y))
    return out


def _block_ink(block: TextBlock) -> Ink | None:
    """The block's ink (None: it draws none)."""
    drawn = _coverage(block)
    return None if drawn is None else (drawn[0], block.color, drawn[1])


# Spans drawn as coverage, by everything that decides their pixels but where they go:
# a batch sets the same headline, site line, attribution and QR label on every card of a
# story. A span is kept the second time it is drawn (most are a quote's lines, drawn
# once), which costs nothing more: its coverage is drawn the same way either way.
_MASKS: Kept[tuple[Any, int, int]] = Kept(128)
_MASKS_SEEN: Kept[bool] = Kept(512)


def _coverage(block: TextBlock) -> tuple[Box, Image] | None:
    """The block's letters as coverage, cut to their ink, and where that is on the card.

    Each span is drawn by FreeType into a picture exactly as large as its letters
    reach, however far that is past the line's advance or the font's ascent (a stack of
    combining marks), and the pictures are set together as the full-colour card sets
    them, each over the others."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw  # lazy: keeps start-up fast

    pieces: list[tuple[Any, int, int]] = []  # coverage, and where its top left goes
    for line in block.lines:
        for span in line.spans:
            if not span.text.strip():
                continue
            features = block.features + span.features
            if span.tracking:
                pieces.append(_tracked(span, line.baseline, block.lang, features))
                continue
            key = (span.face, span.size, span.text, span.direction, block.lang, features)
            kept = _MASKS.get(key)
            if kept is None:
                kept = _mask(span, block.lang, features)
                if key in _MASKS_SEEN:
                    _MASKS[key] = kept
                else:
                    _MASKS_SEEN[key] = True
            mask, dx, dy = kept
            pieces.append((mask, span.x + dx, line.baseline + dy))
    pieces = [(mask, x, y) for mask, x, y in pieces if mask.size[0] and mask.size[1]]
    if not pieces:
        return None
    left = min(x for _, x, _ in pieces)
    top = min(y for _, _, y in pieces)
    width = max(x + mask.size[0] for mask, x, _ in pieces) - left
    height = max(y + mask.size[1] for mask, _, y in pieces) - top
    canvas = PILImage.new("L", (width, height), 0)
    draw = ImageDraw.Draw(canvas)
    for mask, x, y in pieces:
        if isinstance(mask, PILImage.Image):  # spaced-out letters (`_tracked`)
            canvas.paste(255, (x - left, y - top, x - left + mask.width,
                               y - top + mask.height), mask)
        else:
            # Full ink through the span's coverage, as ImageDraw.text sets down what
            # FreeType drew: over a clear picture, the coverage itself; over another
            # letter's edge, the two as a full-colour card draws them together.
            draw.draw.draw_bitmap((x - left, y - top), mask, 255)
    ink = canvas.getbbox()
    if ink is None:
        return None
    x0, y0, x1, y1 = ink
    return Box(left + x0, top + y0, x1 - x0, y1 - y0), canvas.crop(ink)


def _mask(span: Span, lang: str, features: tuple[str, ...]) -> tuple[Any, int, int]:
    """The span's coverage as FreeType draws it for ImageDraw.text (Pillow's image core,
    as large as its letters reach), with its offset from the pen on the baseline."""
    mask, (dx, dy) = get_font(span.face, span.size).getmask2(
        span.text, "L", direction=span.direction, features=list(features) or None,
        language=lang or None, anchor="ls")
    return mask, dx, dy


_GLYPHS: Kept[tuple[Box, Image] | None] = Kept(16)


def _glyph_ink(glyph: DrawnGlyph) -> Ink | None:
    """A design's large glyph (bold's quotation mark) as ink: the same on every card of
    a design and size, so drawn once."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw  # lazy: keeps start-up fast

    def drawn() -> tuple[Box, Image] | None:
        font = get_font(glyph.face, glyph.size)
        options: dict[str, Any] = {"anchor": "ls", "direction": glyph.direction}
        left, top, right, bottom = (int(v) for v in font.getbbox(glyph.text, **options))
        canvas = PILImage.new("L", (max(1, right - left), max(1, bottom - top)), 0)
        ImageDraw.Draw(canvas).text((-left, -top), glyph.text, fill=255, font=font,
                                    **options)
        ink = canvas.getbbox()
        if ink is None:
            return None
        box = Box(glyph.x + left + ink[0], glyph.baseline + top + ink[1],
                  ink[2] - ink[0], ink[3] - ink[1])
        return box, canvas.crop(ink)

    made = _GLYPHS.made((glyph,), drawn)
    return None if made is None else (made[0], glyph.color, made[1])


def _merged(inks: list[Ink]) -> list[Ink] | None:
    """The inks with those of one colour whose boxes overlap drawn as one, the later
    over the earlier as a full-colour card draws them; None if inks of two colours
    overlap."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageChops  # lazy: keeps start-up fast

    pending, done = list(reversed(inks)), list[Ink]()
    while pending:
        box, color, coverage = pending.pop()
        for i, (other, other_color, other_coverage) in enumerate(done):
            if not box.overlaps(other):
                continue
            if color != other_color:
                return None
            joined = box.joined(other)
            under = PILImage.new("L", (joined.w, joined.h), 0)
            under.paste(other_coverage, (other.x - joined.x, other.y - joined.y))
            over = PILImage.new("L", (joined.w, joined.h), 0)
            over.paste(coverage, (box.x - joined.x, box.y - joined.y))
            del done[i]
            pending.append((joined, color, ImageChops.screen(under, over)))
            break
        else:
            done.append((box, color, coverage))
    return done


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
) -> tuple[list[Color], dict[Color, list[int]]]:
    """The palette (solids, then a ramp per ink of at most `room` steps) and, per ink,
    the lookup table from coverage (0 to 255) to a palette index: the step nearest, in
    the channel that tells the ink from the page best, the colour a full-colour card
    has where the ink covers that much."""
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
        for value in _blend(background, ink)[c]:
            t = (value - background[c]) / (ink[c] - background[c])
            k = min(steps, max(0, round(t * steps)))
            lut.append(0 if k == 0 else first + k - 1)
        ramps[ink] = lut
    return colors, ramps


def _blend(page: Color, ink: Color) -> tuple[bytes, ...]:
    """Each channel's value where `ink` covers `page` by 0 to 255, as Pillow blends the
    edge of a letter on a full-colour card."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    strip = PILImage.new("RGB", (256, 1), page)
    strip.paste(ink, (0, 0, 256, 1), PILImage.frombytes("L", (256, 1), bytes(range(256))))
    return tuple(band.tobytes() for band in strip.split())


def _qr_plate(block: QRBlock, indexes: tuple[int, int] | None = None) -> Image:
    """The light square with the code on it: in colour, or with `indexes` (dark, light)
    as a palette image's indexes."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    matrix = qr_matrix(block.url)
    n, q, side = matrix.modules, block.quiet_modules, block.plate.w
    # One pixel a module first, quiet zone included, then scaled by a whole factor with
    # nearest-neighbour so every module is a crisp square of module_px pixels.
    mask = PILImage.new("L", (n + 2 * q, n + 2 * q), 0)
    mask.paste(PILImage.frombytes("L", (n, n), b"".join(matrix.rows).translate(_DARK)), (q, q))
    code = (n + 2 * q) * block.module_px
    mask = mask.resize((code, code), PILImage.Resampling.NEAREST)
    dark, light = indexes or (block.dark, block.light)
    plate = PILImage.new("P" if indexes else "RGB", (side, side), light)
    at = block.inset
    plate.paste(dark, (at, at, at + code, at + code), mask)
    return plate


_DARK = bytes([0, 255] + [0] * 254)  # matrix byte 1 (a dark module) -> full mask
