"""Finding an article's quotations: each passage of direct speech, with its speaker where
one is named, as a `Quote` that points at the article's own words.

The rule this package exists for: a card never shows words the article does not contain,
so a quote is only ever a span of the article. Where the quotation marks are is
`marks`' business, who spoke is `speakers`', which ones suit a card is `rank`'s.
"""

from __future__ import annotations

import itertools
from collections.abc import Container
from functools import lru_cache

from msgspec import Struct, field

from cards.article.model import Article
from cards.quotes.marks import Quotation, continues, quotations, uses_single_marks
from cards.quotes.match import Passages, locate_pieces, quote_pieces
from cards.quotes.speakers import (
    Said,
    attribution_after,
    interruption,
    lexicon,
    name_speakers,
    speaker_before,
)
from cards.text.languages import quote_marks, spaceless


class Quote(Struct, frozen=True):
    """A quote as it will be shown (without its enclosing quotation marks).

    `text` may carry emphasis markup: `*words*` are drawn in the accent colour and `\\*`
    is an asterisk (see `style.parse_emphasis`). Everything else in it is shown as
    is; `span` points at the article's words without the markup.
    """

    text: str
    speaker: str | None
    span: tuple[int, int] | None
    verified: bool
    # The speaker is who a pronoun was taken to stand for ("“…,” she added"): cards cannot
    # tell whether "she" or "he" fits the name, so the editor is told to look.
    by_pronoun: bool = False


# Quotations of one to three words are scare quotes or titles (was “proud” of the work),
# not speech worth a card. Chinese and Japanese have no spaces to count words by; a
# quoted term there (“天宫”, 「働き方改革」) runs to about five characters.
_MIN_WORDS = 4
_MIN_CJK_CHARS = 6


def is_cjk(text: str) -> bool:
    """Whether `text` is mostly in a script written without spaces (Chinese, Japanese)."""
    letters = [c for c in text if c.isalnum()]
    # Every such script lies at U+0E00 (Thai) or above: a Latin letter needs no lookup.
    return sum(spaceless(c) for c in letters if c >= "\u0e00") * 2 > len(letters)


def _is_speech(text: str) -> bool:
    if is_cjk(text):
        return sum(c.isalnum() for c in text) >= _MIN_CJK_CHARS
    return len(text.split()) >= _MIN_WORDS


class _Passage(Struct):
    """One quotation as found: its parts, (paragraph, quotation) in order. More than one
    when it runs over paragraphs or its attribution interrupts it."""

    parts: list[tuple[int, Quotation]]
    speaker: str | None = None
    attributed: bool = False  # a verb of saying beside it, whether or not it names anyone
    attributed_after: bool = False
    words: list[tuple[int, int, int]] = field(default_factory=list)  # paragraph, start, end


def _trimmed(paragraph: str, start: int, end: int, last: bool) -> tuple[int, int]:
    """The quotation's words without the space inside its marks (« Nous ») and, at its
    end, without the comma before an attribution (…complicit,” reads the letter): that
    comma is the sentence's punctuation, not the speaker's."""
    while start < end and paragraph[start].isspace():
        start += 1
    while end > start and (paragraph[end - 1].isspace() or last and paragraph[end - 1] == ","):
        end -= 1
    return start, end


def _passages(article: Article) -> list[_Passage]:
    """Every quotation in the article, joined over paragraphs and interruptions, with
    the attribution found beside it (before names are completed and pronouns resolved)."""
    lex = lexicon(article)
    paragraphs = article.paragraphs
    singles = uses_single_marks(paragraphs, quote_marks(article.language)[0])
    found = [(k, q) for k, p in enumerate(paragraphs) for q in quotations(p, singles)]
    passages: list[_Passage] = []
    for k, q in found:
        last = passages[-1] if passages else None
        if last is not None:
            at, previous = last.parts[-1]
            text = paragraphs[at][previous.start : previous.end].rstrip()
            # A quotation left open at a paragraph's end goes on where the next paragraph
            # opens with a mark again; its closing mark comes only at the very end.
            if previous.close is None and at == k - 1 and q.open == 0 and continues(
                previous.mark, paragraphs[k]
            ):
                last.parts.append((k, q))
                continue
            # “A,” she said, “B.” is one quotation interrupted by its attribution.
            if at == k and previous.close is not None and not text.endswith((".", "!", "?")):
                attributed, who = interruption(paragraphs[k][previous.after : q.open], lex)
                if attributed:
                    last.parts.append((k, q))
                    last.attributed, last.speaker = True, who
                    continue
        passages.append(_Passage([(k, q)]))
    for n, passage in enumerate(passages):
        k, q = passage.parts[-1]
        nxt = passages[n + 1].parts[0] if n + 1 < len(passages) else None
        stop = nxt[1].open if nxt and nxt[0] == k else len(paragraphs[k])
        after = paragraphs[k][q.after : stop]
        attributed, who = attribution_after(after, lex)
        passage.attributed = passage.attributed or attributed
        # „…“. and “…”. end the sentence as much as an attribution does, and so does
        # Japanese と (「…」と述べた), before which a quotation drops its full stop.
        ends = (".", "!", "?", "。", "と")
        passage.attributed_after = attributed or after.lstrip().startswith(ends)
        if passage.speaker is None:
            passage.speaker = who
        first_at, first = passage.parts[0]
        prev = passages[n - 1].parts[-1] if n else None
        begin = prev[1].after if prev and prev[0] == first_at else 0
        if passage.speaker is None:
            before = paragraphs[first_at][begin : first.open]
            passage.speaker = speaker_before(before, lex, attributed)
        for i, (at, part) in enumerate(passage.parts):
            start, end = _trimmed(paragraphs[at], part.start, part.end, i == len(passage.parts) - 1)
            passage.words.append((at, start, end))
    return passages


def _joined(paragraphs: tuple[str, ...], words: list[tuple[int, int, int]]) -> str:
    """The words of a quotation's parts as one text: with a space between them, or none
    between Chinese or Japanese, which sets no space between sentences either."""
    text = ""
    for at, start, end in words:
        part = paragraphs[at][start:end]
        if text and part:
            cjk = spaceless(text[-1]) or spaceless(part[0]) or text[-1] in "。！？」』”"
            text += "" if cjk and (is_cjk(text) or is_cjk(part)) else " "
        text += part
    return text


class Found(Struct, frozen=True):
    quote: Quote
    complete: bool


def all_quotations(article: Article, speech_only: bool) -> tuple[Found, ...]:
    """Every quotation in article order (only those long enough to be speech, with
    `speech_only`), repeats included, with its speaker and whether it is a sentence.
    Found once per article and process: every card and batch row reuses it."""
    found = _every_quotation(article)
    return found.speech if speech_only else found.every


class _Every(Struct, frozen=True):
    every: tuple[Found, ...]
    speech: tuple[Found, ...]  # those long enough to be speech


@lru_cache(maxsize=8)
def _every_quotation(article: Article) -> _Every:
    paragraphs = article.paragraphs
    offsets = list(itertools.accumulate((len(p) + 2 for p in paragraphs), initial=0))
    passages = _passages(article)
    said = [Said(p.parts[0][0], p.parts[0][1].open, p.speaker, p.attributed) for p in passages]
    # Speakers are named with every quotation in view, short ones too: someone quoted
    # in two words is still a second person a "she said" could refer to.
    speakers = name_speakers(article, lexicon(article), said)
    every, speech = [], []
    for passage, (speaker, by_pronoun) in zip(passages, speakers, strict=True):
        text = _joined(paragraphs, passage.words)
        if not text:
            continue
        (first, start, _), (last, _, end) = passage.words[0], passage.words[-1]
        span = (offsets[first] + start, offsets[last] + end)
        every.append(Found(Quote(text, speaker, span, verified=True, by_pronoun=by_pronoun),
                           _complete(text, passage)))
        if _is_speech(text):
            speech.append(every[-1])
    return _Every(tuple(every), tuple(speech))


@lru_cache(maxsize=8)
def quotation_index(article: Article) -> Passages:
    """Every quotation of the article (speech or not), indexed for matching a quote."""
    return Passages([f.quote.text for f in all_quotations(article, speech_only=False)])


# Full stops and question and exclamation marks: Latin, CJK, Devanagari's danda and double
# danda, Arabic's question mark, Urdu's full stop, Ethiopic's full stop.
_ENDS_SENTENCE = tuple(".!?…。！？।॥؟۔።")
_CLOSING = "”’»«“‘›‹」』)）\"'"


def _complete(text: str, passage: _Passage) -> bool:
    """Whether the quotation is a whole sentence (or several): it starts as a sentence
    does, not in lower case or after an ellipsis, and ends with . ! ? (before any closing
    mark of a quotation inside it), or where its attribution takes the place of the full
    stop (“…,” she said. / „…“, sagte sie. / « … », a-t-il dit.)."""
    first = next((c for c in text if c.isalnum() or c == "…"), "")
    if not first or first == "…" or first.islower():
        return False
    return text.rstrip(_CLOSING).endswith(_ENDS_SENTENCE) or passage.attributed_after


def _repeats(index: Passages, k: int, others: Container[int], later: bool) -> bool:
    """Whether quotation `k` (a pull quote, say) is already part of another of `others`
    that comes before it (after it, with `later`)."""
    pieces = quote_pieces(index.texts[k].rstrip(" .,;:!?"))
    return bool(pieces) and any(
        j != k and (j > k) == later and j in others
        and locate_pieces(pieces, index.texts[j]) is not None
        for j in index.holding(pieces[0]))


@lru_cache(maxsize=8)
def listed(article: Article) -> tuple[Found, ...]:
    """The quotations worth listing, in article order: speech, each passage once."""
    quotes = all_quotations(article, speech_only=True)
    index = Passages([f.quote.text for f in quotes])
    everyone = range(len(quotes))
    once = [k for k in everyone if not _repeats(index, k, everyone, later=False)]
    # A pull quote can also come before the passage it repeats.
    kept = set(once)
    return tuple(quotes[k] for k in once if not _repeats(index, k, kept, later=True))


