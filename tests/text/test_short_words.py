"""No short word left at the end of a line: the lines the size search produces, in
English, Russian, Czech and Polish, with the old breaker (no glue) as the control."""

from __future__ import annotations

import pytest

import cards.text.fitting as fitting
import cards.text.glue as glue
from cards.design.model import Rect, TextStyle
from cards.text.breaking import balanced_breaks, prepare
from cards.text.faces import face
from cards.text.fitting import Box, Setting, fit_text
from cards.text.languages import binds_forward
from cards.text.measuring import Unit, advance, measurer
from cards.text.runs import chain

STYLE = TextStyle(
    box=Rect(0, 0, 1, 1), font="Vollkorn-Regular", size_min=30, size_max=80,
    line_height=1.2, max_lines=6, color="text", align="left", valign="top",
)
# The words each sample must not leave at a line's end, written out here rather than
# read from the table under test.
SHORT = {
    "en": {"a", "i"},
    "ru": {"в", "к", "с", "у", "о", "и", "а", "я", "на", "не", "по"},
    "cs": {"v", "k", "s", "z", "o", "u", "a", "i"},
    "pl": {"w", "z", "i", "o", "u", "a"},
}
# Each of these, in a box this wide, ended a line on a short word before the glue.
SAMPLES = [
    ("en", "I think a city that builds a ferry and a bridge is a city that I would live in.",
     700),
    ("en", "We said a word and I knew a deal was done, and a crowd began to cheer as I left.",
     900),
    ("ru", "Мы вышли в город и увидели, как в парке у реки с утра играют дети и собаки.", 700),
    ("ru", "Он сказал, что о мосте и о пароме надо думать вместе, а не по отдельности.", 700),
    ("cs", "Město chce, aby přívoz a most byly hotové v létě a o zimu se nikdo nestaral.", 700),
    ("cs", "Řekl jsem, že i v dešti a v mrazu budeme jezdit k moři s celou rodinou.", 700),
    ("pl", "Miasto chce, aby prom i most były gotowe w lecie, a o zimę nikt się nie martwi.",
     700),
    ("pl", "Powiedział, że z portu w Gdańsku i z Gdyni odpływają promy o każdej porze dnia.",
     700),
]


def stranded(lines: tuple[str, ...], lang: str) -> list[str]:
    """The short words that end a line other than the last."""
    ends = [line.split(" ")[-1].lstrip("“„«‘‚\"'(") for line in lines[:-1]]
    return [word for word in ends if word.lower() in SHORT[lang]]


def fit(text: str, lang: str, width: int):
    setting = Setting("quote", chain("Vollkorn-Regular"), lang, False)
    result = fit_text(STYLE, text, Box(0, 0, width, 300), setting)
    assert result is not None
    return result


@pytest.fixture
def no_glue(monkeypatch):
    """The breaker as it was: no word binds to the next."""
    monkeypatch.setattr(glue, "binds_forward", lambda word, lang: False)
    prepare.cache_clear()
    measurer.cache_clear()
    yield
    monkeypatch.undo()
    prepare.cache_clear()
    measurer.cache_clear()


@pytest.mark.parametrize("lang,text,width", SAMPLES)
def test_the_old_breaker_strands_a_short_word(no_glue, lang, text, width):
    assert stranded(fit(text, lang, width).texts, lang)


@pytest.mark.parametrize("lang,text,width", SAMPLES)
def test_no_short_word_ends_a_line(lang, text, width):
    result = fit(text, lang, width)
    assert stranded(result.texts, lang) == []
    assert result.strands == 0


@pytest.mark.parametrize("lang,text,width", SAMPLES)
def test_keeping_short_words_costs_at_most_a_tenth_of_the_size(monkeypatch, lang, text,
                                                               width):
    glued = fit(text, lang, width).size
    monkeypatch.setattr(fitting, "STRAND_SHRINK", 0.0)
    largest = fit(text, lang, width).size
    assert largest * 0.9 <= glued <= largest


def test_a_short_word_ends_a_line_when_nothing_else_fits():
    # At one size, in two lines, "word a" then "words" is the only breaking: the quote is
    # set that way rather than refused.
    style = TextStyle(box=Rect(0, 0, 1, 1), font="Vollkorn-Regular", size_min=40,
                      size_max=40, line_height=1.2, max_lines=2, color="text",
                      align="left", valign="top")
    width = advance(face("Vollkorn-Regular"), 40, "word a") + 2
    setting = Setting("quote", chain("Vollkorn-Regular"), "en", False)
    result = fit_text(style, "word a words", Box(0, 0, width, 200), setting)
    assert result is not None
    assert result.texts == ("word a", "words")
    assert result.strands == 1


def test_the_even_rag_breaks_elsewhere_when_it_can():
    # Six words of 100 px; the break after the third (the even rag's choice) is glued,
    # so the lines split 2 + 4 or 4 + 2 instead, though that leaves a worse rag.
    units = tuple(Unit((), 110, 100, 0, glued=(i == 2)) for i in range(6))
    ends = balanced_breaks(units, [450, 450], 3, no_widow=True)
    assert ends is not None and 3 not in ends[:-1]
    plain = tuple(Unit((), 110, 100) for _ in range(6))
    assert balanced_breaks(plain, [450, 450], 3, no_widow=True) == [3, 6]


@pytest.mark.parametrize("word,lang,binds", [
    ("a", "en", True), ("I", "en", True), ("to", "en", False), ("B", "en", True),
    ("на", "ru", True), ("же", "ru", False), ("ve", "cs", True), ("se", "cs", False),
    ("we", "pl", True), ("vo", "sk", True), ("ve", "en", False), ("字", "zh", False),
    ("à", "fr", True), ("5", "en", False), ("이", "ko", True), ("새", "ko", True),
    ("도시의", "ko", False), ("이", "ja", False),
])
def test_which_words_bind_to_the_next(word, lang, binds):
    assert binds_forward(word, lang) is binds
