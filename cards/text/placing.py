"""Placing fitted text: each line turned into spans, each in one face, size, colour and
direction, at its position in the box; right-to-left runs in visual order (HarfBuzz
mirrors their brackets), the hanging mark outside the box edge."""

from __future__ import annotations

from collections.abc import Mapping

from cards.text.fitting import (
    Box,
    Color,
    Fit,
    Line,
    Setting,
    Span,
    TextBlock,
    TextStyle,
    mark_ink,
)
from cards.text.measuring import Piece, advance, direction_of


def _visual(pieces: list[Piece], rtl: bool, s: Setting) -> list[tuple[Piece, str]]:
    """Pieces in the order they appear from left to right, each with the direction it is
    shaped in. In a right-to-left line the pieces run from right to left, except that
    a stretch of left-to-right text (a Latin name, a number) keeps its own order; the
    spaces around such a stretch belong to the right-to-left text, as the Unicode bidi
    algorithm resolves them.

    Mirrored characters (brackets, guillemets) keep their code points: HarfBuzz draws the
    Bidi_Mirroring_Glyph of « » ‹ › ( ) … in a run shaped right to left, so the opening «
    at the right end of a Persian line already points right. Swapping them here as well
    turned them twice, and the card showed »…« (issue 14)."""
    base = "rtl" if rtl else "ltr"
    other = "ltr" if rtl else "rtl"
    split: list[Piece] = []
    for p in pieces:
        core = p.text.rstrip(" ")
        # A space after a stretch against the line's direction belongs to the line.
        if core != p.text and core and direction_of(core, base) == other:
            width = advance(p.face, p.size, core, s.features + p.features, other, s.lang,
                            p.tracking)
            split.append(Piece(core, p.face, p.size, p.emphasis, width, p.features,
                               p.tracking))
            split.append(Piece(p.text[len(core):], p.face, p.size, p.emphasis, p.width - width,
                               p.features, p.tracking))
        else:
            split.append(p)
    if not rtl:
        return [(p, direction_of(p.text, base)) for p in split]
    strong = [direction_of(p.text, "") or None for p in split]
    groups: list[list[tuple[Piece, str]]] = []
    for i, p in enumerate(split):
        d = strong[i]
        if d is None:
            # A neutral (space, digit-less punctuation) between two left-to-right
            # stretches joins them; anywhere else it takes the line's direction.
            before = next((x for x in reversed(strong[:i]) if x), None)
            after = next((x for x in strong[i + 1 :] if x), None)
            d = "ltr" if before == after == "ltr" else "rtl"
        if groups and d == "ltr" and groups[-1][-1][1] == "ltr":
            groups[-1].append((p, d))
        else:
            groups.append([(p, d)])
    return [item for group in reversed(groups) for item in group]


def _merged(pieces: list[Piece], keep_first: bool) -> list[Piece]:
    """Neighbouring pieces in the same face, size and colour drawn as one: fewer calls to
    the rasteriser, and kerning across the spaces between words. A hanging mark stays
    a piece of its own, and so does colour emoji, drawn as they were measured (each
    cut to its own ink)."""
    out: list[Piece] = []
    for i, p in enumerate(pieces):
        last = out[-1] if out else None
        if last is not None and (
                last.face, last.size, last.emphasis, last.features, last.tracking) == (
                p.face, p.size, p.emphasis, p.features, p.tracking) \
                and not (keep_first and i == 1) and not p.face.strike:
            out[-1] = Piece(last.text + p.text, p.face, p.size, p.emphasis,
                            last.width + p.width, p.features, p.tracking)
        else:
            out.append(p)
    return out


def place(
    role: str, text: str, style: TextStyle, fit: Fit, box: Box, colors: Mapping[str, Color],
    s: Setting,
) -> TextBlock:
    step = round(fit.size * style.line_height)
    height = fit.ascent + fit.descent + step * (len(fit.lines) - 1)
    top = box.y + {"top": 0, "center": (box.h - height) // 2, "bottom": box.h - height}[
        style.valign
    ]
    align: str = style.align
    if s.rtl:
        align = {"left": "right", "right": "left", "center": "center"}[align]
    color, accent = colors[style.color], colors[style.emphasis]
    lines = []
    for i, units in enumerate(fit.lines):
        pieces = [p for u in units for p in u.pieces]
        # The line ends without its trailing space, and with a hyphen if it breaks a word.
        last = units[-1]
        tail = pieces[-1]
        end_text = tail.text.rstrip(" ")
        if last.hyphen and i < len(fit.lines) - 1:
            end_text += "-"
        width = sum(p.width for p in pieces[:-1])
        tail_width = (advance(tail.face, tail.size, end_text, s.features + tail.features,
                              direction_of(end_text, "rtl" if s.rtl else "ltr"), s.lang,
                              tail.tracking)
                      if end_text else 0)
        pieces[-1] = Piece(end_text, tail.face, tail.size, tail.emphasis, tail_width,
                           tail.features, tail.tracking)
        pieces = _merged([p for p in pieces if p.text], keep_first=i == 0 and fit.hang > 0)
        width += tail_width
        hang = fit.hang if i == 0 else 0
        if align == "left":
            x = box.x + fit.inset - hang
        elif align == "center":
            x = box.x + (box.w - width) // 2
        else:
            x = box.right - fit.inset + hang - width
        baseline = top + fit.ascent + i * step
        spans, pen = [], x
        for piece, direction in _visual(pieces, s.rtl, s):
            spans.append(Span(piece.text, piece.face, piece.size, pen, piece.width,
                              accent if piece.emphasis else color, direction, piece.features,
                              piece.tracking))
            pen += piece.width
        lines.append(Line("".join(p.text for p in pieces), x, baseline, width, tuple(spans)))
    left = min(line.x for line in lines)
    right = max(line.x + line.width for line in lines)
    extent = Box(left, top, right - left, height)
    outside = max(0, fit.hang - fit.inset)
    own = Box(box.x - (0 if s.rtl else outside), box.y, box.w + outside, box.h)
    mark = None
    if fit.hang:
        first = lines[0].spans[-1] if s.rtl else lines[0].spans[0]
        x0, y0, x1, y1 = mark_ink(first.face, first.size, first.text, first.direction)
        mark = Box(first.x + x0, lines[0].baseline + y0, x1 - x0, y1 - y0)
    return TextBlock(
        role, text, s.primary.name, fit.size, color, step, tuple(lines), own, extent,
        fit.hang, mark, "rtl" if s.rtl else "ltr", s.lang, s.features,
    )
