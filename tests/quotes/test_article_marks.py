"""A card keeps the article's own quotation marks where they are correct for its
language (`article_marks`, `quote_styles`), and falls back to CLDR's otherwise."""

from __future__ import annotations

import pytest

from cards import load_template, parse_article, verify_quote
from cards.pipeline import card_spec
from cards.quotes.style import article_marks
from cards.text.languages import QUOTE_MARKS, quote_styles

AR_WORDS = "سنعيد للناس مكانًا يقرؤون فيه بلا مقابل"


def _span(text: str, words: str) -> tuple[int, int]:
    k = text.index(words)
    return k, k + len(words)


def test_quote_styles_start_with_cldr_and_add_only_the_listed_ones():
    assert quote_styles("ar") == (QUOTE_MARKS["ar"], ("«", "»", "”", "“"))
    assert quote_styles("de-AT") == (QUOTE_MARKS["de"], ("»", "«", "›", "‹"))
    assert quote_styles("de-CH") == (QUOTE_MARKS["de-CH"],)
    assert quote_styles("fa") == (QUOTE_MARKS["fa"],)


@pytest.mark.parametrize("text,lang,expected", [
    # An Arabic article quoting in guillemets keeps them, inside a longer paragraph too.
    (f"وقالت المديرة: «{AR_WORDS}، ولن نغلقه».", "ar", ("«", "»", "”", "“")),
    # ... and in CLDR's own marks gets CLDR's.
    (f"وقالت المديرة: ”{AR_WORDS}“.", "ar", QUOTE_MARKS["ar"]),
    # A quotation the paragraph leaves open is judged by its opening mark.
    (f"وقالت المديرة: «{AR_WORDS}", "ar", ("«", "»", "”", "“")),
    # German book style.
    ("Sie sagte: »Wir öffnen die Bibliothek wieder für alle«.", "de", ("»", "«", "›", "‹")),
])
def test_the_article_style_is_kept_where_it_is_correct(text, lang, expected):
    words = AR_WORDS if lang == "ar" else "Wir öffnen die Bibliothek"
    assert article_marks(text, _span(text, words), lang) == expected


@pytest.mark.parametrize("text,lang,words", [
    # Guillemets are not a style of English; straight marks are a keyboard's, not a style.
    ("She said: «We will reopen the library for everyone».", "en", "We will reopen"),
    (f'وقالت المديرة: "{AR_WORDS}".', "ar", AR_WORDS),
    # Words not inside a quotation in the article have no style of their own.
    (f"وقالت المديرة إن {AR_WORDS}.", "ar", AR_WORDS),
    # The quotation that holds the words decides, not one elsewhere in the article.
    (f"«كلمة أولى هنا».\n\nوقالت المديرة: ”{AR_WORDS}“.", "ar", AR_WORDS),
])
def test_otherwise_none_and_cldr_decides(text, lang, words):
    assert article_marks(text, _span(text, words), lang) in (None, QUOTE_MARKS[lang])
    assert article_marks(text, None, lang) is None


def _article(body: str, lang: str):
    return parse_article(f"---\ntitle: T\nurl: https://example.org/t\nlang: {lang}\n---\n\n"
                         f"{body}\n", "t.md")


def test_an_arabic_article_in_guillemets_keeps_them_on_its_card():
    article = _article(f"وقالت مديرة المكتبة سارة الحسيني: «{AR_WORDS}، ولن نغلقه مرة أخرى».",
                       "ar")
    quote = verify_quote(article, AR_WORDS)
    spec = card_spec(article, quote, load_template("classic"), "landscape", article.url)
    assert spec.quote == f"«{AR_WORDS}»"


def test_an_english_article_in_guillemets_gets_english_marks():
    article = _article("She said: «We will reopen the library for everyone, and we will"
                       " never close it again».", "en")
    quote = verify_quote(article, "We will reopen the library for everyone")
    spec = card_spec(article, quote, load_template("classic"), "landscape", article.url)
    assert spec.quote == "“We will reopen the library for everyone”"
