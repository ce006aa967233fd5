"""Adjacent full-width punctuation in Japanese and Simplified Chinese is compressed: a
closing mark before another mark, or an opening mark after another opening one, is set
half-width (the font's `halt`), so "。”" leaves no half-em hole. Measured on the card's
pixels: the gap between the two marks' ink."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from cards import load_article, load_template, verify_quote
from cards.pipeline import card_spec, render_card
from cards.text.breaking import prepare
from cards.text.runs import chain
from cards.text.sysfonts import has_fontconfig, match

needs_cjk = pytest.mark.skipif(
    not (has_fontconfig() and match("\u6C49", "zh-Hans", "serif") is not None),
    reason="no system CJK font: apt-get install fonts-noto-cjk")

ARTICLE = """---
title: 渡轮恢复通航
url: https://example.org/{lang}/ferry
site: 河畔日报
lang: {lang}
---

{body}
"""


def card(tmp_path: Path, lang: str, body: str, quote: str, template: str = "classic"):
    path = tmp_path / f"{lang}.md"
    path.write_text(ARTICLE.format(lang=lang, body=body), encoding="utf-8")
    article = load_article(str(path))
    spec = card_spec(article, verify_quote(article, quote), load_template(template),
                     "landscape", article.url, "王小明")
    made = render_card(spec)
    return made.layout, Image.open(io.BytesIO(made.png())).convert("L")


def ink_runs(image: Image.Image, x0: int, x1: int, top: int, bottom: int,
             ground: int) -> list[tuple[int, int]]:
    """Columns from x0 to x1 with ink between top and bottom, as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for x in range(x0, x1):
        inked = any(abs(image.getpixel((x, y)) - ground) > 60 for y in range(top, bottom))
        if inked and runs and runs[-1][1] == x - 1:
            runs[-1] = (runs[-1][0], x)
        elif inked:
            runs.append((x, x))
    return runs


def gap_after(layout, image, char: str) -> tuple[float, tuple[str, ...], tuple[str, ...]]:
    """The gap between the ink of `char`, where it ends a span, and the next span's first
    ink in the quote, in ems; and the features each of the two was drawn with."""
    block = layout.text("quote")
    ground = image.getpixel((2, image.height // 2))
    for line in block.lines:
        for i, span in enumerate(line.spans):
            if span.text.endswith(char) and i + 1 < len(line.spans):
                x0 = span.x + span.width - span.size
                x1 = line.spans[i + 1].x + span.size
                runs = ink_runs(image, x0, x1, line.baseline - span.size,
                                line.baseline + span.size // 4, ground)
                assert len(runs) >= 2, runs
                after = line.spans[i + 1]
                return (runs[1][0] - runs[0][1]) / span.size, span.features, after.features
    raise AssertionError(f"{char!r} is not the end of a span: {block.lines}")


@needs_cjk
def test_a_full_stop_before_a_closing_mark_leaves_no_hole(tmp_path):
    layout, image = card(tmp_path, "zh-Hans", "馆长说：“我们会一直开着门。”", "我们会一直开着门。")
    gap, features, _ = gap_after(layout, image, "。")
    assert features == ("halt",)
    # Full-width, the 。 keeps the right half of its em empty: about 0.7 em of paper
    # between its ink and the ”'s. Half-width, about a quarter.
    assert gap < 0.35, gap


@needs_cjk
def test_nested_japanese_brackets_close_up(tmp_path):
    body = "館長は「『居場所』を守ります」と話した。"
    layout, image = card(tmp_path, "ja", body, "『居場所』を守ります", "night")
    assert layout.text("quote").text.startswith("「『")
    # The card's 「 hangs; the 『 after it loses its empty left half, so the two marks'
    # ink sits together, as in a book, not 0.7 em apart.
    gap, first, second = gap_after(layout, image, "「")
    assert (first, second) == ((), ("halt",))
    assert gap < 0.35, gap


@needs_cjk
@pytest.mark.parametrize("lang,text,squeezed", [
    # closing before closing, closing before opening, opening after opening
    ("zh-Hans", "他说：“走吧。”然后（笑）「『好』」", {"。", "）", "』", "『"}),
    ("ja", "「『居場所』」です。（笑）", {"『", "』", "。"}),
])
def test_which_marks_are_set_half_width(lang, text, squeezed):
    p = prepare(text, chain("Vollkorn-Regular"), "quote", lang)
    assert {text[i] for i in p.squeeze} == squeezed


@needs_cjk
@pytest.mark.parametrize("lang", ["zh-Hant", "zh-TW", "zh-HK", "ko", "en"])
def test_centred_or_latin_punctuation_is_left_alone(lang):
    # Traditional Chinese centres its marks in the em: there is no empty half to take.
    p = prepare("他說：「走吧。」（笑）", chain("Vollkorn-Regular"), "quote", lang)
    assert p.squeeze == frozenset()


def test_latin_marks_are_never_squeezed():
    p = prepare("“Go.” (Now.)", chain("Vollkorn-Regular"), "quote", "zh-Hans")
    assert p.squeeze == frozenset()
