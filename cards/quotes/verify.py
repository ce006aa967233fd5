"""Verifying a quote an editor chose against the article, and picking one by number.

The rule this module exists for: a card never shows words the article does not contain.
`verify_quote` refuses a quote it cannot find, word for word, and shows the closest
passage instead; an ellipsis may stand for words left out, never for a negation."""

from __future__ import annotations

import difflib
import itertools
import re

from msgspec import Struct
from msgspec.structs import replace

from cards.article.model import Article
from cards.errors import QuoteError, named
from cards.quotes.find import Quote, all_quotations, quotation_index
from cards.quotes.match import find_word, locate, matchable, normalise_with_map
from cards.quotes.rank import find_quotes
from cards.quotes.style import (
    apply_emphasis,
    carry_emphasis,
    enclose,
    parse_emphasis,
    pasted_quotation,
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


# Words that turn a statement into its opposite, in every language cards finds speakers
# in (and a few more): an ellipsis or an editor's bracket may never leave one out,
# however long the omitted words and whatever punctuation they hold. Compared in lower
# case, whole words; contractions ending in n't count too.
NEGATIONS: dict[str, tuple[str, ...]] = {
    "en": ("not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "nowhere",
           "without", "cannot", "hardly", "barely", "scarcely", "seldom", "rarely", "unless",
           "except", "instead", "against"),
    "de": ("nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie",
           "niemals", "nichts", "niemand", "weder", "ohne", "nirgends", "kaum"),
    "fr": ("ne", "n", "pas", "jamais", "aucun", "aucune", "rien", "personne", "ni", "sans",
           "guère", "nullement"),
    "es": ("no", "nunca", "jamás", "ni", "nada", "nadie", "ninguno", "ninguna", "ningún",
           "sin", "tampoco", "apenas"),
    "it": ("non", "mai", "niente", "nulla", "nessuno", "nessuna", "né", "senza"),
    "pt": ("não", "nunca", "jamais", "nem", "nada", "ninguém", "nenhum", "nenhuma", "sem"),
    "nl": ("niet", "geen", "nooit", "niets", "niemand", "zonder"),
    "ar": ("لا", "لم", "لن", "ليس", "ليست", "ما", "غير", "بدون", "دون"),
}
# In Chinese and Japanese, written without spaces, a negation is a character or an
# ending inside a word: an omitted span that holds one of these is refused.
NEGATING_CHARACTERS = ("不", "没", "沒", "未", "无", "無", "非", "别", "別", "莫", "勿", "否",
                       "ない", "ません", "ず", "ぬ")
_NEGATION_WORDS = frozenset(w for words in NEGATIONS.values() for w in words)


def _negation_in(text: str, characters: bool = True) -> str | None:
    """The first word in `text` that negates, if any (and with `characters`, the first
    Chinese or Japanese negating character or ending: too common a sight inside other
    words to hold against the start of a sentence, but never to be left out)."""
    word: str
    for word in re.findall(r"[\w’']+", text):
        plain = word.lower().replace("’", "'")
        parts = plain.split("'")
        if plain in _NEGATION_WORDS or plain.endswith("n't") or any(
                p in _NEGATION_WORDS for p in parts if p and len(parts) > 1):
            return word
        hit = next((c for c in NEGATING_CHARACTERS if c in word), None) if characters else None
        if hit:
            return hit
    return None


# An ellipsis as editors type it: … or ..., alone or in brackets.
_ELLIPSIS = re.compile(r"\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)")
# An ellipsis the article itself prints between two words, nothing else between them.
_OWN_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
# An editor's bracket: a changed first letter ([T]he) or words put in place of others.
_BRACKET = re.compile(r"\[([^\[\]]+)\]")
# What stands inside a closing mark but belongs to the sentence around the quotation:
# dropped, since a card never ends a quote with a comma.
_INSIDE_PUNCTUATION = ",;:，、；：،؛"
# What ends a quote as printed: kept where the article prints it.
_TERMINAL = ".!?…。！？"
_MAX_REPLACED_WORDS = 5


class _Part(Struct, frozen=True):
    kind: str  # "text", "gap" (an ellipsis), "swap" (words in brackets for the article's)
    text: str = ""  # text: the matchable words; swap: the editor's words as typed
    lead: str = ""  # text: a bracketed first letter ("T" of "[T]he"), any case in the article


def _parts(typed: str) -> list[_Part]:
    """The typed quote as words to find, ellipses and the editor's brackets."""
    parts: list[_Part] = []
    pos = 0
    lead = ""
    for m in _BRACKET.finditer(typed):
        before = typed[pos : m.start()]
        inner = m.group(1).strip()
        after = typed[m.end() : m.end() + 1]
        if before.strip() or lead:
            parts += _text_parts(before, lead)
            lead = ""
        if inner.isalpha() and len(inner) <= 2 and after.isalpha():
            lead = inner  # [T]he: the letters after it are matched with it, any case
        else:
            parts.append(_Part("swap", inner))
        pos = m.end()
    parts += _text_parts(typed[pos:], lead)
    return [p for p in parts if p.kind != "text" or p.text]


def _text_parts(text: str, lead: str) -> list[_Part]:
    pieces = matchable(text)[0].split("...")
    out: list[_Part] = []
    for n, piece in enumerate(pieces):
        if n:
            out.append(_Part("gap"))
        piece = piece.strip() if not (n == 0 and lead) else piece.rstrip()
        out.append(_Part("text", piece, lead if n == 0 else ""))
    return out


class _Match(Struct, frozen=True):
    spans: tuple[tuple[str, int, int], ...]  # (kind, start, end) in the quotation's text
    omitted: tuple[tuple[int, int], ...]  # what an ellipsis or a bracket leaves out


def _find(parts: list[_Part], text: str) -> _Match | None:
    """The first way `parts` stand in `text`, in order, as whole words: text parts where
    their words are, a gap over any words, a swap over one to five words."""
    norm, starts, ends = matchable(text)

    def words_in(a: int, b: int) -> int:
        return len(norm[a:b].split())

    def occurrences(part: _Part, at: int) -> list[int]:
        found = []
        needles = ([part.lead.lower() + part.text, part.lead.upper() + part.text]
                   if part.lead else [part.text])
        for needle in needles:
            k = at
            while (k := find_word(norm, needle, k)) >= 0:
                found.append(k)
                k += 1
        return sorted(set(found))

    def search(i: int, at: int, free: str) -> list[tuple[str, int, int]] | None:
        # free: what may stand between `at` and the next text part ("gap", "swap", "").
        if i == len(parts):
            if free == "swap":
                tail = norm[at:]
                stop = re.search(r"[.!?;:,]", tail)
                n = words_in(at, at + (stop.start() if stop else len(tail)))
                if not 1 <= n <= _MAX_REPLACED_WORDS:
                    return None
                return [("swap", at, at + (stop.start() if stop else len(tail)))]
            return []
        part = parts[i]
        if part.kind != "text":
            return search(i + 1, at, part.kind)
        needle_len = len(part.lead) + len(part.text)
        for k in occurrences(part, at):
            if free == "" and i > 0 and k != at and norm[at:k].strip():
                break  # adjoining words must adjoin
            if free == "swap":
                n = words_in(_clause_start(norm, k) if i == 0 else at, k)
                if not 1 <= n <= _MAX_REPLACED_WORDS:
                    continue
            rest = search(i + 1, k + needle_len, "")
            if rest is not None:
                head = []
                if free == "swap":
                    head.append(("swap", _clause_start(norm, k) if i == 0 else at, k))
                return [*head, ("text", k, k + needle_len), *rest]
        return None

    result = search(0, 0, "")
    if result is None:
        return None
    spans, omitted = [], []
    for n, (kind, a, b) in enumerate(result):
        if kind == "text":
            spans.append(("text", starts[a], ends[b - 1]))
            if n and result[n - 1][0] == "text":
                omitted.append((ends[result[n - 1][2] - 1], starts[a]))  # an ellipsis
        else:
            a_orig = starts[a] if a < len(starts) else len(text)
            b_orig = ends[b - 1] if b > a else a_orig
            spans.append(("swap", a_orig, b_orig))
            omitted.append((a_orig, b_orig))
    return _Match(tuple(spans), tuple(omitted))


def _clause_start(norm: str, k: int) -> int:
    """Where the clause holding offset `k` begins: after the last , ; : . ! ? before it."""
    stop = max(norm.rfind(c, 0, k) for c in ",;:.!?")
    return stop + 1 if stop >= 0 else 0


def _sentence_start(text: str, k: int) -> int:
    return max([text.rfind(c, 0, k) + 1 for c in ".!?。！？"] + [0])


def _prepared(quote: str, lang: str) -> tuple[str, str]:
    """The typed quote ready to match: bracketed ellipses made plain, the marks and
    attribution it was pasted with left off, and the punctuation inside its closing
    mark split off. Returns (the words, the punctuation that ended them, if terminal)."""
    text = _ELLIPSIS.sub("…", quote.strip())
    text = (pasted_quotation(text, lang) or strip_outer_marks(text, lang)).strip()
    end = ""
    while text and text[-1] in _INSIDE_PUNCTUATION + _TERMINAL + " ":
        if text[-1] in _TERMINAL and not end:
            end = text[-1]
            if text.endswith("..."):
                end, text = "…", text[:-3]
                continue
        text = text[:-1]
    return text, end


def verify_quote(article: Article, quote: str) -> Quote:
    """The quote, checked word for word against a quotation in the article.

    What an editor pastes is taken as printed: with or without the quotation marks and
    the attribution around it ("…,” she said."), with the punctuation that sits inside
    the closing mark, in straight or curly marks, dashes and white space of any kind.
    An ellipsis (…, ..., […], (…)) stands for words left out, and an editor's brackets
    for a changed first letter ([T]he) or up to five words put in place of the
    article's ([the council] will …); neither may leave out a negation, and no quote may
    start after a negation in its own sentence. Letters and words may not differ, and
    the words must lie inside one quotation. The quote returned is set from the
    article's own characters; emphasis markup (`*words*`) is checked without its
    asterisks and put back around the same words of the article.
    """
    plain, emphasis = parse_emphasis(quote)
    typed, end = _prepared(plain, article.language)
    typed = smarten(typed, article.language)
    parts = _parts(typed)
    if not any(p.kind == "text" for p in parts):
        raise QuoteError("the quote is empty; pass words from the article, or a quote number",
                         field="quote")
    quotations = all_quotations(article, speech_only=False)
    first = next(p for p in parts if p.kind == "text")
    leading_gap = parts[0].kind == "gap" or typed.startswith(("…", "..."))
    for j in quotation_index(article).holding(first.text, in_word=bool(first.lead)):
        candidate = quotations[j].quote
        match = _find(parts, candidate.text)
        if match is None:
            continue
        text = candidate.text
        begin = match.spans[0][1]
        prefix = (_sentence_start(text, begin), begin)
        for a, b in [*match.omitted, prefix]:
            dropped = _negation_in(text[a:b], characters=(a, b) != prefix)
            if dropped:
                what = "the ellipsis in" if (a, b) != prefix or leading_gap else "starting"
                raise QuoteError(
                    f"{what} {enclose(_shorten(typed, 60))} leaves out “{dropped}”, which"
                    " changes its meaning; quote those words in full"
                    f" (or use {named('unverified')})", field="quote",
                    passage=text[min(a, begin) : match.spans[-1][2]],
                )
        shown = _shown(parts, match, text, typed)
        stop = match.spans[-1][2]
        if end:  # what ends the sentence inside the marks, as printed ("on time." / "été ?")
            after = len(text[stop:]) - len(text[stop:].lstrip(" \u00a0\u202f"))
            if text[stop + after : stop + after + 1] == end:
                shown += text[stop : stop + after + 1]
                stop += after + 1
        assert candidate.span is not None
        span = candidate.span
        if article.text[span[0] : span[1]] == text:
            span = (span[0] + begin, span[0] + stop)
        # Ranking every quotation costs more than verifying: only a quotation with no
        # speaker of its own needs the speaker the ranked list gives the passage.
        speaker, by_pronoun = candidate.speaker, candidate.by_pronoun
        if not speaker:
            ranked = next((q for q in find_quotes(article)
                           if q.span and q.span[0] < span[1] and span[0] < q.span[1]), None)
            if ranked is not None:
                speaker, by_pronoun = ranked.speaker, ranked.by_pronoun
        shown = smarten(shown, article.language)
        return Quote(_emphasised(plain, emphasis, shown), speaker, span, verified=True,
                     by_pronoun=by_pronoun and speaker is not None)
    raise _not_found(article, typed, end, parts, find_quotes(article))


def _shown(parts: list[_Part], match: _Match, text: str, typed: str) -> str:
    """The quote as the card shows it: the article's words, an ellipsis where words were
    left out, the editor's brackets as typed."""
    out: list[str] = []
    swaps = iter(p for p in parts if p.kind == "swap")
    leads = iter(p.lead for p in parts if p.kind == "text")
    previous, end = "", 0
    for kind, a, b in match.spans:
        if kind == "swap":
            piece = f"[{next(swaps).text}]"
        else:
            lead = next(leads)
            piece = f"[{lead}]{text[a + len(lead) : b]}" if lead else text[a:b]
            if previous == "text":
                # The article's own ellipsis, with no words left out, stays as printed
                # ("million… and"); one that stands for omitted words is set apart.
                between = text[end:a]
                out.append(between if _OWN_ELLIPSIS.fullmatch(between) else " … ")
            end = b
        if out and not out[-1].endswith((" ", " … ")) and kind == "swap":
            out.append(" ")
        elif out and previous == "swap":
            out.append(" ")
        out.append(piece)
        previous = kind
    shown = "".join(out)
    if typed.startswith(("…", "...")) or (parts and parts[0].kind == "gap"):
        shown = "… " + shown
    if typed.rstrip().endswith(("…", "...")) or (parts and parts[-1].kind == "gap"):
        shown += " …"
    return shown


def _not_found(article: Article, typed: str, end: str, parts: list[_Part],
               listed: tuple[Quote, ...]) -> QuoteError:
    """Why the quote was refused, with the listed quotation it was most likely meant to
    be (a misspelt word, marks of another kind), or else the closest passage."""
    shown = _shorten(typed + end, 60)
    meant = _meant(typed, listed)
    pieces = [p.text for p in parts if p.kind == "text"]
    if any(p.kind == "swap" for p in parts) and any(
            locate(pieces, q.quote.text) for q in all_quotations(article, speech_only=False)):
        return QuoteError(
            f"the brackets in {enclose(shown)} stand for none, or more than"
            f" {_MAX_REPLACED_WORDS}, of the article's words; brackets may stand for one to"
            f" {_MAX_REPLACED_WORDS} of its words, in one clause",
            field="quote", passage=closest_passage(article, typed),
        )
    if any(locate(pieces, paragraph) for paragraph in article.paragraphs):
        return QuoteError(
            f"{enclose(shown)} is in {article.source} but not inside one quotation: it is the"
            " article's own words, or runs past a quotation's end; choose words inside one"
            f" quotation (see cards quotes {article.source}), or use {named('unverified')}",
            field="quote", meant=meant, passage=closest_passage(article, typed),
        )
    if meant is not None:
        passage = listed[meant - 1].text
        return QuoteError(
            f"quote not found in {article.source}: {enclose(shown)}; quote {meant} reads"
            f" {enclose(_shorten(passage, 80))}",
            field="quote", meant=meant, passage=_shorten(passage, max(80, len(typed) + 20)),
        )
    passage = closest_passage(article, typed)
    return QuoteError(
        f"quote not found in {article.source}: {enclose(shown)}; closest passage: "
        f"{enclose(passage)} (use {named('unverified')} to render it anyway)", field="quote",
        passage=passage,
    )


def _meant(typed: str, listed: tuple[Quote, ...]) -> int | None:
    """The number of the listed quotation `typed` is nearly the same as (a word or two
    misspelt, changed or left out), if exactly one is."""
    target = normalise_with_map(typed)[0].casefold()
    if len(target) < 12:
        return None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    best, best_ratio = None, 0.0
    for n, quote in enumerate(listed, 1):
        norm = normalise_with_map(quote.text)[0].casefold()
        # Only what is about as long is a candidate: the rest is another quote.
        if not 0.7 <= len(norm) / len(target) <= 1.4:
            continue
        matcher.set_seq1(norm)
        if matcher.real_quick_ratio() < 0.85 or matcher.quick_ratio() < 0.85:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = n, ratio
    return best if best_ratio >= 0.85 else None


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


def is_number(choice: str) -> bool:
    """Whether a quote choice is a number (1, 0, -1, +2): a quotation's number, never its
    text."""
    return re.fullmatch(r"\s*[+-]?\d+\s*", choice) is not None


def pick_quote(article: Article, choice: str) -> Quote:
    """Quotation number `choice` (as `cards quotes` numbers them: "1" is the first
    `find_quotes` lists, the best for a card), or else `choice` as the quote's own text,
    verified against the article."""
    if not is_number(choice):
        return verify_quote(article, choice)
    number = int(choice)
    if number < 1:
        raise QuoteError(
            f"quote number {number} does not exist: quotations are numbered from 1 (see cards"
            f" quotes {article.source})", field="quote"
        )
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
