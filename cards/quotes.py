"""Finding candidate quotes and ranking them for a card; verifying a chosen quote against
the article.

The rule this module exists for: a card never shows words the article does not contain.
`find_quotes` only lists text that is in the article; `verify_quote` refuses a quote it
cannot find, word for word, and shows the closest passage instead. Where the quotation
marks are is `quotations`' business, who spoke is `speakers`'.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, field, replace

from .article import Article
from .errors import QuoteError
from .languages import quote_marks, spaceless
from .quotations import Quotation, continues, quotations, uses_single_marks
from .speakers import (
    Said,
    attribution_after,
    interruption,
    is_named,
    lexicon,
    name_speakers,
    speaker_before,
)
from .typography import (
    apply_emphasis,
    carry_emphasis,
    enclose,
    locate,
    locate_pieces,
    normalise_with_map,
    parse_emphasis,
    quote_pieces,
    smarten,
    strip_outer_marks,
)


@dataclass(frozen=True)
class Quote:
    """A quote as it will be shown (without its enclosing quotation marks).

    `text` may carry emphasis markup: `*words*` are drawn in the accent colour and `\\*`
    is an asterisk (see `typography.parse_emphasis`). Everything else in it is shown as
    is; `span` points at the article's words without the markup.
    """

    text: str
    speaker: str | None
    span: tuple[int, int] | None
    verified: bool


# Quotations of one to three words are scare quotes or titles (was “proud” of the work),
# not speech worth a card. Chinese and Japanese have no spaces to count words by; a
# quoted term there (“天宫”, 「働き方改革」) runs to about five characters.
_MIN_WORDS = 4
_MIN_CJK_CHARS = 6


def _is_cjk(text: str) -> bool:
    """Whether `text` is mostly in a script written without spaces (Chinese, Japanese)."""
    letters = [c for c in text if c.isalnum()]
    return sum(spaceless(c) for c in letters) * 2 > len(letters)


def _is_speech(text: str) -> bool:
    if _is_cjk(text):
        return sum(c.isalnum() for c in text) >= _MIN_CJK_CHARS
    return len(text.split()) >= _MIN_WORDS


@dataclass
class _Passage:
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
            text += "" if cjk and (_is_cjk(text) or _is_cjk(part)) else " "
        text += part
    return text


@dataclass(frozen=True)
class _Found:
    quote: Quote
    complete: bool


def _all_quotations(article: Article, speech_only: bool) -> list[_Found]:
    """Every quotation in article order (only those long enough to be speech, with
    `speech_only`), repeats included, with its speaker and whether it is a sentence."""
    paragraphs = article.paragraphs
    offsets = list(itertools.accumulate((len(p) + 2 for p in paragraphs), initial=0))
    passages = _passages(article)
    said = [Said(p.parts[0][0], p.parts[0][1].open, p.speaker, p.attributed) for p in passages]
    # Speakers are named with every quotation in view, short ones too: someone quoted
    # in two words is still a second person a "she said" could refer to.
    speakers = name_speakers(article, lexicon(article), said)
    found = []
    for passage, speaker in zip(passages, speakers, strict=True):
        text = _joined(paragraphs, passage.words)
        if not text or speech_only and not _is_speech(text):
            continue
        (first, start, _), (last, _, end) = passage.words[0], passage.words[-1]
        span = (offsets[first] + start, offsets[last] + end)
        found.append(_Found(Quote(text, speaker, span, verified=True), _complete(text, passage)))
    return found


_ENDS_SENTENCE = tuple(".!?…。！？")
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


def _repeats(text: str, others: list[str]) -> bool:
    """Whether `text` (a pull quote, say) is already part of one of `others`."""
    pieces = quote_pieces(text.rstrip(" .,;:!?"))
    return any(locate(pieces, other) for other in others)


def _listed(article: Article) -> list[_Found]:
    """The quotations worth listing, in article order: speech, each passage once."""
    quotes = _all_quotations(article, speech_only=True)
    texts = [f.quote.text for f in quotes]
    once = [f for k, f in enumerate(quotes) if not _repeats(f.quote.text, texts[:k])]
    # A pull quote can also come before the passage it repeats.
    texts = [f.quote.text for f in once]
    return [f for k, f in enumerate(once) if not _repeats(f.quote.text, texts[k + 1 :])]


@dataclass(frozen=True)
class Candidate:
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


def _assess(found: _Found, named: bool, described: bool) -> tuple[int, str]:
    """The score that ranks a quotation for a card, and the reason, one line. A whole
    sentence and a named speaker count most (a fragment reads as a misquote, and a card's
    attribution is half its credibility), a length that fits next."""
    text = found.quote.text
    low, high = _CJK_CARD_CHARS if _is_cjk(text) else CARD_CHARS
    chars = len(text)
    fits = low <= chars <= high
    size = "" if fits else " (short)" if chars < low else " (long)"
    who = "speaker named" if named else "speaker described" if described else "no speaker"
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
    lex = lexicon(article)
    scored = []
    for found in _listed(article):
        speaker = found.quote.speaker
        named = is_named(speaker, lex)
        score, reason = _assess(found, named, bool(speaker) and not named)
        scored.append((found, score, reason))
    scored.sort(key=lambda item: -item[1])  # stable: ties keep the article's order
    ranked = (
        Candidate(n, f.quote, len(f.quote.text), f.complete, score, reason)
        for n, (f, score, reason) in enumerate(scored, 1)
    )
    return tuple(
        c for c in ranked
        if (min_chars is None or c.chars >= min_chars)
        and (max_chars is None or c.chars <= max_chars)
    )  # fmt: skip


def find_quotes(article: Article) -> tuple[Quote, ...]:
    """The article's direct quotations with their speakers where named, best for a card
    first (see `rank_quotes`); quote number N of `cards quotes` is the N-th.

    Quoted words that are not speech (one to three words, a short Chinese or Japanese
    term) are left out, and so is a pull quote that repeats a passage listed elsewhere."""
    return tuple(c.quote for c in rank_quotes(article))


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def _windows(article: Article, size: int) -> list[str]:
    """Sentence-sized windows: each sentence, and a sentence joined to the next where it
    is shorter than the quote, so a quote that runs over a full stop has a window too."""
    windows: list[str] = []
    for paragraph in article.paragraphs:
        parts = [s for s in re.split(r"(?<=[.!?”\"])\s+(?=[“\"A-Z])", paragraph) if s]
        windows.extend(parts)
        windows.extend(f"{a} {b}" for a, b in itertools.pairwise(parts) if len(a) < size)
    return windows


_CLAUSE_END = re.compile(r"[,;:.!?]")


def closest_passage(article: Article, quote: str) -> str:
    """The passage of the article most like `quote`, shown when the quote is not found.

    Windows that share most of the quote's words go first, then difflib ranks them by
    how much of the quote they cover in runs of a few characters or more (scattered
    single letters match anything long). Comparing only a few windows character by
    character keeps a 10,000-character article well under 50 ms.
    """
    target = normalise_with_map(quote)[0]
    words = set(target.split())
    windows = [(w, normalise_with_map(w)) for w in _windows(article, len(target))]
    windows.sort(key=lambda item: (-len(words & set(item[1][0].split())), len(item[0])))
    best, best_score = "", (-1.0, -1.0)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)  # difflib caches details of seq2, so the quote goes there
    for window, (norm, starts, ends) in windows[:8]:
        matcher.set_seq1(norm)
        blocks = [b for b in matcher.get_matching_blocks() if b.size >= 3]
        score = (sum(b.size for b in blocks) / (len(target) or 1), matcher.ratio())
        if score <= best_score:
            continue
        best, best_score = window, score
        if blocks and len(window) > len(quote) + 40:
            # Show the part of a long window that lines up with the quote, widened to
            # whole words (a passage cut mid-word reads like a misquote of its own) and
            # on to the next comma or full stop, if near, so the reader gets a phrase.
            first, last = starts[blocks[0].a], ends[blocks[-1].a + blocks[-1].size - 1]
            first = window.rfind(" ", 0, first) + 1
            stop = _CLAUSE_END.search(window, last, last + 40)
            space = window.find(" ", last)
            last = stop.end() if stop else len(window) if space < 0 else space
            best = window[first:last]
    passage = _unpaired_marks_stripped(smarten(best, article.language).strip(" ,"))
    return _shorten(passage, max(80, len(quote) + 20))


def _unpaired_marks_stripped(text: str) -> str:
    """A window cut from the middle of a quotation may keep one of its marks; shown
    alone inside the message's own marks it would look like a mistake."""
    opens, closes = sum(text.count(c) for c in "“„«"), sum(text.count(c) for c in "”»")
    if text[:1] in "“„«" and opens > closes:
        text = text[1:]
    elif text[-1:] in "”»" and closes > opens:
        text = text[:-1]
    return strip_outer_marks(text.strip(" ,")).strip(" ,")


# Words whose omission turns a statement into its opposite: an ellipsis may not drop them.
_NEGATIONS = {
    "not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "nowhere",
    "without", "cannot", "hardly", "barely", "scarcely", "unless",
}


def _negation_left_out(gap: str) -> str | None:
    """The negation an ellipsis would hide, if the words it leaves out are a few words
    of the same clause ("We will … close it" for "We will not close it"). Leaving out a
    whole clause or sentence that happens to hold a "not" keeps the meaning of the rest."""
    words: list[str] = re.findall(r"[\w’']+", gap)
    if len(words) > 4 and re.search(r"[,;:.!?—–]", gap):
        return None
    for word in words:
        plain = word.lower().replace("’", "'")
        if plain in _NEGATIONS or plain.endswith("n't"):
            return word
    return None


def verify_quote(article: Article, quote: str) -> Quote:
    """The quote, checked word for word against a quotation in the article.

    Quotation marks, apostrophes, dashes and white space may differ from the article's;
    letters and words may not. The words must lie inside one quotation (the article's
    own narration, or words running across a quotation's end, are not anyone's quote).
    An ellipsis stands for words left out, but not for a "not" or "never". The quote
    returned is set from the article's own characters, not from what was typed; emphasis
    markup (`*words*`) is checked without its asterisks and put back around the same
    words of the article.
    """
    plain, emphasis = parse_emphasis(quote)
    typed = smarten(strip_outer_marks(plain, article.language), article.language)
    pieces = quote_pieces(typed)
    if not pieces:
        raise QuoteError("the quote is empty; pass words from the article, or a quote number")
    listed = find_quotes(article)
    for candidate in (f.quote for f in _all_quotations(article, speech_only=False)):
        spans = locate_pieces(pieces, candidate.text)
        if spans is None:
            continue
        for (_, gap_start), (gap_end, _) in zip(spans, spans[1:], strict=False):
            dropped = _negation_left_out(candidate.text[gap_start:gap_end])
            if dropped:
                raise QuoteError(
                    f"the ellipsis in {enclose(_shorten(typed, 60))} leaves out “{dropped}”,"
                    " which changes its meaning; quote those words in full"
                    " (or use --unverified)"
                )
        shown = " … ".join(candidate.text[start:end] for start, end in spans)
        if typed.startswith(("…", "...")):
            shown = "… " + shown
        if typed.rstrip().endswith(("…", "...")):
            shown += " …"
        assert candidate.span is not None
        span = candidate.span
        if article.text[span[0] : span[1]] == candidate.text:
            span = (span[0] + spans[0][0], span[0] + spans[-1][1])
        speaker = candidate.speaker or next(
            (q.speaker for q in listed if q.span and q.span[0] < span[1] and span[0] < q.span[1]),
            None,
        )
        text = smarten(shown, article.language)
        return Quote(_emphasised(plain, emphasis, text), speaker, span, verified=True)
    shown = _shorten(typed, 60)
    if any(locate(pieces, paragraph) for paragraph in article.paragraphs):
        raise QuoteError(
            f"{enclose(shown)} is in {article.source} but not inside one quotation: it is the"
            " article's own words, or runs past a quotation's end; choose words inside one"
            f" quotation (see cards quotes {article.source}), or use --unverified"
        )
    passage = closest_passage(article, typed)
    raise QuoteError(
        f"quote not found in {article.source}: {enclose(shown)}; closest passage: "
        f"{enclose(passage)} (use --unverified to render it anyway)"
    )


def _emphasised(typed: str, emphasis: tuple[tuple[int, int], ...], text: str) -> str:
    """`text` (the article's characters) with the emphasis `typed` had on the same words."""
    if not emphasis:
        return text
    spans = carry_emphasis(typed, emphasis, text)
    if spans is None:
        # Only emphasis that runs into an ellipsis or a quotation mark can get here.
        raise QuoteError(
            f"the emphasis in {enclose(_shorten(typed, 60))} does not fall on whole words of"
            " the article's text; put the * around words inside the quote"
        )
    return apply_emphasis(text, spans)


def unverified_quote(text: str, lang: str = "en") -> Quote:
    """A quote taken as given, for `--unverified`: no span, no speaker, not verified.
    Emphasis markup is kept as typed (and checked, so a stray * is reported now)."""
    plain, _ = parse_emphasis(text)
    shown = smarten(strip_outer_marks(text, lang), lang)
    if not strip_outer_marks(plain, lang).strip():
        raise QuoteError("the quote is empty; pass the words to put on the card")
    return Quote(shown, None, None, verified=False)


def pick_quote(article: Article, choice: str) -> Quote:
    """Quotation number `choice` (as `cards quotes` numbers them: "1" is the first
    `find_quotes` lists, the best for a card), or else `choice` as the quote's own text,
    verified against the article."""
    if not choice.strip().isdigit():
        return verify_quote(article, choice)
    number = int(choice)
    found = find_quotes(article)
    if not found:
        raise QuoteError(
            f"quote number {number} is out of range: {article.source} has no quotations; "
            "pass the quote's text instead of a number"
        )
    if not 1 <= number <= len(found):
        count = f"{len(found)} quotation" + ("" if len(found) == 1 else "s")
        raise QuoteError(
            f"quote number {number} is out of range: {article.source} has {count} "
            f"(see cards quotes {article.source})"
        )
    return replace(found[number - 1])
