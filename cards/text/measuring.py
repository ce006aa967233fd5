"""Measuring prepared text: each unit's pieces (one face, size and shaping each) and
their widths at a size.

A size search measures one text at many sizes. What does not depend on the size (where
the pieces are cut, each one's face, emphasis, features and direction, which pieces
merge) is worked out once per prepared text by a `Measurer`; a size then costs only the
advances, which FreeType gives and `advance` keeps.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from msgspec import Struct

from cards.text.faces import Face, coverage, emoji_strike, get_font, x_height

_RTL_CHARS = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR_CHARS = re.compile(r"[A-Za-zÀ-ɏͰ-ӿ]")


class Piece(Struct, frozen=True):
    """Part of a line in one face, size and colour; `text` may end in spaces."""

    text: str
    face: Face
    size: int
    emphasis: bool
    width: int
    features: tuple[str, ...] = ()  # beyond the text's: "halt" sets CJK punctuation half-width
    tracking: float = 0.0  # px added after each letter (capitals, small capitals)


class Unit(Struct, frozen=True):
    """The text between two break opportunities."""

    pieces: tuple[Piece, ...]
    width: int  # with its trailing spaces
    trimmed: int  # without them: what it takes at the end of a line
    hyphen: int = 0  # a hyphen's width if a line may break here inside a word, else 0
    glued: bool = False  # a line should not end here (a short word, a word before an emoji)
    joint: bool = False  # the break inside a word falls between two words of a compound


class Prepared(Struct, frozen=True):
    text: str
    runs: tuple[tuple[int, int, Face], ...]  # start, end, face
    units: tuple[tuple[int, int, bool], ...]  # start, end, breaks inside a word (hyphen)
    emphasis: tuple[tuple[int, int], ...]
    lang: str
    features: tuple[str, ...]
    hang: bool = False  # the opening mark is a piece of its own, to hang outside the box
    emphasis_face: Face | None = None  # the face of *emphasised* words, if not the text's
    glue: tuple[bool, ...] = ()  # for each unit, whether a line should not end after it
    joints: frozenset[int] = frozenset()  # offsets of hyphenation points at compound joints
    squeeze: frozenset[int] = frozenset()  # offsets of CJK punctuation set half-width
    tracking: float = 0.0  # em added after each letter of a script that may be spaced out




@lru_cache(maxsize=65536)
def advance(f: Face, size: int, text: str, features: tuple[str, ...] = (),
            direction: str = "ltr", lang: str = "", tracking: float = 0.0) -> int:
    """A run's advance width in px at `size` (a colour bitmap font scales its strike),
    with `tracking` px after each letter."""
    if f.strike:
        return round(emoji_strike(f, text)[0].width * emoji_size(size) / f.strike)
    font = get_font(f, size)
    width = font.getlength(text, direction=direction, features=list(features) or None,
                           language=lang or None)
    return round(width + tracking * letters(text)) if tracking else round(width)


def letters(text: str) -> int:
    """The letters (and spaces) tracking spaces out: every character but marks that
    join the one before and invisible controls."""
    return sum(1 for c in text if unicodedata.category(c) not in ("Mn", "Me", "Cf"))


# Tracking is for scripts with capitals and letters drawn apart: Latin, Greek, Cyrillic
# and their punctuation. Spacing out joined (Arabic, Devanagari) or square (CJK) letters
# would break them or mean nothing.
_TRACKED = re.compile(r"[\u0000-\u058f\u1e00-\u20cf\u2100-\u214f]*")


def tracked(text: str, f: Face, size: int, tracking: float) -> float:
    """The px of tracking `text` takes in face `f` at `size` (0 where it takes none)."""
    if not tracking or f.strike or _TRACKED.fullmatch(text) is None:
        return 0.0
    return tracking * size


def emoji_size(size: int) -> float:
    """Colour emoji are drawn a little larger than the text's em so they match capitals."""
    return size * 1.0


@lru_cache(maxsize=4096)
def run_size(f: Face, primary: Face, size: int) -> int:
    """The size a fallback face is drawn at so its x-height matches the primary's: a
    Latin name in a CJK face, or Greek in a face with a small eye, then reads as one
    line. Faces without Latin letters (Arabic, Hebrew, Devanagari) are drawn at the
    text size, as their designers matched them to Latin at equal size."""
    if f == primary or f.strike or ord("x") not in coverage(f):
        return size
    ratio = x_height(primary, size) / max(1.0, x_height(f, size))
    return round(size * min(1.25, max(0.8, ratio)))


def direction_of(text: str, default: str) -> str:
    """The direction of the text's strong letters (rtl or ltr), else `default`."""
    if text.isascii():  # a word of most texts: ltr if it has a letter (they all have case)
        return "ltr" if text.lower() != text.upper() else default
    if _RTL_CHARS.search(text):
        return "rtl"
    if _LTR_CHARS.search(text):
        return "ltr"
    return default


class _Cut(NamedTuple):
    """A piece before its size is known: its text, face, shaping and tracking. (Named
    tuples, not records: a size unpacks every cut, and unpacking is the cheaper.)"""

    text: str
    face: Face
    slot: int  # its face's index in `Measurer.faces`
    emphasis: bool
    extra: tuple[str, ...]  # features beyond the text's (Piece.features)
    features: tuple[str, ...]  # all it is shaped with: the text's and `extra`
    direction: str
    tracking: float  # px of tracking per px of size (0 where the piece takes none)


class _Plan(NamedTuple):
    """A unit before its size is known."""

    cuts: tuple[_Cut, ...]
    stripped: str  # the last cut without its trailing spaces
    stripped_direction: str
    hyphen: bool
    glued: bool
    joint: bool


class Measurer:
    """One prepared text's units, measured at any size.

    A fit measures its text at six or seven sizes (a binary search, then the even-rag
    breaking and the metrics at the size found). Measured on a 22-word quote, cutting
    and measuring afresh at each size took 106 µs a size; cutting once here takes
    70 µs, and each size is then a pass over the cuts with one cached advance each,
    46 µs. Units are kept by size, so the probes, the breaking and the metrics share
    them."""

    def __init__(self, p: Prepared, primary: Face, rtl: bool) -> None:
        self.prepared = p
        self.primary = primary
        self.rtl = rtl
        base = "rtl" if rtl else "ltr"
        cuts = sorted({0, len(p.text)} | {s for s, _, _ in p.runs}
                      | {e for _, e, _ in p.runs} | {x for span in p.emphasis for x in span}
                      | p.squeeze | {i + 1 for i in p.squeeze})
        faces: dict[Face, int] = {}
        plans = []
        for index, (start, end, hyphen) in enumerate(p.units):
            pieces: list[tuple[str, Face, bool, tuple[str, ...], float]] = []
            points = [start] + [c for c in cuts if start < c < end] + [end]
            for a, b in zip(points, points[1:], strict=False):
                f = next(face for s, e, face in p.runs if s <= a < e)
                chunk = p.text[a:b]
                emph = bool(p.emphasis) and any(x <= a < y for x, y in p.emphasis)
                if emph and p.emphasis_face is not None and f == primary \
                        and all(ord(c) in coverage(p.emphasis_face) for c in chunk):
                    f = p.emphasis_face
                extra = ("halt",) if a in p.squeeze else ()
                # Tracking is `tracking` em wherever it is not 0: the same at every size.
                em = tracked(chunk, f, 1, p.tracking)
                if pieces and pieces[-1][1] == f and pieces[-1][2] == emph \
                        and pieces[-1][3] == extra and pieces[-1][4] == em \
                        and not (p.hang and a == p.runs[0][1]):
                    chunk = pieces.pop()[0] + chunk
                pieces.append((chunk, f, emph, extra, em))
            out = tuple(_Cut(chunk, f, faces.setdefault(f, len(faces)), emph, extra,
                             p.features + extra, direction_of(chunk, base), em)
                        for chunk, f, emph, extra, em in pieces)
            stripped = out[-1].text.rstrip(" ")
            plans.append(_Plan(out, stripped, direction_of(stripped, base), hyphen,
                               bool(p.glue) and p.glue[index],
                               bool(hyphen) and end in p.joints))
        self.faces = tuple(faces)
        self._plans = tuple(plans)
        self._sizes: dict[int, tuple[Unit, ...]] = {}

    def at(self, size: int) -> tuple[Unit, ...]:
        """Each unit at `size`: its pieces and widths."""
        units = self._sizes.get(size)
        if units is None:
            units = self._sizes[size] = self._measure(size)
        return units

    def _measure(self, size: int) -> tuple[Unit, ...]:
        lang, features = self.prepared.lang, self.prepared.features
        sizes = [run_size(f, self.primary, size) for f in self.faces]
        out = []
        for cuts, stripped, stripped_direction, hyphen, glued, joint in self._plans:
            pieces = []
            width = 0
            for text, f, slot, emphasis, extra, feats, direction, em in cuts:
                s = sizes[slot]
                t = em * s
                w = advance(f, s, text, feats, direction, lang, t)
                width += w
                pieces.append(Piece(text, f, s, emphasis, w, extra, t))
            tail = pieces[-1]
            if stripped == tail.text:  # no trailing space: the same advance
                trimmed = width
            else:
                trimmed = width - tail.width + (
                    advance(tail.face, tail.size, stripped, cuts[-1].features,
                            stripped_direction, lang, tail.tracking) if stripped else 0)
            hyph = advance(tail.face, tail.size, "-", features) if hyphen else 0
            out.append(Unit(tuple(pieces), width, trimmed, hyph, glued, joint))
        return tuple(out)


@lru_cache(maxsize=512)
def measurer(p: Prepared, primary: Face, rtl: bool) -> Measurer:
    """The text's `Measurer` (cached: one for each prepared text)."""
    return Measurer(p, primary, rtl)


def measure(p: Prepared, primary: Face, size: int, rtl: bool) -> tuple[Unit, ...]:
    """Each unit at `size`: its pieces and widths."""
    return measurer(p, primary, rtl).at(size)
