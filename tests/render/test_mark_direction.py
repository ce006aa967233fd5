"""The quotation marks on a right-to-left card point the way HarfBuzz draws them.

Measured in pixels: the ink at each end of the quote is cut out of the rendered card and
compared with every quotation mark as Pillow (raqm and HarfBuzz) draws it alone, right to
left, in the same face and size. The best match must be the mark the quote's text has at
that end, so a guillemet turned twice (once by us, once by HarfBuzz, which mirrors « » ‹ ›
in right-to-left text) is caught, whatever the font's glyphs look like.
"""

from __future__ import annotations

import io
from functools import cache

import pytest
from msgspec.structs import replace
from PIL import Image, ImageDraw

from cards import load_article, load_template, verify_quote
from cards.pipeline import card_spec, render_card
from cards.quotes.style import enclose
from cards.text.faces import get_font
from cards.text.fitting import Face, Span, TextBlock
from tests.conftest import FIXTURES
from tests.render.test_scripts import CASES

SCRIPTS = FIXTURES / "scripts"
# Marks of one shape, told apart by which way they face: the drawn mark is compared with
# those of its own kind, so the outer chevron of a « never passes for a ‹.
KINDS = ("«»", "‹›", "“”„")
MARKS = {"«»": ("«", "»", "‹", "›"), "“”": ("“", "”", "‘", "’"), "‹›": ("‹", "›", "«", "»"),
         "”“": ("”", "“", "’", "‘")}


@cache
def _card(case: str, marks: str, preset: str) -> tuple[TextBlock, Image.Image]:
    article = load_article(str(SCRIPTS / f"{case}.md"))
    quote = verify_quote(article, CASES[case][0])
    spec = card_spec(article, quote, load_template("classic"), preset, article.url)
    spec = replace(spec, quote=enclose(quote.text, spec.lang, MARKS[marks]))
    card = render_card(spec)
    image = Image.open(io.BytesIO(card.png())).convert("RGB")
    return card.layout.text("quote"), image


def _ink(image: Image.Image, color: tuple[int, ...], box: tuple[int, int, int, int]) -> Image.Image:
    """The pixels of `box` nearer the text colour than the paper, as a 1-bit mask."""
    crop = image.crop(box)
    paper = image.getpixel((box[0], box[1]))
    assert isinstance(paper, tuple)
    far = sum((a - b) ** 2 for a, b in zip(paper, color, strict=False))
    mask = Image.new("1", crop.size, 0)
    mask.putdata([255 if sum((a - b) ** 2 for a, b in zip(p, color, strict=False)) * 4 < far
                  else 0 for p in crop.get_flattened_data()])
    return mask


def _reference(mark: str, face: Face, size: int, block: TextBlock) -> Image.Image:
    """`mark` as HarfBuzz draws it alone in a right-to-left run, cropped to its ink."""
    image = Image.new("L", (size * 3, size * 2), 0)
    ImageDraw.Draw(image).text((size, size), mark, fill=255, anchor="ls",
                               font=get_font(face, size), direction="rtl",
                               language=block.lang or None,
                               features=list(block.features) or None)
    image = image.crop((0, size - size * 7 // 10, image.width, size))  # as `_drawn_mark` cuts
    bbox = image.getbbox()
    assert bbox is not None, mark
    return image.crop(bbox).point(lambda v: 255 if v >= 128 else 0).convert("1")


def _mismatch(a: Image.Image, b: Image.Image) -> int:
    """Pixels that differ between two masks, the smaller padded to the larger."""
    w, h = max(a.width, b.width), max(a.height, b.height)
    pa, pb = Image.new("1", (w, h), 0), Image.new("1", (w, h), 0)
    pa.paste(a, (0, 0))
    pb.paste(b, (0, 0))
    return sum(1 for x, y in zip(pa.get_flattened_data(), pb.get_flattened_data(), strict=True) if bool(x) != bool(y))


def _drawn_mark(block: TextBlock, image: Image.Image, span: Span, at_right: bool,
                line: int, kind: str) -> str:
    """Which of the marks of `kind` the ink at one end of a line looks like."""
    base = block.lines[line].baseline
    color = span.color
    left = min(s.x for s in block.lines[line].spans) - span.size // 2
    right = max(s.x + s.width for s in block.lines[line].spans) + span.size // 2
    # From about the x-height to the baseline: every mark has ink there, and neither the
    # descenders of the line above nor the tails below this one's baseline reach it.
    band = (max(0, left), base - span.size * 7 // 10, min(image.width, right), base)
    ink = _ink(image, color, band)
    bbox = ink.getbbox()
    assert bbox is not None
    refs = {c: _reference(c, span.face, span.size, block) for c in kind}
    scores = {}
    for c, ref in refs.items():
        # The mark's own columns at that end of the line, cut to the mark's width.
        x0 = bbox[2] - ref.width if at_right else bbox[0]
        column = ink.crop((x0, 0, x0 + ref.width, ink.height))
        rows = column.getbbox()
        if rows is None:
            scores[c] = ref.width * ref.height
            continue
        scores[c] = _mismatch(column.crop(rows), ref)
    return min(scores, key=lambda c: scores[c])


def _kind(mark: str) -> str:
    return next(kind for kind in KINDS if mark in kind)


@pytest.mark.parametrize("case", ["fa", "ar", "he"])
@pytest.mark.parametrize("marks", ["«»", "‹›", "“”", "”“"])
def test_right_to_left_marks_point_as_harfbuzz_draws_them(case, marks):
    block, image = _card(case, marks, "landscape")
    assert block.direction == "rtl"
    opening, closing = block.text[0], block.text[-1]
    assert (opening, closing) == tuple(marks)
    # Right to left, the quote opens at the right end of its first line and closes at
    # the left end of its last.
    first = max(block.lines[0].spans, key=lambda s: s.x)
    last = min(block.lines[-1].spans, key=lambda s: s.x)
    assert _drawn_mark(block, image, first, at_right=True, line=0, kind=_kind(opening)) == opening
    assert _drawn_mark(block, image, last, at_right=False, line=-1, kind=_kind(closing)) == closing


@pytest.mark.parametrize("preset", ["square", "portrait", "story"])
def test_persian_guillemets_point_outward_on_every_preset(preset):
    block, image = _card("fa", "«»", preset)
    first = max(block.lines[0].spans, key=lambda s: s.x)
    last = min(block.lines[-1].spans, key=lambda s: s.x)
    assert _drawn_mark(block, image, first, at_right=True, line=0, kind="«»") == "«"
    assert _drawn_mark(block, image, last, at_right=False, line=-1, kind="«»") == "»"


def test_an_arabic_articles_own_guillemets_reach_the_card_pointing_outward():
    from cards import parse_article

    words = CASES["ar"][0]
    article = parse_article(
        "---\ntitle: T\nurl: https://example.org/t\nlang: ar\n---\n\n"
        f"وقالت مديرة المكتبة سارة الحسيني: «{words}».\n", "t.md")
    spec = card_spec(article, verify_quote(article, words), load_template("classic"),
                     "landscape", article.url)
    card = render_card(spec)
    block = card.layout.text("quote")
    image = Image.open(io.BytesIO(card.png())).convert("RGB")
    assert (block.text[0], block.text[-1]) == ("«", "»")
    first = max(block.lines[0].spans, key=lambda s: s.x)
    last = min(block.lines[-1].spans, key=lambda s: s.x)
    assert _drawn_mark(block, image, first, at_right=True, line=0, kind="«»") == "«"
    assert _drawn_mark(block, image, last, at_right=False, line=-1, kind="«»") == "»"
