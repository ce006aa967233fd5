"""Setting text in lines: break opportunities and even-rag breaking.

Text is prepared once (runs by font, break opportunities, emphasis) and measured
(`measuring`) once per size. Break opportunities follow the Unicode line breaking
algorithm (UAX #14, through uniseg), tailored so no line starts with a closing quotation
mark, a dash or an ellipsis; plain Latin text takes a fast path that gives the same
breaks. Where a line should rather not end (`glue`: after "a" or Czech "v"; inside a
Japanese or Chinese phrase, `phrases`) the even-rag search avoids it at a cost no rag
outweighs, and the size search may go a little smaller to avoid it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache
from typing import Any

from cards.text.compounds import joints
from cards.text.faces import Face, coverage, get_font
from cards.text.glue import glue, join_emoji
from cards.text.languages import phrase_model, spaceless
from cards.text.measuring import Prepared, Unit
from cards.text.phrases import phrase_starts
from cards.text.runs import split_runs

# Spaces that hang with the opening mark before them (French « Nous).
HANGING_SPACES = ("\u202f", "\u00a0")
# Marks that open a quotation, and so hang into the margin at the start of a quote.
OPENING_MARKS = "“‘„‚«‹「『\"'”»"
# No line may begin with these (a closing mark, a dash, an ellipsis, closing CJK marks).
NO_LINE_START = "”’»›」』)]}.,;:!?…—–%、。，．：；！？）〕〉》」』】〙〗"
# Text made only of these takes the fast path: UAX #14 would break it only after spaces
# (and after dashes, which a card does not need).
_SIMPLE = re.compile(r"[A-Za-z0-9À-ɏ \u00a0.,;:!?'’‘“”\"()&%$€£@#/+*=…—–\-]*")
# Languages whose long compounds are hyphenated rather than left to make a ragged line.
COMPOUNDING = ("de", "nl", "sv", "da", "nb", "no", "fi", "hu", "is")


def _simple(text: str) -> bool:
    return _SIMPLE.fullmatch(text) is not None


def _space_units(text: str) -> list[tuple[int, int, bool]]:
    units, start = [], 0
    for m in re.finditer(r" +", text):
        units.append((start, m.end(), False))
        start = m.end()
    if start < len(text):
        units.append((start, len(text), False))
    return units


def _uax14_units(text: str) -> list[tuple[int, int, bool]]:
    from uniseg.linebreak import line_break_units  # type: ignore[import-untyped]

    units, start = [], 0
    for unit in line_break_units(text):
        units.append((start, start + len(unit), False))
        start += len(unit)
    return units


def _split_at(text: str, units: list[tuple[int, int, bool]],
              starts: frozenset[int]) -> list[tuple[int, int, bool]]:
    """Units cut where a word begins inside them (Thai, which UAX #14 gives no breaks
    between its letters), never before a combining mark: a cluster stays whole."""
    out: list[tuple[int, int, bool]] = []
    for start, end, hyphen in units:
        cuts = [k for k in sorted(starts) if start < k < end and spaceless(text[k - 1])
                and spaceless(text[k]) and not unicodedata.combining(text[k])
                and unicodedata.category(text[k]) != "Mn"]
        edges = [start, *cuts, end]
        out += [(a, b, hyphen and b == end) for a, b in itertools.pairwise(edges)]
    return out


def _keep_all(text: str, units: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    out: list[tuple[int, int, bool]] = []
    for start, end, hyphen in units:
        if out and not text[out[-1][1] - 1].isspace():
            out[-1] = (out[-1][0], end, hyphen)
        else:
            out.append((start, end, hyphen))
    return out


_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")


def _tailor(text: str, units: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Join a unit that would start a line with a closing mark, dash or ellipsis to the
    one before it: the break before it is not allowed. Nor is a break inside a web or
    mail address, which UAX #14 would allow after its slashes."""
    inside = [(m.start(), m.end()) for m in _URL.finditer(text)]
    out: list[tuple[int, int, bool]] = []
    for start, end, hyphen in units:
        in_address = any(a < start < b for a, b in inside)
        # "peut-/on", "dit-/il": a hyphen before two or three letters is not a place
        # to break, though UAX #14 allows one after every hyphen.
        short_tail = (start > 0 and text[start - 1] == "-"
                      and re.match(r"\w{1,3}\b", text[start:]) is not None)
        # A line starting "一一" reads as a dash and then 一 (唯|一一个).
        dash_like = text.startswith("一一", start)
        if out and (text[start] in NO_LINE_START or in_address or short_tail or dash_like):
            out[-1] = (out[-1][0], end, hyphen)
        else:
            out.append((start, end, hyphen))
    return out


def _hyphenate(
    text: str, units: list[tuple[int, int, bool]], lang: str
) -> tuple[list[tuple[int, int, bool]], frozenset[int]]:
    """Split long words at pyphen's hyphenation points for the language, and say which
    of those points are compound joints (`compounds`). A split unit is marked, so a
    hyphen is drawn and measured only where a line really breaks. Each side of a point
    keeps at least three letters: "Bundesfördermit-tel" is the shortest tail allowed."""
    import pyphen  # type: ignore[import-untyped]

    base = lang.split("-")[0].lower()
    if not pyphen.language_fallback(base):
        return units, frozenset()
    dic = _dictionary(pyphen.language_fallback(base))
    out: list[tuple[int, int, bool]] = []
    at_joints: set[int] = set()
    for start, end, hyphen in units:
        word = text[start:end].rstrip()
        core = re.match(r"\W*(\w+)", word)
        # Only long compounds: hyphenating an ordinary word to even the rag is a worse
        # fault on a card than the uneven line it saves.
        if core is None or len(core.group(1)) < 14:
            out.append((start, end, hyphen))
            continue
        offset = start + core.start(1)
        points = [p for p in dic.positions(core.group(1)) if 3 <= p <= len(core.group(1)) - 3]
        at_joints.update(offset + p for p in joints(core.group(1), points, base))
        cut = start
        for p in points:
            out.append((cut, offset + p, True))
            cut = offset + p
        out.append((cut, end, hyphen))
    return out, frozenset(at_joints)


@lru_cache(maxsize=16)
def _dictionary(name: str) -> Any:
    import pyphen  # lazy: keeps start-up fast

    return pyphen.Pyphen(lang=name)


@lru_cache(maxsize=512)
def prepare(
    text: str, faces: tuple[Face, ...], role: str, lang: str,
    emphasis: tuple[tuple[int, int], ...] = (), features: tuple[str, ...] = (),
    hang: bool = False, emphasis_face: Face | None = None, tracking: float = 0.0,
) -> Prepared:
    """Everything about the text that does not depend on its size (cached). With
    `hang`, an opening quotation mark is a run of its own, so it can hang outside."""
    runs = split_runs(text, faces, role, lang)
    spans, at = [], 0
    for run in runs:
        spans.append((at, at + len(run.text), run.face))
        at += len(run.text)
    # French sets a narrow no-break space inside « »: it hangs with the mark, so the
    # first line's letters line up with the lines below.
    lead = 2 if text[1:2] in HANGING_SPACES else 1
    if hang and text[:1] in OPENING_MARKS and len(text) > lead and spans[0][1] > lead:
        start, end, f = spans[0]
        spans[0:1] = [(0, lead, f), (lead, end, f)]
    units = _space_units(text) if _simple(text) else _uax14_units(text)
    if lang.split("-")[0].lower() == "ko":
        # Korean is set with breaks at spaces only ("keep-all"), as its readers expect,
        # though UAX #14 would allow a break between any two syllables.
        units = _keep_all(text, units)
    at_joints: frozenset[int] = frozenset()
    if lang.split("-")[0].lower() in COMPOUNDING:
        units, at_joints = _hyphenate(text, units, lang)
    hangs = len(spans) > 1 and spans[0][1] == lead and hang
    phrases = phrase_starts(text, lang)
    if phrases is not None and lang.split("-")[0].lower() == "th":
        units = _split_at(text, units, phrases)
    units = join_emoji(text, _tailor(text, units))
    glued = glue(text, units, lang)
    if phrases is not None:
        # Japanese and Chinese break between phrases (BudouX), as their readers expect;
        # inside one only where nothing else fits, so no quote is refused for it.
        glued = tuple(g or (end not in phrases and not text[end - 1].isspace())
                      for g, (_, end, _) in zip(glued, units, strict=True))
    return Prepared(text, tuple(spans), tuple(units), emphasis, lang, features,
                    hangs, emphasis_face, glued, at_joints, _squeezed(text, spans, lang),
                    tracking)


# Full-width punctuation of Japanese and Simplified Chinese, by the side its ink sits on:
# a closing mark's em is inked on the left and empty on the right, an opening mark's the
# other way round. Two side by side leave a half-em hole between their ink ("。 ”").
CJK_CLOSING = "、。，．）〕］｝〉》」』】〙〗”’"
CJK_OPENING = "（〔［｛〈《「『【〘〖“‘"
# Traditional Chinese centres its punctuation in the em: nothing to take away.
_SQUEEZED_IN = ("ja", "zh-hans")


def _squeezed(text: str, spans: list[tuple[int, int, Face]], lang: str) -> frozenset[int]:
    """The punctuation to set half-width (the font's `halt` feature), as JIS X 4051 and
    the Chinese rules set adjacent marks: a closing mark before another mark loses its
    empty half, and so does an opening mark after another opening one. Only full-width
    marks count: the narrow marks of a Latin or a Japanese proportional face have no
    empty half to lose."""
    if phrase_model(lang) not in _SQUEEZED_IN:  # the same reading of zh-TW as BudouX's
        return frozenset()
    marks = CJK_CLOSING + CJK_OPENING
    if sum(c in marks for c in text) < 2:
        return frozenset()
    face_at = {i: f for a, b, f in spans for i in range(a, b)}

    def full(i: int) -> bool:
        return text[i] in marks and _full_width(face_at[i], text[i])

    out = set()
    for i in range(len(text) - 1):
        a, b = text[i], text[i + 1]
        if a in CJK_CLOSING and b in marks and full(i) and full(i + 1):
            out.add(i)
        elif a in CJK_OPENING and b in CJK_OPENING and full(i) and full(i + 1):
            out.add(i + 1)
    return frozenset(out)


@lru_cache(maxsize=1024)
def _full_width(f: Face, char: str) -> bool:
    """Whether the face draws `char` an em wide, with a `halt` form to halve it."""
    if f.strike or ord(char) not in coverage(f):
        return False
    font = get_font(f, 100)
    return font.getlength(char) >= 90 and font.getlength(char, features=["halt"]) <= 60


def joined(units: tuple[Unit, ...]) -> tuple[Unit, ...]:
    """The units with each glued one joined to the next: the text as it would break if
    the glue could not give."""
    out: list[Unit] = []
    carry: Unit | None = None
    for unit in units:
        if carry is not None:
            unit = Unit(carry.pieces + unit.pieces, carry.width + unit.width,
                        carry.width + unit.trimmed, unit.hyphen, unit.glued, unit.joint)
        carry = unit if unit.glued else None
        if carry is None:
            out.append(unit)
    if carry is not None:
        out.append(carry)
    return tuple(out)


def greedy_count(units: tuple[Unit, ...], avails: list[int], limit: int) -> int:
    """The fewest lines the units can take (greedy filling reaches it); more than
    `limit` means they do not fit. A unit wider than any line returns limit + 1."""
    lines, filled = 1, -1  # filled: full width of the units on the line; -1 = empty
    for unit in units:
        avail = avails[min(lines - 1, len(avails) - 1)]
        if filled >= 0 and filled + unit.trimmed + unit.hyphen <= avail:
            filled += unit.width
            continue
        if filled >= 0:
            lines += 1
            avail = avails[min(lines - 1, len(avails) - 1)]
        if lines > limit or unit.trimmed + unit.hyphen > avail:
            return limit + 1
        filled = unit.width
    return lines


# A break inside a word costs as much as this share of the line left empty, so the
# even-rag search hyphenates only where that really evens the lines. A break inside a
# morpheme (Bundesförder|mittel is a joint, Bundesfördermit|tel is not) costs more, so
# of two breaks that even the rag alike the joint is taken.
HYPHEN_PENALTY = 0.35
PATTERN_PENALTY = 0.5
# Hyphenated lines allowed in a row before the next costs as much as a stranded word.
LADDER = 2


def balanced_breaks(
    units: tuple[Unit, ...], avails: list[int], max_lines: int, no_widow: bool
) -> list[int] | None:
    """Line ends that minimise the sum of squared slack over every line, the last too,
    in at most `max_lines` lines: an even rag rather than greedy filling. A line from
    unit i to unit j-1 is as wide as the units, less the last one's trailing space,
    plus a hyphen if it ends inside a word.

    best[k][h][j] is the cost of setting the first j units in k lines, the last h of
    them hyphenated (h at most LADDER: a ladder's further rungs are costed, not kept).
    """
    n = len(units)
    if max_lines == 1 and n:
        # One line holds them all or nothing does (an attribution, a site's name): no
        # table to build, which took four of the five searches a card makes 20 µs each.
        last = units[-1]
        width = sum(unit.width for unit in units) - last.width + last.trimmed
        return [n] if width <= avails[0] else None
    prefix = [0]
    for unit in units:
        prefix.append(prefix[-1] + unit.width)
    inf = float("inf")
    depth = LADDER + 1 if any(unit.hyphen for unit in units) else 1
    best = [[[inf] * (n + 1) for _ in range(depth)] for _ in range(max_lines + 1)]
    back = [[[(0, 0)] * (n + 1) for _ in range(depth)] for _ in range(max_lines + 1)]
    best[0][0][0] = 0.0
    # Ending a line on a glued unit costs more than any amount of rag could (every line
    # left empty, hyphens too), so it happens only where no other breaking fits: the
    # text is never refused for it. Greedy filling, which decides whether the text fits,
    # ignores glue for the same reason. A third hyphenated line in a row (a ladder, which
    # a reader's eye stumbles down) costs the same.
    strand = 2.0 * (max_lines + 1) * float(max(avails)) ** 2
    if depth == 1:
        _plain_rows(units, avails, max_lines, no_widow, prefix, strand, best, back)
    else:
        _hyphenated_rows(units, avails, max_lines, no_widow, prefix, strand, best, back)
    return _ends(best, back, max_lines, depth, n)


def _plain_rows(units: tuple[Unit, ...], avails: list[int], max_lines: int, no_widow: bool,
                prefix: list[int], strand: float, best: list[list[list[float]]],
                back: list[list[list[tuple[int, int]]]]) -> None:
    """`balanced_breaks`'s table for text that breaks only between words (no hyphens,
    so no ladder to count): the same costs, added in the same order, with what cannot
    change in the inner loop taken out of it. Most text is like this: a four-line quote's
    table took 0.14 ms and takes 0.07 (300 cards of the batch benchmark's stories)."""
    inf = float("inf")
    n = len(units)
    for k in range(1, max_lines + 1):
        avail = avails[min(k - 1, len(avails) - 1)]
        row, prev, steps = best[k][0], best[k - 1][0], back[k][0]
        for j in range(1, n + 1):
            last = units[j - 1]
            reach = prefix[j] - (last.width - last.trimmed)
            extra = strand if last.glued and j < n else 0.0
            widow = no_widow and j == n and n > 1
            for i in range(j - 1, -1, -1):
                width = reach - prefix[i]
                if width > avail:
                    break
                if widow and j - i == 1:
                    continue
                before = prev[i]
                if before == inf:
                    continue
                cost = before + (float(avail - width) ** 2 + extra)
                if cost < row[j]:
                    row[j], steps[j] = cost, (i, 0)


def _hyphenated_rows(units: tuple[Unit, ...], avails: list[int], max_lines: int,
                     no_widow: bool, prefix: list[int], strand: float,
                     best: list[list[list[float]]],
                     back: list[list[list[tuple[int, int]]]]) -> None:
    """`balanced_breaks`'s table for text that may break inside a word."""
    inf = float("inf")
    n = len(units)
    for k in range(1, max_lines + 1):
        avail = avails[min(k - 1, len(avails) - 1)]
        joint_cost = (HYPHEN_PENALTY * avail) ** 2
        pattern_cost = (PATTERN_PENALTY * avail) ** 2
        rows, prevs = best[k], best[k - 1]
        for j in range(1, n + 1):
            last = units[j - 1]
            end_cut = last.width - last.trimmed - (last.hyphen if j < n else 0)
            hyphenated = bool(last.hyphen) and j < n
            extra = (joint_cost if last.joint else pattern_cost) if hyphenated else 0.0
            if last.glued and j < n:
                extra += strand
            for i in range(j - 1, -1, -1):
                width = prefix[j] - prefix[i] - end_cut
                if width > avail:
                    break
                if no_widow and j == n and j - i == 1 and n > 1:
                    continue
                slack = float(avail - width) ** 2 + extra
                for h, prev in enumerate(prevs):
                    if prev[i] == inf:
                        continue
                    to = min(h + 1, LADDER) if hyphenated else 0
                    cost = prev[i] + slack + (strand if hyphenated and h == LADDER else 0.0)
                    if cost < rows[to][j]:
                        rows[to][j], back[k][to][j] = cost, (i, h)


def _ends(best: list[list[list[float]]], back: list[list[list[tuple[int, int]]]],
          max_lines: int, depth: int, n: int) -> list[int] | None:
    """The line ends of the cheapest way through `balanced_breaks`'s table."""
    inf = float("inf")
    candidates = [(best[k][h][n], k, h) for k in range(1, max_lines + 1)
                  for h in range(depth) if best[k][h][n] < inf]
    if not candidates:
        return None
    _, k, h = min(candidates)
    ends, j = [], n
    while k > 0:
        ends.append(j)
        (j, h), k = back[k][h][j], k - 1
    return ends[::-1]
