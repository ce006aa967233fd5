"""The normal form quotes are matched in, and finding a quote's words in an article.

Matching throws away exactly what `style` adds: which quotation marks, dashes and
spaces a language or a house uses. Letters and words are kept as they are, so a
misquote never matches."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from cards.quotes.marks import DASHES, DOUBLE_MARKS, SINGLE_MARKS
from cards.text.languages import spaceless


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
        plain = _PLAIN_RUN.match(text, i)
        if plain is not None:
            j = plain.end()
            if j < n and unicodedata.combining(text[j]):
                j -= 1  # the last letter takes its marks below
            if j > i:  # characters that stand for themselves, one for one
                out.extend(text[i:j])
                starts.extend(range(i, j))
                ends.extend(range(i + 1, j + 1))
                i = j
                continue
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
        elif ch in DOUBLE_MARKS or ch in SINGLE_MARKS:
            emit('"', i, j)
        elif ch in DASHES or (ch == "-" and text[i + 1 : i + 2] == "-"):
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


# Printable ASCII the normal form keeps as it is (not a space, quotation mark, dash or
# hyphen), and words of it one space apart, which the normal form keeps as they are too:
# a run of them is copied whole, where the loop costs a call a character.
_PLAIN = "".join(c for c in map(chr, range(0x21, 0x7F))
                 if c not in DOUBLE_MARKS and c not in SINGLE_MARKS and c not in DASHES
                 and c != "-")
_PLAIN_RUN = re.compile(f"[{re.escape(_PLAIN)}]+(?: [{re.escape(_PLAIN)}]+)*")


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
    drop = {m.start() for m in _HOUSE_SPACE.finditer(norm)}
    if not drop:
        return norm, starts, ends
    keep = [k for k in range(len(norm)) if k not in drop]
    return "".join(norm[k] for k in keep), [starts[k] for k in keep], [ends[k] for k in keep]


# A space after a dash or quotation mark, or before one or before ! ? : ;
_HOUSE_SPACE = re.compile(r'(?<=[-"]) | (?=[-"!?:;])')


@lru_cache(maxsize=8192)
def matchable(text: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    """`text` in the form quotes are matched in, with the map back to its characters.
    Kept for the texts a process matches against again and again (an article's
    quotations, for every row of a batch)."""
    norm, starts, ends = _style_spacing(*normalise_with_map(text))
    return norm, tuple(starts), tuple(ends)


# Length of the keys `Passages` indexes: long enough to be rare, short enough that a
# quote's first piece is nearly always longer.
_KEY = 12


class Passages:
    """Several texts (an article's quotations) indexed for `locate_pieces`: which of them
    may hold a piece is looked up, not searched, so listing or verifying against an
    article with thousands of quotations costs about what one with ten does."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = tuple(texts)
        self._keys: dict[str, list[int]] = {}
        for j, text in enumerate(self.texts):
            norm = matchable(text)[0]
            for pos in _word_starts(norm):  # a piece starts where a word does
                holders = self._keys.setdefault(norm[pos : pos + _KEY], [])
                if not holders or holders[-1] != j:
                    holders.append(j)

    def holding(self, piece: str, in_word: bool = False) -> Sequence[int]:
        """The indexes, in order, of the texts that may hold `piece` as whole words (or,
        `in_word`, starting inside a word): those that hold the rarest of its keys (a
        text that holds the piece holds them all)."""
        best: Sequence[int] = range(len(self.texts))
        for pos in _word_starts(piece):
            if pos + _KEY > len(piece):
                break
            if pos == 0 and in_word:
                continue
            holders = self._keys.get(piece[pos : pos + _KEY], ())
            if len(holders) < len(best):
                best = holders
                if len(best) <= 1:
                    break
        return best


_AFTER_WORD_EDGE = re.compile(r"[\W_]")
# The scripts written without spaces all lie from Thai (U+0E00) on. (Written as what is
# not below it: the range itself takes re 3 ms to compile, its complement 0.2.)
_FROM_THAI_ON = re.compile("[^\x00-\u0dff]")


def _word_starts(text: str) -> list[int]:
    """Where words may start in `text`: its start, after anything not a letter or digit,
    and at every letter of a script written without spaces."""
    starts = {0, *(m.end() for m in _AFTER_WORD_EDGE.finditer(text))}
    if not text.isascii():
        starts.update(m.start() for m in _FROM_THAI_ON.finditer(text) if spaceless(m.group()))
    return sorted(k for k in starts if k < len(text))


def quote_pieces(quote: str) -> list[str]:
    """The parts of a quote between its ellipses (which stand for omitted words), in the
    form `locate` looks for."""
    return [p.strip() for p in matchable(quote)[0].split("...") if p.strip()]


def find_word(haystack: str, needle: str, at: int) -> int:
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
    norm, starts, ends = matchable(text)
    at, spans = 0, []
    for piece in pieces:
        k = find_word(norm, piece, at)
        if k < 0:
            return None
        at = k + len(piece)
        spans.append((starts[k], ends[at - 1]))
    return spans


def locate(pieces: list[str], text: str) -> tuple[int, int] | None:
    """Where `pieces` stand in `text`: from the first piece's start to the last one's end."""
    spans = locate_pieces(pieces, text)
    return (spans[0][0], spans[-1][1]) if spans else None
