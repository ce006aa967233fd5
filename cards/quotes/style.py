"""How a quote is shown: smart quotes per language (from the one table in `marks`), dashes
and ellipses, French spacing, the enclosing marks, and emphasis markup.

`match` throws exactly this typography away again, so a quote typed with straight
quotes and `--` still matches the article."""

from __future__ import annotations

import bisect
import re

from cards.errors import QuoteError
from cards.quotes.marks import (
    ALL_CLOSERS,
    ALWAYS_OPEN,
    APOSTROPHE,
    CLOSERS,
    TYPED_CLOSING_FOLLOW,
    TYPED_OPENING_CONTEXT,
    is_apostrophe,
    neighbour,
    quotations,
)
from cards.quotes.match import matchable
from cards.text.languages import Marks, french_spacing, quote_marks, quote_styles, spaceless

_NNBSP = "\u202f"


def _smarten_quotes(text: str, marks: Marks) -> str:
    """Straight quotes to `marks` by where they stand."""
    out: list[str] = []
    last = ""  # the last character written, emphasis asterisks aside
    doubles = singles = 0
    for i, ch in enumerate(text):
        if ch in "\"'":
            after = neighbour(text, i, 1)
            opening = not last or last in TYPED_OPENING_CONTEXT
            word_follows = bool(after) and not after.isspace() and after not in TYPED_CLOSING_FOLLOW
            if ch == '"':
                # Between letters of Chinese or Japanese there is no space to tell an
                # opening mark from a closing one, so there the marks alternate.
                opens = not doubles or (opening and word_follows)
                doubles += 1 if opens else -1
                ch = marks[0] if opens else marks[1]
            elif is_apostrophe(text, i):
                ch = APOSTROPHE
            elif opening or (not singles and spaceless(last)):
                singles += 1
                ch = marks[2]
            elif singles:
                singles -= 1
                ch = marks[3]
            else:
                ch = APOSTROPHE  # after a word with nothing open: the students’ union
        out.append(ch)
        if ch != "*":
            last = ch
    return "".join(out)


def _spaced_french(text: str) -> str:
    """`text` with a narrow no-break space inside guillemets and before ! ? : ;, in place
    of a plain space or where there is none. A no-break space already there is kept, so
    spacing twice is the same as once."""
    out: list[str] = []
    for i, ch in enumerate(text):
        before = out[-1] if out else ""
        after = text[i + 1 : i + 2]
        # "?!" takes one space, before the first; a closing guillemet takes its own
        # space even after "?" ("acheté ? »").
        excluded = "\u00a0\u202f\n«‹" + ("" if ch in "»›" else "!?:;")
        if ch in "!?:;»›" and before and before not in excluded:
            clock = ch in ":;" and before.isdigit() and after.isdigit()  # 7:40 is no colon
            if not clock and text[i : i + 3] != "://":
                if before == " ":
                    out.pop()
                out.append(_NNBSP)
        elif ch == " " and before and before in "«‹":
            ch = _NNBSP
        out.append(ch)
        if ch in "«‹" and after and after not in " \u00a0\u202f»›":
            out.append(_NNBSP)
    return "".join(out)


def smarten(text: str, lang: str = "en") -> str:
    """Straight quotes to the language's curly ones by context, `--` to an em dash, `...`
    to an ellipsis, and for French the narrow no-break spaces.

    Spaces around a dash are kept as the author wrote them: spaced and unspaced em dashes
    are both house styles, and a card must not restyle the quote. Text that is already
    curly passes through unchanged, so smartening twice is the same as once.
    """
    text = re.sub(r"-{2,3}", "—", text).replace("...", "…")
    text = _smarten_quotes(text, quote_marks(lang))
    return _spaced_french(text) if french_spacing(lang) else text


def _quotation_marks(text: str, marks: Marks) -> dict[int, tuple[bool, int]]:
    """The quotation marks in `text`: index -> (opens, depth), depth 0 for a quotation
    not inside another. Apostrophes and stray marks are left out.

    Marks pair up on a stack. A mark that may close the innermost open quotation closes
    it when a word (or punctuation) comes before it or none after it; otherwise a mark
    that may open one opens it. ’ opens only in languages that open with it (Swedish,
    Arabic), since elsewhere it is far more often an apostrophe.
    """
    found: dict[int, tuple[bool, int]] = {}
    stack: list[tuple[int, str]] = []
    openers = set(CLOSERS) if "’" in (marks[0], marks[2]) else set(CLOSERS) - {"’"}
    for i, ch in enumerate(text):
        if ch not in CLOSERS and ch not in ALL_CLOSERS:
            continue
        if ch in "'’" and is_apostrophe(text, i):
            continue
        before, after = neighbour(text, i, -1), neighbour(text, i, 1)
        after_word = bool(before) and before not in TYPED_OPENING_CONTEXT
        word_after = bool(after) and not after.isspace() and after not in TYPED_CLOSING_FOLLOW
        if stack and ch in CLOSERS[stack[-1][1]] and (after_word or not word_after):
            stack.pop()
            found[i] = (False, len(stack))
        elif ch in openers and (ch in ALWAYS_OPEN or not after_word or spaceless(before)):
            found[i] = (True, len(stack))
            stack.append((i, ch))
        elif ch in ALL_CLOSERS and ch not in "'’":
            found[i] = (False, max(len(stack) - 1, 0))  # a closing mark with no opening
    return found


def _is_one_quotation(text: str, marks: Marks) -> bool:
    """Whether `text` is a single quotation from its first character to its last."""
    found = _quotation_marks(text, marks)
    if len(text) < 2 or found.get(0) != (True, 0) or found.get(len(text) - 1) != (False, 0):
        return False
    # “A,” she said, “B.” starts and ends with marks but is two quotations.
    return not any(depth == 0 for k, (_, depth) in found.items() if 0 < k < len(text) - 1)


def strip_outer_marks(text: str, lang: str = "en") -> str:
    """The text without one pair of quotation marks enclosing all of it (and white space)."""
    text = text.strip()
    if not _is_one_quotation(text, quote_marks(lang)):
        return text
    return text[1:-1].strip(" \u00a0\u202f")


def pasted_quotation(text: str, lang: str = "en") -> str | None:
    """What an editor pasted with its quotation marks and attribution, as the words
    inside the marks: `“We will reopen it,” she said.` gives `We will reopen it,`, and
    `“A,” she said, “B.”` gives `A, B.` (an interrupted quotation, as it is listed).
    None when `text` does not open with a quotation, or when what lies outside the
    marks is more than an attribution (a dozen words, no quotation of its own)."""
    text = text.strip()
    found = _quotation_marks(text, quote_marks(lang))
    if found.get(0) != (True, 0):
        return None
    tops = sorted(k for k, (_, depth) in found.items() if depth == 0)
    parts: list[str] = []
    outside: list[str] = []
    opened: int | None = None
    last = 0
    for k in tops:
        opens = found[k][0]
        if opens and opened is None:
            outside.append(text[last:k])
            opened = k
        elif not opens and opened is not None:
            parts.append(text[opened + 1 : k].strip(" \u00a0\u202f"))
            opened, last = None, k + 1
    if opened is not None or not parts:
        return None
    outside.append(text[last:])
    if any(len(words.split()) > 12 for words in outside):
        return None
    # Words after a closing mark are an attribution only where the quotation hands over
    # to one: punctuation inside the mark ("…it,” she said), or a comma or dash after
    # it ("…it”, she said), or Japanese と and a verb of saying. "“Home” is where we
    # belong" is one sentence with a word in marks, and 「『居場所』を守ります」 quotes
    # more than 居場所: taking either as a quotation and its attribution would put part
    # of the quote on the card as the whole of it.
    for said, after in zip(parts, outside[1:], strict=True):
        if after.strip() and not (said.endswith(_HANDS_OVER) or _ATTRIBUTION.match(after)):
            return None
    return " ".join(parts)


# How a quotation ends where an attribution follows it, inside or after its closing mark.
_HANDS_OVER = (",", ".", "!", "?", "…", "—", "–", ":", ";", "。", "，", "！", "？", "、",
               "…")
_ATTRIBUTION = re.compile(
    r"\s*[,，—–:：;]|\s*(?:と|って)(?:話|述べ|語|言|い|説明|強調|明か|指摘|訴え|答え|発表|"
    r"コメント|書|記|付け加え)"
)


def article_marks(text: str, span: tuple[int, int] | None, lang: str) -> Marks | None:
    """The style of quotation marks the article itself quotes `span` in, when that style
    is correct for `lang` (CLDR's, or one `ALSO_CORRECT` lists); None when the words are
    not inside a quotation or its marks are another language's or a keyboard's.

    The article's style is the pair of marks around the top-level quotation, in the
    words' own paragraph, that holds the span: an Arabic article's «…» even when the
    card quotes only part of it. A quotation the paragraph leaves open (it goes on in
    the next) is judged by its opening mark alone.
    """
    if span is None:
        return None
    start = text.rfind("\n", 0, span[0]) + 1
    stop = text.find("\n", span[1])
    paragraph = text[start : len(text) if stop < 0 else stop]
    styles = quote_styles(lang)
    singles = styles[0][0] in "‘’‚"
    for q in quotations(paragraph, singles):
        if q.start <= span[0] - start and span[1] - start <= q.end:
            close = None if q.close is None else paragraph[q.close]
            return next((m for m in styles if m[0] == q.mark and close in (None, m[1])), None)
    return None


def enclose(text: str, lang: str = "en", marks: Marks | None = None) -> str:
    """The quote as shown on a card: smartened, wrapped in the language's outer marks,
    with quotations inside it in the alternate marks (and theirs in the outer marks
    again). `marks` (outer open, outer close, inner open, inner close) overrides the
    language's, for a template with a house style.

    Marks the user already put around the quote are removed first so they are not
    doubled, and a nested quotation is recognised whatever marks it was typed with.
    """
    marks = marks or quote_marks(lang)
    inner = _smarten_quotes(
        re.sub(r"-{2,3}", "—", strip_outer_marks(text, lang)).replace("...", "…"), marks
    )
    found = _quotation_marks(inner, marks)
    out: list[str] = []
    for i, ch in enumerate(inner):
        if i not in found:
            # The space a guillemet had inside it goes with the guillemet; French
            # spacing is put back below for the marks that replace it.
            near = [inner[i - 1 : i], inner[i + 1 : i + 2]]
            guillemet_space = ch in " \u00a0\u202f" and (
                (i - 1 in found and found[i - 1][0] and near[0] in "«»‹›")
                or (i + 1 in found and not found[i + 1][0] and near[1] in "«»‹›")
            )
            if not guillemet_space:
                out.append(ch)
            continue
        opens, depth = found[i]
        level = marks[2:] if depth % 2 == 0 else marks[:2]
        out.append(level[0] if opens else level[1])
    shown = f"{marks[0]}{''.join(out)}{marks[1]}"
    return _spaced_french(shown) if french_spacing(lang) else shown


Spans = tuple[tuple[int, int], ...]


def parse_emphasis(text: str) -> tuple[str, Spans]:
    """The text without its emphasis markup, and the (start, end) spans of the emphasised
    parts in that plain text. `*words*` is emphasis; `\\*` is an asterisk.

    An editor types the markup inside the quote, so an unclosed or empty `*` is refused
    with where it is rather than drawn as an asterisk the card was not meant to show.
    """
    if "*" not in text and "\\" not in text:  # the common case: no markup at all
        return text, ()
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    opened: tuple[int, int] | None = None  # (offset in plain, character number in text)
    i = 0
    while i < len(text):
        if text.startswith("\\*", i):
            plain.append("*")
            i += 2
            continue
        if text[i] != "*":
            plain.append(text[i])
        elif opened is None:
            opened = (len(plain), i + 1)
        elif opened[0] == len(plain):
            raise QuoteError(
                f"empty emphasis at character {opened[1]} of the quote: ** marks no words;"
                " remove it, or write \\*\\* for two asterisks"
            )
        else:
            spans.append((opened[0], len(plain)))
            opened = None
        i += 1
    if opened is not None:
        raise QuoteError(
            f"unclosed emphasis at character {opened[1]} of the quote: add the closing *,"
            " or write \\* for an asterisk"
        )
    return "".join(plain), tuple(spans)


def apply_emphasis(text: str, spans: Spans) -> str:
    """`text` with `*` around each span and `\\*` for its own asterisks: the inverse of
    `parse_emphasis`."""
    cuts = sorted({k for span in spans for k in span})
    out: list[str] = []
    for k, ch in enumerate(text):
        out.extend("*" * cuts.count(k))
        out.append("\\*" if ch == "*" else ch)
    out.extend("*" * cuts.count(len(text)))
    return "".join(out)


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, k = [], haystack.find(needle)
    while k >= 0:
        found.append(k)
        k = haystack.find(needle, k + 1)
    return found


def carry_emphasis(source: str, spans: Spans, target: str) -> Spans | None:
    """The spans of `target` holding the same words as `spans` of `source`, where both
    say the same words in different typography (a typed quote and the article's text).

    Each emphasised piece is found in the normal form: the n-th time its words occur in
    `source` is the n-th time they occur in `target`, so "we" is emphasised in the right
    place even when it occurs twice. None if some piece is not in `target`.
    """
    src, src_starts, _ = matchable(source)
    dst, dst_starts, dst_ends = matchable(target)
    carried: list[tuple[int, int]] = []
    for start, end in spans:
        piece = matchable(source[start:end])[0].strip()
        if not piece:
            continue  # emphasis on white space alone has nothing to show
        at = bisect.bisect_left(src_starts, start)
        nth = sum(1 for k in _occurrences(src, piece) if k < at)
        hits = _occurrences(dst, piece)
        if nth >= len(hits):
            return None
        k = hits[nth]
        carried.append((dst_starts[k], dst_ends[k + len(piece) - 1]))
    return tuple(carried)
