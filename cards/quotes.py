"""Finding candidate quotes and speakers; verifying a chosen quote against the article.

The rule this module exists for: a card never shows words the article does not contain.
`find_quotes` only lists text that is in the article; `verify_quote` refuses a quote it
cannot find, word for word, and shows the closest passage instead.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, replace

from .article import Article
from .errors import QuoteError
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


# An opening mark and the marks that may close it, for the quotation styles of the
# languages in `typography.QUOTE_MARKS` that open with a double mark. A straight quote,
# and the marks that also close quotations elsewhere (” » ), open only where an opening
# mark would stand (after a space, a bracket or a dash).
_CLOSERS = {"“": "”", "„": "“”", "«": "»", '"': '"', "「": "」", "”": "”“", "»": "«»"}
_CONTEXT_OPENERS = '"”»'
_OPEN_CONTEXT = " ([—–-\u00a0"

# Quotations of one to three words are scare quotes or titles (was “proud” of the work),
# not speech worth a card.
_MIN_WORDS = 4

_VERBS = (
    "said|says|say|told|tells|added|adds|noted|notes|wrote|writes|asked|asks|explained"
    "|explains|argued|argues|continued|continues|reads|read|recalled|recalls|insisted|insists"
    "|replied|replies|responded|stated|states|warned|warns|admitted|acknowledged|announced"
    "|declared|joked|remarked|observed|suggested|urged|emphasized|emphasised|posted|tweeted"
)
_VERB_RE = re.compile(rf"\b(?:{_VERBS})\b")
# A participle hands the quote to the subject of its clause: "Nadella released a
# statement, saying …".
_PARTICIPLE_RE = re.compile(r"\b(?:saying|adding|noting|writing|telling|explaining|arguing)\b")
_ACCORDING_RE = re.compile(r"\b[Aa]ccording to\s+")
_DETERMINERS = {"a", "an", "the", "one", "another"}
_PRONOUNS = {"he", "she", "they"}
# Words that end a noun phrase read forwards: "the letter, which asks", "a spokesperson for".
_NP_STOP = {
    "which", "who", "that", "in", "at", "on", "for", "of", "with", "from", "to", "as", "and",
    "but", "when", "while", "after", "before", "during", "because", "last", "this",
    "yesterday", "today", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "told", "said", "by", "about",
}  # fmt: skip
# Job titles in front of a name are dropped so the card names the person ("CEO Satya
# Nadella" -> "Satya Nadella"); a template puts the role on its own line if it wants one.
# Honorifics (Dr., Rev.) stay: papers use them as part of the name.
_TITLES = {
    "CEO", "CFO", "COO", "CTO", "President", "Vice", "Mayor", "Senator", "Sen.", "Rep.", "Gov.",
    "Governor", "Councillor", "Councilor", "Councilwoman", "Councilman", "Chief", "Executive",
    "Director", "Secretary", "Minister", "Prime", "Chair", "Chairman", "Chairwoman",
    "Commissioner", "Judge", "Superintendent", "Principal", "Professor", "Prof.", "Librarian",
    "Spokesperson", "Spokeswoman", "Spokesman", "Manager", "Coach", "Officer", "Detective",
    "Sgt.", "Lt.", "Capt.", "Chancellor", "Deputy", "Assistant", "General", "Attorney",
    "Fire", "Police", "Parent", "Resident", "Volunteer", "Teacher", "Nurse", "Pastor",
    "Captain", "Sheriff", "Trustee", "Treasurer", "Alderman", "Alderwoman", "Dean",
}  # fmt: skip
_ABBREVIATIONS = ("Mr.", "Mrs.", "Ms.", "Dr.", "St.", "Jr.", "Sr.", "Sen.", "Rep.", "Gov.")
_TOKEN_RE = re.compile(r"[\w’'.-]+|[^\w\s]")


@dataclass(frozen=True)
class _Raw:
    """One quotation in a paragraph: content offsets and mark offsets, paragraph-relative."""

    start: int
    end: int
    open: int
    close: int


def _quotations(paragraph: str) -> list[_Raw]:
    found: list[_Raw] = []
    i = 0
    while i < len(paragraph):
        ch = paragraph[i]
        in_context = i == 0 or paragraph[i - 1] in _OPEN_CONTEXT
        if ch in _CLOSERS and (ch not in _CONTEXT_OPENERS or in_context):
            close = _closing_mark(paragraph, i)
            found.append(_Raw(i + 1, close, i, min(close + 1, len(paragraph))))
            i = close + 1
        else:
            i += 1
    return found


def _closing_mark(paragraph: str, i: int) -> int:
    """Where the quotation opened at `paragraph[i]` closes. A quotation nested in the
    same marks (French and Russian nest «…» in «…») is stepped over, so its closing mark
    does not end the outer one. With no closing mark the quotation runs on into the next
    paragraph, which by convention leaves its mark off: its words are still the
    speaker's, up to the end of this paragraph."""
    opener, closers = paragraph[i], _CLOSERS[paragraph[i]]
    depth = 0
    for k in range(i + 1, len(paragraph)):
        if paragraph[k] in closers and (depth == 0 or opener in closers):
            return k
        if paragraph[k] in closers:
            depth -= 1
        elif paragraph[k] == opener:
            depth += 1
    return len(paragraph)


def _sentence_start(text: str) -> int:
    """Where the last sentence of `text` begins (0 if it is all one sentence)."""
    start = 0
    for m in re.finditer(r"[.!?][”\"’)]?\s+(?=[A-Z“\"])", text):
        word = text[: m.start() + 1].rsplit(None, 1)[-1]
        if word not in _ABBREVIATIONS:
            start = m.end()
    return start


def _clean_name(tokens: list[str]) -> str | None:
    words = [t for t in tokens if t]
    while len(words) > 1 and (words[0] in _TITLES or re.fullmatch(r"[A-Z]{2,4}", words[0])):
        words = words[1:]
    return " ".join(words) or None


def _backward(text: str) -> str | None:
    """The speaker named right before a verb: "a Microsoft employee", "Satya Nadella",
    "she". `text` ends where the verb begins."""
    appositive = re.search(r"([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3}),\s+[^,]{2,60},\s*$", text)
    if appositive:  # "Ana Ruiz, the branch manager, said": the name, not the role
        return _clean_name(appositive.group(1).split())
    taken: list[str] = []
    lower = 0
    for token in reversed(_TOKEN_RE.findall(text)):
        word = token.lower()
        if not re.match(r"\w", token):
            break
        if word in _PRONOUNS and not taken:
            return str(word)
        if word in _DETERMINERS:
            if taken:
                return " ".join([token, *taken])  # a noun phrase keeps the article's words
            return None
        if token[0].isupper():
            taken.insert(0, token)
        elif any(t[0].isupper() for t in taken) or lower == 3 or word in _NP_STOP:
            break
        else:
            lower += 1
            taken.insert(0, token)
    if taken and all(t[0].isupper() for t in taken):
        return _clean_name(taken)
    return None  # "critics said": no one the card could name


def _forward(text: str) -> str | None:
    """The speaker named right after a verb: "said Ana Ruiz", "reads the letter"."""
    tokens = _TOKEN_RE.findall(text)
    if not tokens:
        return None
    if tokens[0].lower() in _DETERMINERS:
        phrase = [tokens[0]]
        if tokens[0].lower() == "one" and len(tokens) > 3 and tokens[1] == "of":
            return " ".join(tokens[:4])  # one of the organisers
        for token in tokens[1:6]:
            if not re.match(r"\w", token) or token.lower() in _NP_STOP:
                break
            phrase.append(token)
        return " ".join(phrase) if len(phrase) > 1 else None
    if tokens[0].lower() in _PRONOUNS:
        return str(tokens[0].lower())
    skipped = 0
    while skipped < len(tokens) and tokens[skipped].islower() and skipped < 3:
        skipped += 1  # "said library director Ana Ruiz"
    name = []
    for token in tokens[skipped:]:
        if not token[0].isupper() or token.lower() in _NP_STOP:
            break
        name.append(token)
    return _clean_name(name) if name else None


def _after_speaker(after: str) -> str | None:
    """The speaker in the words after a quotation, up to the end of its sentence."""
    after = re.split(r"[.!?](?:\s|$)", after, maxsplit=1)[0]
    m = _ACCORDING_RE.search(after)
    if m:
        return _forward(after[m.end() :])
    verb = _VERB_RE.search(after)
    if verb is None or len(after[: verb.start()].split()) > 8:
        return None
    if not after[: verb.start()].strip(" ,"):
        return _forward(after[verb.end() :])  # ”, said Ana Ruiz.
    return _backward(after[: verb.start()])  # ”, Ana Ruiz said.


def _before_speaker(before: str) -> str | None:
    """The speaker in the words of the quotation's sentence before its opening mark."""
    before = before[_sentence_start(before) :]
    m = _ACCORDING_RE.search(before)
    if m:
        return _forward(before[m.end() :])
    verbs = list(_VERB_RE.finditer(before))
    if verbs:
        who = _backward(before[: verbs[-1].start()])
        if who:
            return who
    if _PARTICIPLE_RE.search(before):
        # The subject of the clause: skip a short opener such as "Soon after,".
        clause = re.sub(r"^[^,]{0,25},\s*", "", before)
        return _forward(clause) if clause[:1].isupper() else None
    return None


def _repeats(text: str, others: list[str]) -> bool:
    """Whether `text` (a pull quote, say) is already part of one of `others`."""
    pieces = quote_pieces(text.rstrip(" .,;:!?"))
    return any(locate(pieces, other) for other in others)


def _paragraph_quotes(
    paragraph: str, min_words: int
) -> list[tuple[int, int, str, str | None]]:
    """(start, end, text, speaker) for each quotation in one paragraph."""
    raws = [
        r for r in _quotations(paragraph) if len(paragraph[r.start : r.end].split()) >= min_words
    ]
    result: list[tuple[int, int, str, str | None]] = []
    i, previous_end = 0, 0
    while i < len(raws):
        first = last = raws[i]
        text = paragraph[first.start : first.end].strip()
        speaker: str | None = None
        # “A,” she said, “B.” is one quotation interrupted by its attribution.
        if i + 1 < len(raws):
            middle = paragraph[first.close : raws[i + 1].open]
            verb = _VERB_RE.search(middle)
            if (
                verb
                and re.fullmatch(r"\s*[^.!?“”\"]{2,80},\s*", middle)
                and not text.endswith((".", "!", "?"))
            ):
                last = raws[i + 1]
                text = f"{text} {paragraph[last.start : last.end].strip()}"
                speaker = _backward(middle[: verb.start()]) or _forward(middle[verb.end() :])
                i += 1
        # The comma before an attribution ("…complicit,” reads the letter) is the
        # sentence's punctuation, not the speaker's: a card ends the quote without it.
        end = last.end
        while end > first.start and paragraph[end - 1] in " ,":
            end -= 1
        text = text.rstrip(" ,")
        next_open = raws[i + 1].open if i + 1 < len(raws) else len(paragraph)
        if speaker is None:
            speaker = _after_speaker(paragraph[last.close : next_open])
        if speaker is None:
            speaker = _before_speaker(paragraph[previous_end : first.open])
        result.append((first.start, end, text, speaker))
        previous_end = last.close
        i += 1
    return result


# Two or three capitalised words in a row, as a person is first introduced ("Harold
# Finch, 82, …"); used only to complete a surname that a later attribution gives alone.
_MENTION_RE = re.compile(r"\b[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,3}\b")
_NOT_NAMES = {"The", "A", "An", "In", "As", "On", "At", "But", "And", "When", "While", "After"}


def _full_name(name: str, mentions: list[str]) -> str:
    """A surname alone ("Nadella") as the full name given earlier ("Satya Nadella"),
    when exactly one earlier name ends with it."""
    if " " in name:
        return name
    matches = {m for m in mentions if m.endswith(" " + name)}
    return matches.pop() if len(matches) == 1 else name


def _people_in(paragraph: str, people: list[str]) -> list[str]:
    """The known speakers a paragraph mentions by name or surname, first to last."""
    hits = []
    for person in people:
        m = re.search(rf"\b{re.escape(person.split()[-1])}\b", paragraph)
        if m:
            hits.append((m.start(), person))
    return [person for _, person in sorted(hits)]


def _same_person(a: str, b: str) -> bool:
    return a.split()[-1] == b.split()[-1]


# Last words that make a capitalised name a place or a body, not a person who could be
# the "he" or "she" of an attribution.
_NOT_PEOPLE = {
    "Street", "Avenue", "Road", "Lane", "Square", "Park", "Bridge", "River", "Station",
    "City", "County", "State", "Council", "Board", "Department", "Library", "School",
    "College", "University", "Hospital", "Church", "Hall", "Center", "Centre", "Museum",
    "Market", "Company", "Club", "House", "Court", "Times", "Post", "News",
}


def _resolve_pronoun(
    current: list[str], previous: list[str], named_before: list[str], paragraph: str
) -> str | None:
    """The person a "she said" refers to, when that is plain. Nearest first: the one
    person this paragraph names before the quote as saying something ("Maria Lopez said
    on Monday …", "Maria Lopez, the superintendent, said …"); else the only speaker
    named in this paragraph, or else the only one in the previous paragraph, provided no
    other person is named before the quote. With two people in view the card would be
    guessing, so it names no one: a wrong name on a quote is worse than none."""
    people = {name for name in named_before if name.split()[-1] not in _NOT_PEOPLE}
    talkers = {
        name for name in people
        if re.search(rf"\b{re.escape(name)}\b(?:,[^,.]{{1,60}},)?\s+(?:{_VERBS})\b", paragraph)
    }
    if len(people) == 1 and len(talkers) == 1:
        return talkers.pop()
    for known in (current, previous):
        if known:
            if len(set(known)) > 1 or any(not _same_person(p, known[0]) for p in people):
                return None
            return known[0]
    return None


def find_quotes(article: Article) -> tuple[Quote, ...]:
    """The article's direct quotations in order, with their speakers where named.

    Quoted words that are not speech (one to three words) are left out, and so is a pull
    quote that repeats a passage listed elsewhere."""
    quotes = _all_quotations(article, _MIN_WORDS)
    once = [q for k, q in enumerate(quotes) if not _repeats(q.text, [o.text for o in quotes[:k]])]
    # A pull quote can also come before the passage it repeats.
    return tuple(
        q for k, q in enumerate(once) if not _repeats(q.text, [o.text for o in once[k + 1 :]])
    )


def _all_quotations(article: Article, min_words: int) -> list[Quote]:
    """Every quotation of at least `min_words` words, repeats included, in order."""
    quotes: list[Quote] = []
    offset = 0
    speakers: list[str] = []  # people attributed so far, for pronouns
    in_previous: list[str] = []
    introduced = [
        (m.start(), _clean_name(m.group(0).split()) or "")
        for m in _MENTION_RE.finditer(article.text)
        if m.group(0).split()[0] not in _NOT_NAMES
    ]
    for paragraph in article.paragraphs:
        mentions = [name for at, name in introduced if at < offset + len(paragraph)]
        in_paragraph = _people_in(paragraph, speakers)
        previous: str | None = None
        for start, end, text, speaker in _paragraph_quotes(paragraph, min_words):
            if speaker in _PRONOUNS:
                named_before = [
                    name for at, name in introduced if offset <= at < offset + start and name
                ]
                speaker = _resolve_pronoun(in_paragraph, in_previous, named_before, paragraph)
            elif speaker and speaker.split()[0].lower() not in _DETERMINERS:
                speaker = _full_name(speaker, mentions)
                speakers.append(speaker)
                in_paragraph.append(speaker)
            if speaker is None:
                # A second quotation in the paragraph without its own attribution
                # ("…,” she said. “…”) continues the same speaker.
                speaker = previous
            previous = speaker
            quotes.append(Quote(text, speaker, (offset + start, offset + end), verified=True))
        in_previous = in_paragraph
        offset += len(paragraph) + 2
    return quotes


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
    for candidate in _all_quotations(article, 1):
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
    """Quotation number `choice` ("1" is the first `find_quotes` lists), or else `choice`
    as the quote's own text, verified against the article."""
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
