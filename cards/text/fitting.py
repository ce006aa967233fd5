"""Fitting one element's text in its box: the size search, even-rag lines and the
hanging mark. `fit_text` finds the largest size at which the text fits; `placing` turns
the fit into spans for the painter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal, Protocol

from msgspec import Struct

from cards.errors import LayoutError
from cards.text.breaking import (
    HANGING_SPACES,
    LADDER,
    OPENING_MARKS,
    balanced_breaks,
    greedy_count,
    joined,
    prepare,
)
from cards.text.faces import Face, get_font
from cards.text.measuring import (
    Measurer,
    Piece,
    Unit,
    direction_of,
    emoji_size,
    measurer,
)

Color = tuple[int, int, int]


class TextStyle(Protocol):
    """What setting text needs of a style: the size range, the spacing, the alignment and
    the colour roles of plain and emphasised words. A template's text style (in
    `design`) is one; typesetting knows nothing else of templates."""

    @property
    def size_min(self) -> int: ...
    @property
    def size_max(self) -> int: ...
    @property
    def line_height(self) -> float: ...
    @property
    def max_lines(self) -> int: ...
    @property
    def align(self) -> Literal["left", "center", "right"]: ...
    @property
    def valign(self) -> Literal["top", "center", "bottom"]: ...
    @property
    def color(self) -> str: ...
    @property
    def emphasis(self) -> str: ...


class Box(Struct, frozen=True):
    x: int
    y: int
    w: int
    h: int

    @property
    def right(self) -> int:
        return self.x + self.w

    @property
    def bottom(self) -> int:
        return self.y + self.h

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def apart(self, other: Box) -> int:
        """Px between the two boxes: the wider of the horizontal and the vertical gap,
        which is the widest band around one that the other stays out of (0 when they
        touch, less when they overlap)."""
        return max(other.x - self.right, self.x - other.right,
                   other.y - self.bottom, self.y - other.bottom)

    def joined(self, other: Box) -> Box:
        """The smallest box holding both."""
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Box(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)

    def contains(self, other: Box) -> bool:
        return (
            self.x <= other.x
            and self.y <= other.y
            and other.right <= self.right
            and other.bottom <= self.bottom
        )


class Span(Struct, frozen=True):
    """Part of a line drawn in one face, size, colour and direction."""

    text: str
    face: Face
    size: int
    x: int  # pen position (left edge of the span)
    width: int
    color: Color
    direction: str  # "ltr" or "rtl", as raqm shapes it
    features: tuple[str, ...] = ()  # OpenType features for this span beyond the block's
    tracking: float = 0.0  # px after each letter: drawn letter by letter, at fractions of px


class Line(Struct, frozen=True):
    text: str
    x: int  # left edge of the line's advance box
    baseline: int
    width: int  # advance width in px
    spans: tuple[Span, ...] = ()


class TextBlock(Struct, frozen=True):
    role: str
    text: str
    font: str
    size: int
    color: Color
    line_height: int  # px from baseline to baseline
    lines: tuple[Line, ...]
    box: Box  # the element's box: the template's box, widened by a hanging mark
    extent: Box  # the lines' advance boxes, ascender to descender
    hang: int = 0  # px the opening quotation mark sits outside the box; drawn on its own
    mark: Box | None = None  # the ink of that hanging mark
    direction: str = "ltr"
    lang: str = "en"
    features: tuple[str, ...] = ()  # OpenType features it was measured with, and is drawn with


class Setting(Struct, frozen=True):
    """How one element's text is set, apart from its size."""

    role: str
    faces: tuple[Face, ...]
    lang: str
    rtl: bool
    emphasis: tuple[tuple[int, int], ...] = ()
    features: tuple[str, ...] = ()
    hang: bool = False  # an opening quotation mark hangs outside the box
    room: int = 1 << 16  # px between the box and the canvas margin, for the hang
    emphasis_face: Face | None = None
    tracking: float = 0.0  # em after each letter (capitals, small capitals)

    @property
    def primary(self) -> Face:
        return self.faces[0]


def hanging_mark(text: str) -> str:
    """The opening quotation mark that should hang into the margin, if any."""
    return text[0] if text and text[0] in OPENING_MARKS else ""


@lru_cache(maxsize=256)
def mark_ink(
    f: Face | str, size: int, mark: str, direction: str = "ltr"
) -> tuple[int, int, int, int]:
    """The mark's inked pixels relative to its pen position on the baseline, as drawn in
    `direction`: right to left, HarfBuzz draws « as », so its ink is on the other side."""
    x0, y0, x1, y1 = get_font(f, size).getbbox(mark, anchor="ls", direction=direction)
    return int(x0), int(y0), int(x1), int(y1)


@lru_cache(maxsize=64)
def ink_box(
    f: Face | str, size: int, text: str, direction: str = "ltr"
) -> tuple[int, int, int, int]:
    """The pixels `text` inks, relative to its pen position on the baseline: unlike
    `mark_ink`'s box (advance and baseline included), only what is drawn, so a large
    mark can be set a measured distance from its neighbours. (0, 0, 0, 0) for none."""
    mask, (dx, dy) = get_font(f, size).getmask2(text, mode="L", anchor="ls",
                                                  direction=direction)
    box = mask.getbbox()
    if box is None:
        return 0, 0, 0, 0
    return dx + box[0], dy + box[1], dx + box[2], dy + box[3]


def _hang(mark_advance: int, ink_right: int, size: int) -> int:
    """The hang: at least to the mark's ink, and at most its advance, keeping a gap of
    about a sixteenth of an em. A Latin mark hangs by its advance; a full-width CJK
    mark, whose ink fills only the right half of its em, does not push its ink a whole
    em out into the margin."""
    return max(ink_right, min(mark_advance, ink_right + round(size * 0.06)))


class Fit(Struct, frozen=True):
    size: int
    lines: tuple[tuple[Unit, ...], ...]
    hang: int
    ascent: int
    descent: int
    inset: int = 0  # px the letters' edge moves in so a wide mark keeps the margin

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(_line_text(line) for line in self.lines)

    @property
    def strands(self) -> int:
        """Lines that end where glue asked them not to (a short word, a word before
        its emoji)."""
        return sum(line[-1].glued for line in self.lines[:-1])

    @property
    def ladders(self) -> int:
        """Hyphenated lines beyond the second in a row (the rungs of a ladder)."""
        rungs, run = 0, 0
        for line in self.lines[:-1]:
            run = run + 1 if line[-1].hyphen else 0
            rungs += run > LADDER
        return rungs


def _line_text(units: tuple[Unit, ...]) -> str:
    return "".join(p.text for u in units for p in u.pieces).rstrip(" ")


# Combining marks stacked this many on one letter (pasted "zalgo" text; a rare Hebrew or
# Tibetan cluster) can reach far past the font's ascent and descent.
STACKED_MARKS = 3


@lru_cache(maxsize=1024)
def stacked_marks(text: str) -> str:
    """The first letter of `text` with STACKED_MARKS or more combining marks on it, with
    its marks ("" if none)."""
    if text.isascii():
        return ""
    run = 0
    for i, char in enumerate(text):
        if unicodedata.category(char) not in ("Mn", "Me"):
            run = 0
            continue
        run += 1
        if run == STACKED_MARKS:
            end = i + 1
            while end < len(text) and unicodedata.category(text[end]) in ("Mn", "Me"):
                end += 1
            return text[max(0, i - run):end]
    return ""


@lru_cache(maxsize=4096)
def _metrics(m: Measurer, size: int) -> tuple[int, int]:
    """The largest ascent and descent of the faces the text uses, at their sizes, and of
    the ink of any letter with marks stacked on it."""
    primary, rtl = m.primary, m.rtl
    ascent, descent = get_font(primary, size).getmetrics()
    stacked = bool(stacked_marks(m.prepared.text))
    for unit in m.at(size):
        for piece in unit.pieces:
            if not piece.text.strip() or (
                    piece.face == primary and not (stacked and stacked_marks(piece.text))):
                continue
            # A fallback face's own line metrics are often far taller than its letters
            # (CJK fonts reserve 1.45 em): what must fit is the ink it draws here. So
            # must the ink of a stack of marks.
            direction = direction_of(piece.text, "rtl" if rtl else "ltr")
            _, top, _, bottom = get_font(piece.face, piece.size).getbbox(
                piece.text, anchor="ls", direction=direction)
            scale = emoji_size(piece.size) / piece.face.strike if piece.face.strike else 1.0
            ascent = max(ascent, round(-top * scale))
            descent = max(descent, round(bottom * scale))
    return ascent, descent


def _lines_allowed(style: TextStyle, size: int, box_h: int, ascent: int, descent: int) -> int:
    step = round(size * style.line_height)
    fit = 1 + (box_h - ascent - descent) // step if box_h >= ascent + descent else 0
    return max(0, min(style.max_lines, fit))


class _Measure(Struct, frozen=True):
    units: tuple[Unit, ...]
    avails: list[int]
    limit: int
    hang: int
    ascent: int
    descent: int
    inset: int = 0
    fits: bool = True


def _with_hang(units: tuple[Unit, ...], hang: int) -> tuple[Unit, ...]:
    """The first unit with its mark's piece as wide as the hang."""
    first = units[0]
    mark = first.pieces[0]
    grown = hang - mark.width
    pieces = (Piece(mark.text, mark.face, mark.size, mark.emphasis, hang, mark.features,
                    mark.tracking),
              *first.pieces[1:])
    return (Unit(pieces, first.width + grown, first.trimmed + grown, first.hyphen,
                 joint=first.joint), *units[1:])


def _measurer(text: str, s: Setting) -> Measurer:
    """The text's measurer. A fit looks it up once and hands it to every probe: looking
    it up costs hashing the prepared text, about 10 µs, and a fit probes seven sizes."""
    p = prepare(text, s.faces, s.role, s.lang, s.emphasis, s.features, s.hang,
                s.emphasis_face, s.tracking)
    return measurer(p, s.primary, s.rtl)


def _measure(style: TextStyle, m: Measurer, size: int, box: Box, s: Setting,
             strict: bool = False) -> _Measure | None:
    """The text measured at this size if it fits (see `_probe`), else None."""
    measured = _probe(style, m, size, box, s, strict)
    return measured if measured.fits else None


def _probe(style: TextStyle, m: Measurer, size: int, box: Box, s: Setting,
           strict: bool = False) -> _Measure:
    """Each unit's width at this size, and whether the text can fit at all: the greedy
    line count is the fewest lines any breaking can reach. `strict` asks whether it fits
    without a line ending where glue asks it not to."""
    text = m.prepared.text
    units = m.at(size)
    hang = 0
    first = units[0].pieces[0].text if units and units[0].pieces else ""
    if s.hang and hanging_mark(text) and (
            first == hanging_mark(text) or first[:1] == hanging_mark(text)
            and len(first) == 2 and first[1] in HANGING_SPACES):
        mark = units[0].pieces[0]
        if len(first) == 2:  # a mark and its space hang whole
            hang = mark.width
        else:
            # How far the mark's ink reaches from the line's edge: from its left in a
            # line set left to right, from its right in one set right to left.
            x0, _, x1, _ = mark_ink(mark.face, mark.size, mark.text,
                                    "rtl" if s.rtl else "ltr")
            hang = _hang(mark.width, mark.width - x0 if s.rtl else x1, mark.size)
        units = _with_hang(units, hang)
    # A mark wider than the room left of the box (a guillemet, a full-width CJK mark at
    # a large size) would cross the margin: the letters' edge moves in instead.
    inset = max(0, hang - s.room)
    avails = [box.w - inset + hang, box.w - inset]
    ascent, descent = _metrics(m, size)
    limit = _lines_allowed(style, size, box.h, ascent, descent)
    fits = limit > 0 and greedy_count(joined(units) if strict else units, avails, limit) <= limit
    return _Measure(units, avails, limit, hang, ascent, descent, inset, fits)


def try_size(style: TextStyle, text: str, size: int, box: Box, s: Setting) -> Fit | None:
    """The text set at `size` in evenly ragged lines, or None if it does not fit."""
    return _set(style, _measurer(text, s), size, box, s)


def _set(style: TextStyle, measured: Measurer, size: int, box: Box, s: Setting) -> Fit | None:
    m = _measure(style, measured, size, box, s)
    if m is None:
        return None
    ends = balanced_breaks(m.units, m.avails, m.limit, no_widow=True)
    ends = ends or balanced_breaks(m.units, m.avails, m.limit, no_widow=False)
    if ends is None:
        return None
    lines, start = [], 0
    for end in ends:
        lines.append(m.units[start:end])
        start = end
    return Fit(size, tuple(lines), m.hang, m.ascent, m.descent, m.inset)


def fit_text(style: TextStyle, text: str, box: Box, s: Setting) -> Fit | None:
    """The largest size in the style's range at which the text fits the box, or None.

    Whether the units fit at all is cheap to learn (greedy filling) and monotonic in
    practice (smaller type never needs more room). The text is measured at the largest
    size; if it does not fit there, its widths scaled to the smaller sizes give the
    largest at which it should fit, and it is measured there and one size either way
    until the largest size it does fit is found: one size measured for a text that
    fits at its largest, two or three for one that does not, where a binary search
    over the range measured seven. The even-rag breaking then runs once there."""
    m = _measurer(text, s)
    low, high = style.size_min, style.size_max
    top = _probe(style, m, high, box, s)
    if top.fits:
        size = high
    else:
        size = _estimated(style, top, high, low, high - 1, box, s)
        if _measure(style, m, size, box, s) is not None:
            while size + 1 < high and _measure(style, m, size + 1, box, s) is not None:
                size += 1
        else:
            while size > low and _measure(style, m, size - 1, box, s) is None:
                size -= 1
            size -= 1
            if size < low:
                return None
    for trial in range(size, style.size_min - 1, -1):
        fit = _set(style, m, trial, box, s)
        if fit is not None:
            return _unstranded(style, m, box, s, fit)
    return None


def _estimated(style: TextStyle, base: _Measure, measured: int, low: int, high: int,
               box: Box, s: Setting) -> int:
    """The largest size from `low` to `high` at which the text, as measured at size
    `measured`, should fit: its widths, hang and line heights scaled with the size
    (`low` if none). Hinting rounds each letter's advance to a pixel, so this is an
    estimate, within a size or so."""
    widths = [(unit.width, unit.trimmed, unit.hyphen) for unit in base.units]

    def fits(size: int) -> bool:
        scale = size / measured
        hang = base.hang * scale
        inset = max(0.0, hang - s.room)
        avails = [box.w - inset + hang, box.w - inset]
        limit = _lines_allowed(style, size, box.h, round(base.ascent * scale),
                               round(base.descent * scale))
        return limit > 0 and _greedy_scaled(widths, scale, avails, limit) <= limit

    while low < high:
        mid = (low + high + 1) // 2
        if fits(mid):
            low = mid
        else:
            high = mid - 1
    return low


def _greedy_scaled(widths: list[tuple[int, int, int]], scale: float, avails: list[float],
                   limit: int) -> int:
    """`greedy_count` of units whose widths are `widths` times `scale`."""
    lines, filled = 1, -1.0
    for width, trimmed, hyphen in widths:
        avail = avails[min(lines - 1, len(avails) - 1)]
        if filled >= 0 and filled + (trimmed + hyphen) * scale <= avail:
            filled += width * scale
            continue
        if filled >= 0:
            lines += 1
            avail = avails[min(lines - 1, len(avails) - 1)]
        if lines > limit or (trimmed + hyphen) * scale > avail:
            return limit + 1
        filled = width * scale
    return lines


# How much smaller the type may be set so no short word is left at a line's end, and
# no third hyphenated line follows two.
STRAND_SHRINK = 0.1
# A Japanese or Chinese line that ends inside a phrase (これか|らも) reads as a word cut in
# two, with no hyphen to say so: worth a little more size than a stranded short word.
PHRASE_SHRINK = 0.2


def _unstranded(style: TextStyle, m: Measurer, box: Box, s: Setting, fit: Fit) -> Fit:
    """The fit at a slightly smaller size if that leaves no line ending on a short word
    ("a", "I", Czech "v") or before an emoji, and no ladder of three hyphenated lines,
    else `fit` as it is: a quote is never made much smaller, or refused, for the sake of
    one word or one hyphen."""
    if not fit.strands and not fit.ladders:
        return fit
    phrased = s.lang.split("-")[0].lower() in ("ja", "zh")
    floor = max(style.size_min,
                int(fit.size * (1 - (PHRASE_SHRINK if phrased else STRAND_SHRINK))))
    for size in range(fit.size - 1, floor - 1, -1):
        if _measure(style, m, size, box, s, strict=True) is not None:
            smaller = _set(style, m, size, box, s)
            if smaller is not None and not smaller.strands and not smaller.ladders:
                return smaller
    return fit


def chars_that_fit(style: TextStyle, text: str, box: Box, s: Setting) -> int:
    """How many characters of `text` fit at the smallest size (for the error message)."""
    words = text.split(" ")
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if try_size(style, " ".join(words[:mid]) + "…", style.size_min, box, s) is not None:
            lo = mid
        else:
            hi = mid - 1
    return len(" ".join(words[:lo]))


def refuse_off_the_card(block: TextBlock, width: int, height: int, where: str) -> None:
    """A text with marks stacked on a letter whose ink would reach past the card's edge
    (a stack drifting sideways, as Devanagari vowel signs stacked under one letter do)
    is refused, naming the letter: it would be drawn cut. Other texts are not drawn past
    their boxes far enough to need the check (nor its cost)."""
    stack = stacked_marks(block.text)
    if not stack:
        return
    for line in block.lines:
        for span in line.spans:
            if not span.text.strip() or span.face.strike:
                continue
            x0, y0, x1, y1 = get_font(span.face, span.size).getbbox(
                span.text, anchor="ls", direction=span.direction, language=block.lang or None,
                features=list(block.features + span.features) or None)
            if (span.x + x0 < 0 or line.baseline + y0 < 0 or span.x + x1 > width
                    or line.baseline + y1 > height):
                shown = stack if len(stack) <= 12 else stack[:12] + "…"
                raise LayoutError(
                    f"the {block.role} has “{shown}”, a letter with {len(stack) - 1} marks"
                    f" stacked on it, which would reach off the edge of {where}; remove"
                    " the extra marks")


def refuse_stacked(style: TextStyle, text: str, box: Box, s: Setting, where: str) -> None:
    """A quote that fails because marks are stacked on a letter, and would fit without
    them, gets an error about that letter: counting characters that "fit" would be no
    help."""
    stack = stacked_marks(text)
    if not stack:
        return
    plain = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Me"))
    if try_size(style, plain, style.size_min, box, s) is None:
        return
    shown = stack if len(stack) <= 12 else stack[:12] + "…"
    raise LayoutError(
        f"the quote has “{shown}”, a letter with {len(stack) - 1} marks stacked on it, too"
        f" tall for {where} even at {style.size_min} px; remove the extra marks"
    )


def refuse_unbreakable(style: TextStyle, text: str, box: Box, s: Setting, where: str) -> None:
    """A quote that fails because one unbreakable stretch (a long address, Thai written
    without spaces) is wider than the box gets an error about that stretch: counting
    characters that "fit" would be no help."""
    for unit in _measurer(text, s).at(style.size_min):
        if unit.trimmed + unit.hyphen > box.w + (box.w // 8):
            piece = "".join(piece.text for piece in unit.pieces).strip()
            shown = piece if len(piece) <= 40 else piece[:39] + "…"
            thai = re.search(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]", piece)
            hint = (" (Thai, Lao, Khmer and Burmese are broken only at spaces here: put a"
                    " space between phrases)" if thai else "")
            raise LayoutError(
                f"the quote has “{shown}”, too wide for one line of {where} even at"
                f" {style.size_min} px and with no place to break it{hint}; shorten the quote"
                " around it"
            )


