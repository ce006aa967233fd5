"""The measurer: units cut once per prepared text and measured at any size are the units
the per-size measuring gave, warm or cold, whatever order the sizes come in."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.text.breaking import prepare
from cards.text.faces import Face, coverage, face
from cards.text.measuring import (
    Measurer,
    Piece,
    Prepared,
    Unit,
    advance,
    direction_of,
    measure,
    measurer,
    run_size,
    tracked,
)
from cards.text.runs import chain


def per_size(p: Prepared, primary: Face, size: int, rtl: bool) -> tuple[Unit, ...]:
    """The control: the measuring as it was before the measurer, cutting every unit
    into pieces again at each size."""
    base = "rtl" if rtl else "ltr"
    cuts = sorted({0, len(p.text)} | {s for s, _, _ in p.runs} | {e for _, e, _ in p.runs}
                  | {x for span in p.emphasis for x in span}
                  | p.squeeze | {i + 1 for i in p.squeeze})
    out = []
    for index, (start, end, hyphen) in enumerate(p.units):
        pieces: list[Piece] = []
        points = [start] + [c for c in cuts if start < c < end] + [end]
        for a, b in zip(points, points[1:], strict=False):
            f = next(face for s, e, face in p.runs if s <= a < e)
            chunk = p.text[a:b]
            emph = any(x <= a < y for x, y in p.emphasis)
            if emph and p.emphasis_face is not None and f == primary \
                    and all(ord(c) in coverage(p.emphasis_face) for c in chunk):
                f = p.emphasis_face
            s = run_size(f, primary, size)
            extra = ("halt",) if a in p.squeeze else ()
            feats = p.features + extra
            t = tracked(chunk, f, s, p.tracking)
            width = advance(f, s, chunk, feats, direction_of(chunk, base), p.lang, t)
            if pieces and pieces[-1].face == f and pieces[-1].emphasis == emph \
                    and pieces[-1].features == extra and pieces[-1].tracking == t \
                    and not (p.hang and a == p.runs[0][1]):
                last = pieces.pop()
                chunk = last.text + chunk
                width = advance(f, s, chunk, feats, direction_of(chunk, base), p.lang, t)
            pieces.append(Piece(chunk, f, s, emph, width, extra, t))
        width = sum(piece.width for piece in pieces)
        tail = pieces[-1]
        stripped = tail.text.rstrip(" ")
        trimmed = width - tail.width + (
            advance(tail.face, tail.size, stripped, p.features + tail.features,
                    direction_of(stripped, base), p.lang, tail.tracking) if stripped else 0
        )
        hyph = advance(tail.face, tail.size, "-", p.features) if hyphen else 0
        glued = bool(p.glue) and p.glue[index]
        out.append(Unit(tuple(pieces), width, trimmed, hyph, glued,
                        bool(hyphen) and end in p.joints))
    return tuple(out)


CASES = [
    # text, lang, rtl, emphasis, emphasis font, tracking, hang
    ("“We will build the ferry, and a bridge—whatever it costs—before 2030.”", "en",
     False, ((3, 7),), "Vollkorn-Italic", 0.0, True),
    ("« Nous\u202fconstruirons le pont, quoi qu’il en coûte. »", "fr", False, (), None, 0.0,
     True),
    ("THE MAYOR OF ATHENS, Ο ΔΗΜΑΡΧΟΣ", "el", False, (), None, 0.08, False),
    ("Die Bundesfördermittelverwaltung prüft die Donaudampfschifffahrtsgesellschaft.",
     "de", False, (), None, 0.0, True),
    ("قال رئيس البلدية إن الجسر (2030) سيُبنى مهما كلّف", "ar", True, ((4, 9),), None, 0.0,
     False),
    ("महापौर ने कहा: पुल 2030 तक बनेगा, Ana Ruiz के अनुसार", "hi", False, (), None, 0.0, False),
]
SIZES = [36, 76, 56, 66, 61, 58, 57, 36]


@pytest.mark.parametrize(("text", "lang", "rtl", "emphasis", "emphasis_font", "tracking",
                          "hang"), CASES)
def test_units_as_measured_at_each_size(text: str, lang: str, rtl: bool,
                                        emphasis: tuple[tuple[int, int], ...],
                                        emphasis_font: str | None, tracking: float,
                                        hang: bool) -> None:
    faces = chain("Vollkorn-Regular")
    p = prepare(text, faces, "quote", lang, emphasis, ("kern", "liga"), hang,
                face(emphasis_font) if emphasis_font else None, tracking)
    warm = Measurer(p, faces[0], rtl)
    for size in SIZES:  # a binary search's order, then one size again (warm)
        expected = per_size(p, faces[0], size, rtl)
        assert warm.at(size) == expected
        assert Measurer(p, faces[0], rtl).at(size) == expected  # cold
        assert measure(p, faces[0], size, rtl) == expected
    assert measurer(p, faces[0], rtl) is measurer(p, faces[0], rtl)


def test_a_faces_hash_agrees_with_equality() -> None:
    # Face hashes only its name and index (hashing its path was a third of the cost of
    # a cached advance): faces that differ only in their file are still unequal.
    inter = face("Inter-Bold")
    copy = Face(inter.name, Path(str(inter.path)))
    assert copy == inter and hash(copy) == hash(inter)
    elsewhere = Face(inter.name, Path("/elsewhere/Inter-Bold.otf"))
    assert elsewhere != inter
    assert len({inter, copy, elsewhere}) == 2


def _direction_by_search(text: str, default: str) -> str:
    """`direction_of` as it was, by its two searches alone: the oracle of its fast path."""
    from cards.text.measuring import _LTR_CHARS, _RTL_CHARS

    if _RTL_CHARS.search(text):
        return "rtl"
    return "ltr" if _LTR_CHARS.search(text) else default


@pytest.mark.parametrize("default", ["ltr", "rtl"])
def test_a_plain_ascii_words_direction_is_the_searches_answer(default):
    """A word of plain ASCII takes its direction without the searches: the same answer
    for every ASCII character, alone and in words."""
    from cards.text.measuring import direction_of

    for point in range(128):
        for text in (chr(point), f"a{chr(point)}", f"1{chr(point)} ", f"({chr(point)})"):
            assert direction_of(text, default) == _direction_by_search(text, default), text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x10FF)), st.sampled_from(["ltr", "rtl"]))
def test_any_texts_direction_is_the_searches_answer(text, default):
    from cards.text.measuring import direction_of

    assert direction_of(text, default) == _direction_by_search(text, default)
