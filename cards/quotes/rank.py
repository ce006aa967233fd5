"""Ranking quotations for a card: a complete sentence, a named speaker and a length that
fits count; `cards quotes` shows each one's number, score and reason."""

from __future__ import annotations

from functools import lru_cache

from msgspec import Struct

from cards.article.model import Article
from cards.quotes.find import Found, Quote, is_cjk, listed
from cards.quotes.speakers import is_named, lexicon


class Candidate(Struct, frozen=True):
    """A quotation as `cards quotes` lists it: its number (the one `--quote` takes),
    how well it suits a card, and why."""

    number: int
    quote: Quote
    chars: int
    complete: bool
    score: int
    reason: str


# The length that fits a card: long enough to say something, short enough to be set at
# a size that reads in a feed. A Chinese or Japanese character carries about what two
# Latin letters do, so for those the range is halved.
CARD_CHARS = (40, 280)

_CJK_CARD_CHARS = (20, 140)


def _assess(found: Found, named: bool, described: bool) -> tuple[int, str]:
    """The score that ranks a quotation for a card, and the reason, one line. A whole
    sentence and a named speaker count most (a fragment reads as a misquote, and a card's
    attribution is half its credibility), a length that fits next."""
    text = found.quote.text
    low, high = _CJK_CARD_CHARS if is_cjk(text) else CARD_CHARS
    chars = len(text)
    fits = low <= chars <= high
    size = "" if fits else " (short)" if chars < low else " (long)"
    who = "speaker named" if named else "speaker described" if described else "no speaker"
    if found.quote.by_pronoun and (named or described):
        # Who a "she said" stands for is the one person talking in view; whether "she"
        # fits that name is for the editor to see.
        who = "speaker taken from a pronoun (check it)"
    score = 3 * found.complete + 2 * fits + (3 if named else 1 if described else 0)
    form = "complete sentence" if found.complete else "fragment"
    return score, f"{form} · {chars} characters{size} · {who}"


def rank_quotes(
    article: Article, min_chars: int | None = None, max_chars: int | None = None
) -> tuple[Candidate, ...]:
    """The article's quotations, best for a card first, numbered; those shorter than
    `min_chars` or longer than `max_chars` left out, with the others keeping the numbers
    they have in the full list (so a number means the same quote whatever the filter).

    Ranked by score: a complete sentence 3, a named speaker 3 (a described one, "an
    employee", 1), a length of 40–280 characters (20–140 in Chinese or Japanese) 2.
    Equal scores keep the article's order."""
    return tuple(
        c for c in _ranked(article)
        if (min_chars is None or c.chars >= min_chars)
        and (max_chars is None or c.chars <= max_chars)
    )  # fmt: skip


@lru_cache(maxsize=8)
def _ranked(article: Article) -> tuple[Candidate, ...]:
    """Every listed quotation, ranked: once per article and process."""
    lex = lexicon(article)
    scored = []
    for found in listed(article):
        speaker = found.quote.speaker
        named = is_named(speaker, lex)
        score, reason = _assess(found, named, bool(speaker) and not named)
        scored.append((found, score, reason))
    scored.sort(key=lambda item: -item[1])  # stable: ties keep the article's order
    return tuple(
        Candidate(n, f.quote, len(f.quote.text), f.complete, score, reason)
        for n, (f, score, reason) in enumerate(scored, 1)
    )


def find_quotes(article: Article) -> tuple[Quote, ...]:
    """The article's direct quotations with their speakers where named, best for a card
    first (see `rank_quotes`); quote number N of `cards quotes` is the N-th.

    Quoted words that are not speech (one to three words, a short Chinese or Japanese
    term) are left out, and so is a pull quote that repeats a passage listed elsewhere."""
    return _found(article)


@lru_cache(maxsize=8)
def _found(article: Article) -> tuple[Quote, ...]:
    return tuple(c.quote for c in _ranked(article))
