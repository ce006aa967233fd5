"""Japanese and Chinese lines end between phrases (BudouX), inside one only where nothing
else fits. The quotes are our own, in fixtures/phrases/; scripts/cjk_phrases.py counts the
same settings' lines that end inside a phrase, before and after a change."""

from __future__ import annotations

import subprocess
import sys

import budoux
import pytest

import cards.text.fitting as fitting
from cards.design.model import Rect, TextStyle
from cards.text.breaking import prepare
from cards.text.fitting import Box, Setting, fit_text
from cards.text.languages import phrase_model
from cards.text.measuring import measure
from cards.text.phrases import phrase_starts
from cards.text.runs import chain
from cards.text.sysfonts import has_fontconfig, match
from tests.conftest import FIXTURES

STYLE = TextStyle(box=Rect(0, 0, 1, 1), font="Vollkorn-Regular", size_min=36,
                  size_max=76, line_height=1.2, max_lines=7, color="text", align="left",
                  valign="top")
HEIGHT = 346  # the classic template's quote box on a landscape card
WIDTHS = (360, 480, 600, 792)
PARSERS = {"ja": budoux.load_default_japanese_parser(),
           "zh-Hans": budoux.load_default_simplified_chinese_parser()}
SAMPLES = [(lang, text) for lang, name in (("ja", "ja"), ("zh-Hans", "zh"))
           for text in (FIXTURES / "phrases" / f"{name}.txt").read_text(
               encoding="utf-8").splitlines()]

needs_cjk = pytest.mark.skipif(
    not (has_fontconfig() and match("\u6C49", "zh-Hans", "serif") is not None),
    reason="no system CJK font: apt-get install fonts-noto-cjk")


def setting(lang: str) -> Setting:
    return Setting("quote", chain("Vollkorn-Regular"), lang, False)


def inside_phrase(text: str, lang: str, lines) -> list[int]:
    """Where a line other than the last ends inside one of BudouX's own phrases."""
    starts, at = {0}, 0
    for chunk in PARSERS[lang].parse(text):
        at += len(chunk)
        starts.add(at)
    ends, at = [], 0
    for line in lines[:-1]:
        at += sum(len(p.text) for u in line for p in u.pieces)
        ends.append(at)
    return [end for end in ends if end not in starts]


@pytest.mark.parametrize("tag,model", [
    ("ja", "ja"), ("ja-JP", "ja"), ("zh", "zh-hans"), ("zh-Hans", "zh-hans"),
    ("zh-CN", "zh-hans"), ("zh-SG", "zh-hans"), ("zh_cn", "zh-hans"),
    ("zh-Hant", "zh-hant"), ("zh-TW", "zh-hant"), ("zh-HK", "zh-hant"),
    ("zh-MO", "zh-hant"), ("zh-Hant-HK", "zh-hant"), ("ko", None), ("en", None),
])
def test_each_language_tag_picks_its_phrase_model(tag, model):
    assert phrase_model(tag) == model


def test_a_word_built_on_one_stays_whole():
    # BudouX's Chinese model gives 唯|一|一|个; a line must not start "一一个".
    starts = phrase_starts("城里唯一一个地方", "zh-Hans")
    assert starts is not None
    assert 3 not in starts and 5 not in starts and 4 in starts


def test_latin_text_and_other_languages_do_not_load_the_models():
    code = ("import sys; from cards.text.phrases import phrase_starts; "
            "assert phrase_starts('a card', 'ja') is None; "
            "assert phrase_starts('图书馆', 'ko') is None; "
            "print('budoux' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "False"


def test_no_line_may_start_with_one_one():
    p = prepare("唯一一个", tuple(chain("Vollkorn-Regular")), "quote", "zh-Hans")
    assert (1, 2, False) not in p.units  # no break between 唯 and 一一


@needs_cjk
@pytest.mark.parametrize("lang,text", SAMPLES)
def test_lines_end_between_phrases_wherever_some_setting_allows(lang, text):
    for width in WIDTHS:
        box = Box(0, 0, width, HEIGHT)
        fit = fit_text(STYLE, text, box, setting(lang))
        assert fit is not None, width  # every sample still fits
        # No line starts with a 一 that reads as a dash: one split from 唯一, or 一一.
        for before, line in zip(fit.texts, fit.texts[1:], strict=False):
            assert not (line.startswith("一") and before.endswith("唯")), fit.texts
            assert not line.startswith("一一"), fit.texts
        # A line ends inside a phrase only where, at the size chosen, no breaking
        # between phrases fits the lines allowed.
        phrases_only = fitting._measure(STYLE, fitting._measurer(text, setting(lang)), fit.size,
                                        box, setting(lang),
                                        strict=True)
        if phrases_only is not None:
            assert fit.strands == 0, (width, fit.texts)
            assert inside_phrase(text, lang, fit.lines) == [], (width, fit.texts)


@needs_cjk
def test_a_phrase_is_split_rather_than_the_quote_refused():
    # One size, three lines of five characters: 子ども|たちの|居場所を|守る needs
    # four lines whole, so a phrase is split.
    style = TextStyle(box=Rect(0, 0, 1, 1), font="Vollkorn-Regular", size_min=40,
                      size_max=40, line_height=1.2, max_lines=3, color="text",
                      align="left", valign="top")
    text = "子どもたちの居場所を守る"
    s = setting("ja")
    em = measure(prepare(text, s.faces, "quote", "ja"), s.primary, 40, False)[0].width
    fit = fit_text(style, text, Box(0, 0, 5 * em + 2, 200), s)
    assert fit is not None
    assert len(fit.texts) == 3 and fit.strands >= 1


@needs_cjk
@pytest.mark.parametrize("lang", ["ja", "zh-Hans"])
def test_few_lines_end_inside_a_phrase(lang):
    """Over our 20 quotes at four widths, at most 3% of lines end inside a phrase: the
    size may go up to a fifth smaller to avoid it (with a tenth, as for a short word,
    39 of 338 Japanese lines did)."""
    lines = inside = 0
    for sample_lang, text in SAMPLES:
        if sample_lang != lang:
            continue
        for width in WIDTHS:
            fit = fit_text(STYLE, text, Box(0, 0, width, HEIGHT), setting(lang))
            assert fit is not None
            lines += len(fit.lines)
            inside += len(inside_phrase(text, lang, fit.lines))
    assert inside <= 0.03 * lines, (inside, lines)
