"""Verifying a quote an editor chose against the article, and picking one by number.

The rule this module exists for: a card never shows words the article does not contain.
`verify_quote` refuses a quote it cannot find, word for word, and shows the closest
passage instead; an ellipsis may stand for words left out, never for a negation."""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import replace

from cards.article.model import Article
from cards.errors import QuoteError, named
from cards.quotes.find import Quote, all_quotations, quotation_index
from cards.quotes.match import locate, locate_pieces, normalise_with_map, quote_pieces
from cards.quotes.rank import find_quotes
from cards.quotes.style import (
    apply_emphasis,
    carry_emphasis,
    enclose,
    parse_emphasis,
    smarten,
    strip_outer_marks,
)


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
    quotations = all_quotations(article, speech_only=False)
    for j in quotation_index(article).holding(pieces[0]):
        candidate = quotations[j].quote
        spans = locate_pieces(pieces, candidate.text)
        if spans is None:
            continue
        for (_, gap_start), (gap_end, _) in zip(spans, spans[1:], strict=False):
            dropped = _negation_left_out(candidate.text[gap_start:gap_end])
            if dropped:
                raise QuoteError(
                    f"the ellipsis in {enclose(_shorten(typed, 60))} leaves out “{dropped}”,"
                    " which changes its meaning; quote those words in full"
                    f" (or use {named('unverified')})"
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
            f" quotation (see cards quotes {article.source}), or use {named('unverified')}"
        )
    passage = closest_passage(article, typed)
    raise QuoteError(
        f"quote not found in {article.source}: {enclose(shown)}; closest passage: "
        f"{enclose(passage)} (use {named('unverified')} to render it anyway)"
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
