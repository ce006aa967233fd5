"""Smart quotes per language, dashes and ellipses, and the normal form quotes are matched in.

Two jobs that pull in opposite directions live here on purpose. `smarten` and `enclose`
make a quote look right on a card; `normalise_for_match` throws exactly that typography
away again so a quote typed with straight quotes and `--` still matches the article. Both
must agree on which characters are "just typography", so they share one module.
"""

from __future__ import annotations

import re
import unicodedata

# (outer open, outer close, inner open, inner close), as each language's style guides
# prefer for news. British English also uses single outer quotes; we follow the
# more common double style and let a template override it later.
QUOTE_MARKS: dict[str, tuple[str, str, str, str]] = {
    "en": ("“", "”", "‘", "’"),
    "de": ("„", "“", "‚", "‘"),
    "fr": ("«", "»", "‹", "›"),
    "es": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "nl": ("“", "”", "‘", "’"),
    "pt": ("«", "»", "“", "”"),
}

# French sets guillemets off with a narrow no-break space, so the mark never ends up
# alone at the start or end of a line.
_FRENCH_SPACE = "\u202f"
_APOSTROPHE = "’"

# A straight quote right after one of these opens a quotation; anywhere else it closes one.
_OPENING_CONTEXT = set(" \t\n\u00a0\u202f\u3000([{<—–-/") | set("“‘„‚«‹")

# Words that start with an elided letter keep an apostrophe, not an opening quote:
# ’em, ’til, rock ’n’ roll. Without this list "’em" would open a quotation.
_ELISIONS = ("em", "til", "tis", "twas", "cause", "bout", "round", "n")

_DOUBLE_MARKS = "\"“”„‟«»〝〞＂″〃「」『』"
_SINGLE_MARKS = "'‘’‚‛‹›′＇`´"
_DASHES = "‐‑‒–—―−"


def _base(lang: str) -> str:
    return re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]


def _marks(lang: str) -> tuple[str, str, str, str]:
    """The marks for a language tag such as "de" or "de-AT"; English when unknown."""
    return QUOTE_MARKS.get(_base(lang), QUOTE_MARKS["en"])


def _single(text: str, i: int, out: list[str], open_singles: int, lang: str) -> str:
    """What the straight single quote at `text[i]` becomes."""
    marks = _marks(lang)
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before.isalnum() and after.isalnum():
        return _APOSTROPHE  # don't, it's, O'Brien
    if not out or out[-1][-1] in _OPENING_CONTEXT:
        rest = text[i + 1 :]
        if re.match(r"\d\d(s\b|\b)", rest):
            return _APOSTROPHE  # the ’90s, class of ’24
        word = re.match(r"[A-Za-z]+", rest)
        if word and word.group(0).lower() in _ELISIONS:
            return _APOSTROPHE
        return marks[2]
    # After a word: it closes a single quotation if one is open, else it is an
    # apostrophe (the students’ union, Andreas’ Buch).
    return marks[3] if open_singles else _APOSTROPHE


def smarten(text: str, lang: str = "en") -> str:
    """Straight quotes to curly ones by context, `--` to an em dash, `...` to an ellipsis.

    Spaces around a dash are kept as the author wrote them: spaced and unspaced em dashes
    are both house styles, and a card must not restyle the quote. Text that is already
    curly passes through unchanged, so smartening twice is the same as once.
    """
    marks = _marks(lang)
    space = _FRENCH_SPACE if _base(lang) == "fr" else ""
    text = re.sub(r"-{2,3}", "—", text)
    text = text.replace("...", "…")
    out: list[str] = []
    open_singles = 0
    for i, ch in enumerate(text):
        if ch == '"':
            if not out or out[-1][-1] in _OPENING_CONTEXT:
                out.append(marks[0] + space)
            else:
                out.append(space + marks[1])
        elif ch == "'":
            mark = _single(text, i, out, open_singles, lang)
            if mark == marks[2]:
                open_singles += 1
            elif mark == marks[3] and open_singles:
                open_singles -= 1
            out.append(mark)
        else:
            out.append(ch)
    return "".join(out)


# Which closing marks may end a quotation that starts with each opening mark.
_PAIRS = {'"': '"', "“": "”", "„": "“”", "«": "»", "‘": "’", "'": "'", "‚": "‘’", "‹": "›"}


def _is_one_quotation(text: str) -> bool:
    """Whether `text` is a single quotation from its first character to its last."""
    if len(text) < 2 or text[0] not in _PAIRS or text[-1] not in _PAIRS[text[0]]:
        return False
    curly = smarten(text)
    opener, closer = curly[0], curly[-1]
    # “A,” she said, “B.” starts and ends with marks but is two quotations: the mark
    # that closes the first one shows up inside before anything reopens.
    depth = 0
    inner = curly[1:-1]
    for k, ch in enumerate(inner):
        if ch == opener and opener != closer:
            depth += 1
        elif ch == closer:
            between_letters = 0 < k < len(inner) - 1 and inner[k - 1].isalnum()
            if closer == _APOSTROPHE and (between_letters or k == len(inner) - 1):
                continue  # an apostrophe, not a mark
            depth -= 1
            if depth < 0:
                return False
    return True


def strip_outer_marks(text: str) -> str:
    """The text without one pair of quotation marks enclosing all of it (and white space)."""
    text = text.strip()
    if not _is_one_quotation(text):
        return text
    return text[1:-1].strip(" \u00a0\u202f")


def enclose(text: str, lang: str = "en") -> str:
    """The quote as shown on a card: smartened, nested quotes in inner marks, then wrapped.

    Marks the user already put around the quote are removed first so they are not doubled.
    """
    marks = _marks(lang)
    inner = smarten(strip_outer_marks(text), lang)
    # In German “ closes a quotation; everywhere else we support it opens one.
    closes = "”»“" if marks[0] == "„" else "”»"
    swapped = []
    for ch in inner:
        if ch in "„«“" and ch not in closes:
            swapped.append(marks[2])
        elif ch in closes:
            swapped.append(marks[3])
        else:
            swapped.append(ch)
    space = _FRENCH_SPACE if _base(lang) == "fr" else ""
    return f"{marks[0]}{space}{''.join(swapped)}{space}{marks[1]}"


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
        elif ch in _DOUBLE_MARKS:
            emit('"', i, j)
        elif ch in _SINGLE_MARKS:
            emit("'", i, j)
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

    Quotation marks become `"` or `'`, dashes `-`, an ellipsis `...`, white space one
    space. Letters and words are left exactly as they are: changing a word's case or
    spelling would let a misquote through.
    """
    return normalise_with_map(text)[0]


def _dash_spacing(
    norm: str, starts: list[int], ends: list[int]
) -> tuple[str, list[int], list[int]]:
    """Drop the spaces around a dash, so "way -- we" matches "way—we" and "way — we":
    spacing a dash is house style, not the speaker's words."""
    keep = [
        k
        for k, ch in enumerate(norm)
        if not (ch == " " and ((k > 0 and norm[k - 1] == "-") or norm[k + 1 : k + 2] == "-"))
    ]
    return "".join(norm[k] for k in keep), [starts[k] for k in keep], [ends[k] for k in keep]


def _matchable(text: str) -> tuple[str, list[int], list[int]]:
    return _dash_spacing(*normalise_with_map(text))


def quote_pieces(quote: str) -> list[str]:
    """The parts of a quote between its ellipses (which stand for omitted words), in the
    form `locate` looks for."""
    return [p.strip() for p in _matchable(quote)[0].split("...") if p.strip()]


def _find_word(haystack: str, needle: str, at: int) -> int:
    """The first place from `at` where `needle` stands as whole words, or -1: a quote
    must not start or end in the middle of a word ("ink that" is not in "think that")."""
    while True:
        k = haystack.find(needle, at)
        if k < 0:
            return -1
        before = haystack[k - 1] if k else " "
        after = haystack[k + len(needle) : k + len(needle) + 1] or " "
        if not (needle[0].isalnum() and before.isalnum()) and not (
            needle[-1].isalnum() and after.isalnum()
        ):
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


def parse_emphasis(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Placeholder until the emphasis markup lands: text without `*` pairs, and spans."""
    spans: list[tuple[int, int]] = []
    out: list[str] = []
    start: int | None = None
    for ch in text:
        if ch == "*":
            if start is None:
                start = len(out)
            else:
                spans.append((start, len(out)))
                start = None
            continue
        out.append(ch)
    return "".join(out), tuple(spans)
