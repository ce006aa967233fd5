"""Glyphs: the large characters a design draws behind the content, placed for one card.

A glyph sits where the template puts it, or leads the quote: above its first line, on
the ink edge of its hanging mark, moving with it. One with no text of its own is the
quote's opening mark drawn large, in the face the quote's mark is set in (a brand kit's
serif gets a serif mark), and stands in that mark's place."""

from __future__ import annotations

from collections.abc import Mapping

from msgspec import Struct
from msgspec.structs import replace

from cards.design.model import Color, Glyph, SizeSpec
from cards.design.rules import glyph_box, glyph_font, lead_size
from cards.text.faces import Face, coverage, face
from cards.text.fitting import Box, TextBlock, hanging_mark, ink_box


class DrawnGlyph(Struct, frozen=True):
    text: str
    font: str  # the face's name: a font file's is its stem
    size: int
    x: int  # pen position
    baseline: int
    ink: Box
    color: Color
    face: Face
    index: int = 0  # the template's glyphs[index]
    direction: str = "ltr"  # as the quote's own mark is drawn, for one that leads it
    stands_for_mark: bool = False  # it is the quote's hanging mark, drawn large in its place


def place_glyphs(size: SizeSpec, colors: Mapping[str, Color], rtl: bool,
                 texts: list[TextBlock]) -> tuple[DrawnGlyph, ...]:
    """Each of the template's glyphs where it goes on this card: at its place (mirrored
    on a right-to-left card), or leading the quote as the layout has set it."""
    drawn = []
    quote = next(t for t in texts if t.role == "quote")
    for i, glyph in enumerate(size.glyphs):
        if glyph.at is None:
            drawn += _lead(i, glyph, size, colors, rtl, quote)
            continue
        x0, y0, x1, y1, pen, baseline = glyph_box(glyph, size)
        if rtl:  # mirrored with the rest of the design
            shift = size.width - x1 - x0
            x0, x1, pen = x0 + shift, x1 + shift, pen + shift
        f = face(glyph_font(glyph, size, glyph.text or "") or size.texts["quote"].font)
        drawn.append(DrawnGlyph(glyph.text or "", f.name, max(1, round(glyph.size * size.height)),
                                pen, baseline, Box(x0, y0, x1 - x0, y1 - y0),
                                colors[glyph.color], f, i))
    return tuple(drawn)


def led(quote: TextBlock) -> TextBlock:
    """The quote with its hanging opening mark left to the glyph that leads it, which is
    that mark drawn large: the first line without the mark's span, its letters where
    they were, on the box's edge."""
    first = quote.lines[0]
    if len(first.spans) < 2:
        return quote
    rtl = quote.direction == "rtl"
    mark = first.spans[-1] if rtl else first.spans[0]
    spans = first.spans[:-1] if rtl else first.spans[1:]
    x = first.x if rtl else spans[0].x
    line = replace(first, text=first.text[len(mark.text):], x=x, width=first.width - mark.width,
                   spans=spans)
    lines = (line, *quote.lines[1:])
    left = min(ln.x for ln in lines)
    right = max(ln.x + ln.width for ln in lines)
    extent = Box(left, quote.extent.y, right - left, quote.extent.h)
    return replace(quote, lines=lines, extent=extent, mark=None)


def _lead(i: int, glyph: Glyph, size: SizeSpec, colors: Mapping[str, Color], rtl: bool,
          quote: TextBlock) -> list[DrawnGlyph]:
    """A glyph that leads the quote: its ink `gap` above the quote's first line, its
    edge on the ink of the quote's hanging mark (or where the first line starts). With
    no text of its own it is that mark, in the design's font for it or else the face the
    mark is set in, and stands in its place (`led`); a quote with no opening mark has
    none."""
    first = quote.lines[0]
    span = first.spans[-1] if quote.direction == "rtl" else first.spans[0]
    text, f, direction = glyph.text, span.face, span.direction
    if text is None:
        text = span.text.strip() if quote.mark is not None else hanging_mark(quote.text)
        if not text:
            return []
        if glyph.font is not None and all(ord(c) in coverage(glyph.font) for c in text):
            f = face(glyph.font)
    else:
        f, direction = face(glyph_font(glyph, size, text) or size.texts["quote"].font), "ltr"
    px = lead_size(f, text, round(glyph.height * size.height))
    left, top, right, bottom = ink_box(f, px, text, direction)
    w, h = right - left, bottom - top
    y = quote.extent.y - round(glyph.gap * size.height) - h
    align: str = size.texts["quote"].align
    if rtl:
        align = {"left": "right", "right": "left"}.get(align, align)
    if quote.mark is not None:  # on the hanging mark's ink: the design's optical edge
        mark = ink_box(span.face, span.size, span.text, span.direction)
        x = span.x + mark[0] if align != "right" else span.x + mark[2] - w
    else:
        x = {"left": first.x, "center": first.x + (first.width - w) // 2,
             "right": first.x + first.width - w}[align]
    return [DrawnGlyph(text, f.name, px, x - left, y - top, Box(x, y, w, h),
                       colors[glyph.color], f, i, direction,
                       glyph.text is None and quote.mark is not None)]
