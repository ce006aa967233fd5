"""Quotation marks: the one table of every mark the languages cards supports use (which
opens, which may close it), apostrophes told apart from marks, and where the quotations
in a paragraph are.

This module knows marks, not speech: `find` turns what it finds into quotes, `speakers`
finds who said them, and `style` and `match` use the same table to show a quote and to
match one.
"""

from __future__ import annotations

import re

from msgspec import Struct

from cards.text.languages import spaceless

# The one table of quotation marks: every opening mark any language uses, with the marks
# that may close it. The same character closes in one language and opens in another:
# “ closes „ in German and opens in English; ” opens in Swedish, Finnish and Arabic; »
# opens in Danish and German (»…«) and closes in French («…»). Which one a mark is comes
# from the quotations already open and from its neighbours.
CLOSERS = {
    '"': '"', "'": "'", "“": "”", "„": "“”", "‟": "”", "”": "”“", "⹂": "“”",
    "‘": "’‘", "‚": "‘’", "‛": "’", "’": "’‘",
    "«": "»", "»": "«»", "‹": "›", "›": "‹›",
    "「": "」", "『": "』", "〝": "〞〟", "＂": "＂", "＇": "＇", "｢": "｣", "﹁": "﹂", "﹃": "﹄",
}  # fmt: skip
# Marks no language closes a quotation with: they open wherever they stand.
ALWAYS_OPEN = frozenset("„‚‟‛⹂«‹「『〝｢﹁﹃")
ALL_CLOSERS = frozenset("".join(CLOSERS.values()))
# Every character that is a double or a single quotation mark (or an apostrophe) in
# some language or some keyboard's habit, primes and backticks included: matching a
# quote treats all of them as one mark.
DOUBLE_MARKS = frozenset('"“”„‟⹂«»〝〞〟＂″〃「」『』｢｣﹁﹂﹃﹄')
SINGLE_MARKS = frozenset("'‘’‚‛‹›′＇`´")
DASHES = frozenset("‐‑‒–—―−")
APOSTROPHE = "’"

# Single marks, which are apostrophes far more often than quotation marks.
_SINGLES = set("‘’'‚")
# Finding quotations in an article. After one of these a mark may open a quotation (with
# a word after it); a quotation in a quotation, a colon and Chinese or Japanese
# punctuation all come before opening marks in news text.
_OPENING_CONTEXT = set("([{<—–-/:") | set("“‘„‚«‹「『»›”\"'") | set("：，、。；！？（【《")
_OPENS_BEFORE = set("([{<“‘„‚«‹「『（【《")
# Before one of these a mark can only close a quotation.
_CLOSING_FOLLOW = set(".,;:!?)]}…") | set("”’»›」』“‘«‹") | set("。，、；：！？）")
# Styling a quote the user typed (`style`): straight marks become curly ones by what
# stands before them. Narrower than the finder's sets: a typed quote is one quotation,
# so a mark after a closing mark or a colon is taken to close, not to open.
TYPED_OPENING_CONTEXT = frozenset(" \t\n\u00a0\u202f\u3000([{<—–-/") | frozenset("“‘„‚«‹「『")
TYPED_CLOSING_FOLLOW = frozenset(".,;:!?)]}…") | frozenset("”’»›」』")
# Words that start with an elided letter keep an apostrophe, not an opening quote:
# ’em, ’til, rock ’n’ roll, the ’90s.
_ELISION_RE = re.compile(r"(?:em|til|tis|twas|cause|bout|round|n)\b|\d\d(?:s\b|\b)", re.I)


def neighbour(text: str, i: int, step: int) -> str:
    """The character next to `text[i]` in direction `step`, looking through emphasis
    asterisks (they are markup, not context); "" at either end."""
    i += step
    while 0 <= i < len(text) and text[i] == "*":
        i += step
    return text[i] if 0 <= i < len(text) else ""


class Quotation(Struct, frozen=True):
    """One top-level quotation in a paragraph, as offsets into it. `end` is where its
    words stop (its closing mark, or the paragraph's end when it has none: a quotation
    that goes on in the next paragraph leaves its closing mark off)."""

    open: int  # the opening mark
    end: int
    close: int | None  # the closing mark, if the paragraph has one
    mark: str  # the opening mark's character

    @property
    def start(self) -> int:
        return self.open + 1

    @property
    def after(self) -> int:
        """Where the paragraph goes on after the quotation (and its closing mark)."""
        return self.end if self.close is None else self.close + 1


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace()


def _opening_place(before: str) -> bool:
    """Whether a mark after `before` stands where a quotation could open."""
    return _is_space(before) or before in _OPENING_CONTEXT or spaceless(before)


def is_apostrophe(text: str, i: int) -> bool:
    """Whether the ’ or ' at `text[i]` is an apostrophe rather than a quotation mark:
    between two letters of a spaced script (it’s, don’t), or opening an elided word where
    a quotation could open (’em, the ’90s). The one test, for finding quotations in an
    article and for styling a typed quote alike."""
    before, after = neighbour(text, i, -1), neighbour(text, i, 1)
    if before.isalnum() and after.isalnum():
        return not (spaceless(before) or spaceless(after))
    start = i + 1
    while start < len(text) and text[start] == "*":
        start += 1
    return _opening_place(before) and bool(_ELISION_RE.match(text, start))


def _possessive(text: str, i: int) -> bool:
    """Whether the ’ at `text[i]`, after a word and before the next one ("the boys’
    team"), is a plural possessive rather than the end of a quotation: it is when
    another ’ further on could end it."""
    if not re.match(r"\s+\w", text[i + 1 :]):
        return False
    rest = text[i + 1 :]
    return any(
        not (rest[k - 1 : k].isalnum() and rest[k + 1 : k + 2].isalnum())
        for k in range(len(rest))
        if rest[k] == text[i]
    )


def quotations(paragraph: str, singles: bool = False) -> list[Quotation]:
    """The top-level quotations in one paragraph, in order; quotations nested in them
    are part of their words.

    Marks pair up on a stack. A mark that can close an open quotation closes it (and
    any left open inside it) when a word comes before it or none after it; otherwise a
    mark that can open one opens it, where a quotation can start: after a space, a
    bracket, a dash, another opening mark, or a letter of a script without spaces.
    `singles` lets ‘ and ' open a quotation that is not inside another, for text that
    uses single marks as its first level (Dutch, British papers); elsewhere a single
    mark at the top level is an apostrophe or a scare quote's.
    """
    found: list[Quotation] = []
    stack: list[tuple[int, str]] = []
    n = len(paragraph)
    for i, ch in enumerate(paragraph):
        if ch not in CLOSERS and ch not in ALL_CLOSERS:
            continue
        if ch in "’'‘" and is_apostrophe(paragraph, i):
            continue
        before = paragraph[i - 1] if i else ""
        after = paragraph[i + 1] if i + 1 < n else ""
        # Anything but a space or an opening bracket or mark before it lets a mark close:
        # a word, and punctuation too (“Stop.” / 「…。」 / ”…?” ).
        after_word = not _is_space(before) and before not in _OPENS_BEFORE
        word_after = not _is_space(after) and after not in _CLOSING_FOLLOW
        closes = next(
            (k for k in range(len(stack) - 1, -1, -1) if ch in CLOSERS[stack[k][1]]), None
        )
        if closes is None and stack and after_word:
            # “…," she said: a double mark of another style closes the innermost double
            # quotation (and a single one left open inside it, “… ‘no linkage," she said).
            closes = next((k for k in range(len(stack) - 1, -1, -1)
                           if stack[k][1] in _DOUBLE_OPENERS), None)
            if closes is not None and not _ends_mixed(paragraph, i, stack[closes][1]):
                closes = None
        if closes is not None and (after_word or not word_after):
            if ch in "’'" and _possessive(paragraph, i):
                continue
            if closes == 0:
                found.append(Quotation(stack[0][0], i, i, stack[0][1]))
            del stack[closes:]
            continue
        if ch not in CLOSERS or not (word_after or _opens_words(paragraph, i)) and (
                ch not in ALWAYS_OPEN):
            continue
        if ch in _SINGLES and ch != "‚" and not (stack or singles):
            continue
        if ch in ALWAYS_OPEN or _opening_place(before):
            stack.append((i, ch))
    if stack:
        found.append(Quotation(stack[0][0], n, None, stack[0][1]))
    return found


# Pages that mix mark styles open with one and close with another (“…" or "…”, and ’’
# for ”): a double mark in closing place ends a double quotation whatever its style.
_DOUBLE_OPENERS = frozenset('“„‟"«»⹂')
_DOUBLE_CLOSING = frozenset('"”“»«')


def _ends_mixed(paragraph: str, i: int, opener: str) -> bool:
    """Whether the mark at `i`, of another style than `opener`, closes its quotation: a
    double mark (or ’’) after a word, before a space, punctuation or the paragraph's end."""
    if opener not in _DOUBLE_OPENERS:
        return False
    mark = paragraph[i]
    width = 2 if paragraph.startswith("’’", i) else 1
    if width == 1 and mark not in _DOUBLE_CLOSING:
        return False
    after = paragraph[i + width : i + width + 1]
    return after == "" or after.isspace() or after in ",.;:!?)"


def _opens_words(paragraph: str, i: int) -> bool:
    """Whether words follow the mark at `i` once what may stand between is passed: one
    space after a double mark (“ I love…), an ellipsis (“…prevent), a nested single mark
    (“‘Glasgow’ is…)."""
    j = i + 1
    if paragraph[i] in _DOUBLE_OPENERS and paragraph[j : j + 1] == " ":
        j += 1
    for ellipsis in ("…", "..."):
        if paragraph.startswith(ellipsis, j):
            j += len(ellipsis)
            if paragraph[j : j + 1] == " ":  # “… Dan janganlah
                j += 1
            break
    if paragraph[j : j + 1] in ("‘", "'", "‚") and j > i + 1 or paragraph[j : j + 1] == "‘":
        j += 1
    return j < len(paragraph) and paragraph[j].isalnum()


def continues(mark: str, paragraph: str) -> bool:
    """Whether `paragraph` carries on a quotation opened with `mark` and left open at
    the end of the paragraph before: by convention it starts with an opening mark again
    (French and German papers may restart a guillemet quotation with either guillemet)."""
    first = paragraph[:1]
    guillemets = "«»"
    return first == mark or (first in guillemets and mark in guillemets)


def uses_single_marks(paragraphs: tuple[str, ...], primary: str) -> bool:
    """Whether the article sets its quotations in single marks (‘…’): its language's
    first mark is a single one, or it has no double marks at all but opens single ones."""
    if primary in "‘'‚":
        return True
    text = "\n".join(paragraphs)
    return not any(ch in DOUBLE_MARKS for ch in text) and bool(
        re.search(r"(?:^|[\s(—–-])[‘'](?=\w)", text, re.M)
    )
