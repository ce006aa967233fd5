"""Smart quotes per language, dashes and ellipses, emphasis markup, and the normal form
quotes are matched in.

Two jobs that pull in opposite directions live here on purpose. `smarten` and `enclose`
make a quote look right on a card; `normalise_for_match` throws exactly that typography
away again so a quote typed with straight quotes and `--` still matches the article. Both
must agree on which characters are "just typography", so they share one module.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from .errors import QuoteError
from .languages import Marks, french_spacing, quote_marks, spaceless

_NNBSP = "\u202f"
_APOSTROPHE = "’"
# After one of these a mark opens a quotation; after anything else it closes one.
_OPENING_CONTEXT = set(" \t\n\u00a0\u202f\u3000([{<—–-/") | set("“‘„‚«‹「『")
# Before one of these a mark can only close a quotation.
_CLOSING_FOLLOW = set(".,;:!?)]}…") | set("”’»›」』")

# Words that start with an elided letter keep an apostrophe, not an opening quote:
# ’em, ’til, rock ’n’ roll. Without this list "’em" would open a quotation.
_ELISIONS = ("em", "til", "tis", "twas", "cause", "bout", "round", "n")

# Every opening mark any language uses, with the marks that may close it. The same
# character closes in one language and opens in another (“ closes „ in German and opens
# in English; ” opens in Swedish and Arabic), so which one it is comes from its place:
# see `_quotation_marks`.
_CLOSERS = {
    '"': '"', "'": "'", "“": "”", "„": "“”", "‟": "”", "”": "”“", "⹂": "“”",
    "‘": "’‘", "‚": "‘’", "‛": "’", "’": "’‘",
    "«": "»", "»": "«»", "‹": "›", "›": "‹›",
    "「": "」", "『": "』", "〝": "〞〟", "＂": "＂", "＇": "＇", "｢": "｣", "﹁": "﹂", "﹃": "﹄",
}  # fmt: skip
# Marks that open wherever they stand, since no language closes a quotation with them.
_ALWAYS_OPEN = set("„‚‟‛⹂«‹「『〝｢﹁﹃")
_ALL_CLOSERS = set("".join(_CLOSERS.values()))

_DOUBLE_MARKS = '"“”„‟⹂«»〝〞〟＂″〃「」『』｢｣﹁﹂﹃﹄'
_SINGLE_MARKS = "'‘’‚‛‹›′＇`´"
_DASHES = "‐‑‒–—―−"


def _neighbour(text: str, i: int, step: int) -> str:
    """The character next to `text[i]` in direction `step`, looking through emphasis
    asterisks (they are markup, not context); "" at either end."""
    i += step
    while 0 <= i < len(text) and text[i] == "*":
        i += step
    return text[i] if 0 <= i < len(text) else ""


def _wordish(ch: str) -> bool:
    return bool(ch) and ch.isalnum()


def _is_apostrophe(text: str, i: int) -> bool:
    """Whether the ' or ’ at `text[i]` is an apostrophe (don’t, students’, ’90s, ’em)
    rather than a quotation mark: between two letters of a spaced script, or opening an
    elided word."""
    before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
    if _wordish(before) and _wordish(after):
        return not (spaceless(before) or spaceless(after))
    if not before or before in _OPENING_CONTEXT:
        rest = text[i + 1 :].lstrip("*")
        word = re.match(r"[A-Za-z]+", rest)
        return bool(
            re.match(r"\d\d(s\b|\b)", rest) or (word and word.group(0).lower() in _ELISIONS)
        )
    return False


def _smarten_quotes(text: str, marks: Marks) -> str:
    """Straight quotes to `marks` by where they stand."""
    out: list[str] = []
    last = ""  # the last character written, emphasis asterisks aside
    doubles = singles = 0
    for i, ch in enumerate(text):
        if ch in "\"'":
            after = _neighbour(text, i, 1)
            opening = not last or last in _OPENING_CONTEXT
            word_follows = bool(after) and not after.isspace() and after not in _CLOSING_FOLLOW
            if ch == '"':
                # Between letters of Chinese or Japanese there is no space to tell an
                # opening mark from a closing one, so there the marks alternate.
                opens = not doubles or (opening and word_follows)
                doubles += 1 if opens else -1
                ch = marks[0] if opens else marks[1]
            elif _is_apostrophe(text, i):
                ch = _APOSTROPHE
            elif opening or (not singles and spaceless(last)):
                singles += 1
                ch = marks[2]
            elif singles:
                singles -= 1
                ch = marks[3]
            else:
                ch = _APOSTROPHE  # after a word with nothing open: the students’ union
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
    openers = set(_CLOSERS) if "’" in (marks[0], marks[2]) else set(_CLOSERS) - {"’"}
    for i, ch in enumerate(text):
        if ch not in _CLOSERS and ch not in _ALL_CLOSERS:
            continue
        if ch in "'’" and _is_apostrophe(text, i):
            continue
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        after_word = bool(before) and before not in _OPENING_CONTEXT
        word_after = bool(after) and not after.isspace() and after not in _CLOSING_FOLLOW
        if stack and ch in _CLOSERS[stack[-1][1]] and (after_word or not word_after):
            stack.pop()
            found[i] = (False, len(stack))
        elif ch in openers and (ch in _ALWAYS_OPEN or not after_word or spaceless(before)):
            found[i] = (True, len(stack))
            stack.append((i, ch))
        elif ch in _ALL_CLOSERS and ch not in "'’":
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


def normalise_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """`normalise_for_match` plus, for each output character, where it came from.

    `starts[k]` and `ends[k]` are the offsets in `text` of the characters that produced
    output character `k`, so a match found in the normal form can be shown in the
    original. One implementation serves both so the two can never disagree.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(chars: str, start: int, end: int) -> None:
        for c in chars:
            out.append(c)
            starts.append(start)
            ends.append(end)

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        # Combining marks travel with their base letter so NFC can compose them.
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        if ch.isspace():
            while j < n and text[j].isspace():
                j += 1
            if out and out[-1] != " ":
                emit(" ", i, j)
            elif out:
                ends[-1] = j
        elif ch in _DOUBLE_MARKS or ch in _SINGLE_MARKS:
            emit('"', i, j)
        elif ch in _DASHES or (ch == "-" and text[i + 1 : i + 2] == "-"):
            while j < n and text[j] == "-":
                j += 1
            emit("-", i, j)
        elif ch == "…":
            emit("...", i, j)
        else:
            emit(unicodedata.normalize("NFC", text[i:j]), i, j)
        i = j
    if out and out[-1] == " ":
        out.pop()
        starts.pop()
        ends.pop()
    return "".join(out), starts, ends


def normalise_for_match(text: str) -> str:
    """Text with typography flattened, for checking a quote against its article.

    Every quotation mark and apostrophe becomes `"`: which marks a language nests, or
    whether an apostrophe is curly, is typography, and a quote typed with “…” must match
    an article set in „…“, «…» or 「…」. Dashes become `-`, an ellipsis `...`, white
    space one space. Letters and words are left exactly as they are: changing a word's
    case or spelling would let a misquote through.
    """
    return normalise_with_map(text)[0]


def _style_spacing(
    norm: str, starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    """Drop the spaces that are house style, not words: around a dash ("way -- we" is
    "way—we"), beside a quotation mark (French « non » is "non"), and before ! ? : ;
    (French "Quoi ?" is "Quoi?")."""
    keep = [
        k
        for k, ch in enumerate(norm)
        if not (
            ch == " "
            and (
                (k > 0 and norm[k - 1] in '-"')
                or norm[k + 1 : k + 2] in ("-", '"', "!", "?", ":", ";")
            )
        )
    ]
    return "".join(norm[k] for k in keep), [starts[k] for k in keep], [ends[k] for k in keep]


def _matchable(text: str) -> tuple[str, list[int], list[int]]:
    return _style_spacing(*normalise_with_map(text))


def quote_pieces(quote: str) -> list[str]:
    """The parts of a quote between its ellipses (which stand for omitted words), in the
    form `locate` looks for."""
    return [p.strip() for p in _matchable(quote)[0].split("...") if p.strip()]


def _find_word(haystack: str, needle: str, at: int) -> int:
    """The first place from `at` where `needle` stands as whole words, or -1: a quote
    must not start or end in the middle of a word ("ink that" is not in "think that").
    Scripts written without spaces (Chinese, Japanese, Thai) have no such edge to keep."""

    def splits(a: str, b: str) -> bool:
        return a.isalnum() and b.isalnum() and not (spaceless(a) or spaceless(b))

    while True:
        k = haystack.find(needle, at)
        if k < 0:
            return -1
        before = haystack[k - 1] if k else " "
        after = haystack[k + len(needle) : k + len(needle) + 1] or " "
        if not splits(before, needle[0]) and not splits(needle[-1], after):
            return k
        at = k + 1


def locate_pieces(pieces: list[str], text: str) -> list[tuple[int, int]] | None:
    """Where each of `pieces` (from `quote_pieces`) stands in `text`, in order and as
    whole words, ignoring typography: (start, end) offsets in `text`, or None."""
    norm, starts, ends = _matchable(text)
    at, spans = 0, []
    for piece in pieces:
        k = _find_word(norm, piece, at)
        if k < 0:
            return None
        at = k + len(piece)
        spans.append((starts[k], ends[at - 1]))
    return spans


def locate(pieces: list[str], text: str) -> tuple[int, int] | None:
    """Where `pieces` stand in `text`: from the first piece's start to the last one's end."""
    spans = locate_pieces(pieces, text)
    return (spans[0][0], spans[-1][1]) if spans else None


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
    src, src_starts, _ = _matchable(source)
    dst, dst_starts, dst_ends = _matchable(target)
    carried: list[tuple[int, int]] = []
    for start, end in spans:
        piece = _matchable(source[start:end])[0].strip()
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
