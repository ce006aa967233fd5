"""Who is introduced by name in an article: `_mentions` finds runs of capitalised
words with one regular expression; it must find what walking the text word by word
found, in every language's lexicon."""

from __future__ import annotations

import pathlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.quotes.lexicons import Lexicon, merged, words_of
from cards.quotes.speakers import _cap, _mentions, clean_name


def _mentions_before(text: str, lex: Lexicon) -> list[tuple[int, str]]:
    """`_mentions` as it was, walking the text word by word: the oracle."""
    found: list[tuple[int, str]] = []
    tokens = list(re.finditer(r"[^\W\d_][\w’'-]*\.?", text))
    k = 0
    while k < len(tokens):
        run = [tokens[k]]
        while k + len(run) < len(tokens):
            nxt = tokens[k + len(run)]
            if text[run[-1].end() : nxt.start()] != " " or run[-1].group(0).endswith("."):
                break
            run.append(nxt)
        words = [m.group(0) for m in run]
        start = 0
        while start < len(words) and (not _cap(words[start]) or words[start] in lex.not_names):
            start += 1
        end = start
        while end < len(words) and (_cap(words[end]) or words[end] in lex.particles):
            end += 1
        if end - start >= 2 and _cap(words[end - 1]):
            name = clean_name(words[start:end], lex)
            if name:
                found.append((run[start].start(), name))
        k += max(end, 1)
    return found



_WORDS = ["Ana", "Ruiz", "Mr.", "Dr.", "Dupont", "von", "der", "Leyen", "de", "Gaulle", "The",
          "the", "council", "said", "Mayor", "Łukasz", "Émile", "O’Neil", "Jean-Luc", "x2",
          "A.", "I", "she", "2024", "Tarrant", "County", "Sheriff", "CEO", "van", "Müller",
          "und", "y", "Pérez", "día", "le", "maire", "Satya", "Nadella", "’s", "—", "_x",
          "3rd", "St.", "Paul", "NASA", "ÉCOLE", "d’Arc", "l’État", "Ümit", "ab", "Zoë"]
_SEPARATORS = [" ", " ", " ", " ", "  ", ", ", ". ", "\n", "\n\n", "—", "-", "; ", "“", "”",
               "'", "", "(", ") ", ".", ":"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)),
                max_size=60),
       st.sampled_from(["en", "de", "fr", "es", "merged"]))
def test_mentions_are_the_ones_walking_word_by_word_found(pieces, lang):
    text = "".join(word + separator for word, separator in pieces)
    lex = merged() if lang == "merged" else words_of(lang)
    assert _mentions(text, lex) == _mentions_before(text, lex)


@pytest.mark.parametrize("lang", ["en", "de", "fr", "es"])
def test_mentions_in_the_shared_sample_pages_and_our_stories(lang):
    """The sample stories of our own, and every text under tests/, in each lexicon."""
    lex = words_of(lang)
    texts = [p.read_text(encoding="utf-8") for p in sorted(
        pathlib.Path(__file__).resolve().parents[2].glob("examples/*.md"))]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(
        pathlib.Path(__file__).resolve().parents[1].glob("**/*.md"))]
    assert texts
    for text in texts:
        assert _mentions(text, lex) == _mentions_before(text, lex)
