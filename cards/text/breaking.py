"""Setting text in lines: break opportunities, measuring, and even-rag breaking.

Text is prepared once (runs by font, break opportunities, emphasis) and measured once per
size. Break opportunities follow the Unicode line breaking algorithm (UAX #14, through
uniseg), tailored so no line starts with a closing quotation mark, a dash or an
ellipsis; plain Latin text takes a fast path that gives the same breaks. Where a line
should rather not end (`glue`: after "a" or Czech "v"; inside a Japanese or Chinese
phrase, `phrases`) the even-rag search avoids it at a cost no rag outweighs, and the
size search may go a little smaller to avoid it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cards.text.compounds import joints
from cards.text.faces import Face, coverage, emoji_strike, get_font, x_height
from cards.text.glue import glue, join_emoji
from cards.text.languages import phrase_model, spaceless
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
_RTL_CHARS = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR_CHARS = re.compile(r"[A-Za-zÀ-ɏͰ-ӿ]")


@dataclass(frozen=True)
class Piece:
    """Part of a line in one face, size and colour; `text` may end in spaces."""

    text: str
    face: Face
    size: int
    emphasis: bool
    width: int
    features: tuple[str, ...] = ()  # beyond the text's: "halt" sets CJK punctuation half-width
    tracking: float = 0.0  # px added after each letter (capitals, small capitals)


@dataclass(frozen=True)
class Unit:
    """The text between two break opportunities."""

    pieces: tuple[Piece, ...]
    width: int  # with its trailing spaces
    trimmed: int  # without them: what it takes at the end of a line
    hyphen: int = 0  # a hyphen's width if a line may break here inside a word, else 0
    glued: bool = False  # a line should not end here (a short word, a word before an emoji)
    joint: bool = False  # the break inside a word falls between two words of a compound


@dataclass(frozen=True)
class Prepared:
    text: str
    runs: tuple[tuple[int, int, Face], ...]  # start, end, face
    units: tuple[tuple[int, int, bool], ...]  # start, end, breaks inside a word (hyphen)
    emphasis: tuple[tuple[int, int], ...]
    lang: str
    features: tuple[str, ...]
    hang: bool = False  # the opening mark is a piece of its own, to hang outside the box
    emphasis_face: Face | None = None  # the face of *emphasised* words, if not the text's
    glue: tuple[bool, ...] = ()  # for each unit, whether a line should not end after it
    joints: frozenset[int] = frozenset()  # offsets of hyphenation points at compound joints
    squeeze: frozenset[int] = frozenset()  # offsets of CJK punctuation set half-width
    tracking: float = 0.0  # em added after each letter of a script that may be spaced out


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


@lru_cache(maxsize=65536)
def advance(f: Face, size: int, text: str, features: tuple[str, ...] = (),
            direction: str = "ltr", lang: str = "", tracking: float = 0.0) -> int:
    """A run's advance width in px at `size` (a colour bitmap font scales its strike),
    with `tracking` px after each letter."""
    if f.strike:
        return round(emoji_strike(f, text)[0].width * emoji_size(size) / f.strike)
    font = get_font(f, size)
    width = font.getlength(text, direction=direction, features=list(features) or None,
                           language=lang or None)
    return round(width + tracking * letters(text)) if tracking else round(width)


def letters(text: str) -> int:
    """The letters (and spaces) tracking spaces out: every character but marks that
    join the one before and invisible controls."""
    return sum(1 for c in text if unicodedata.category(c) not in ("Mn", "Me", "Cf"))


# Tracking is for scripts with capitals and letters drawn apart: Latin, Greek, Cyrillic
# and their punctuation. Spacing out joined (Arabic, Devanagari) or square (CJK) letters
# would break them or mean nothing.
_TRACKED = re.compile(r"[\u0000-\u058f\u1e00-\u20cf\u2100-\u214f]*")


def tracked(text: str, f: Face, size: int, tracking: float) -> float:
    """The px of tracking `text` takes in face `f` at `size` (0 where it takes none)."""
    if not tracking or f.strike or _TRACKED.fullmatch(text) is None:
        return 0.0
    return tracking * size


def emoji_size(size: int) -> float:
    """Colour emoji are drawn a little larger than the text's em so they match capitals."""
    return size * 1.0


@lru_cache(maxsize=4096)
def run_size(f: Face, primary: Face, size: int) -> int:
    """The size a fallback face is drawn at so its x-height matches the primary's: a
    Latin name in a CJK face, or Greek in a face with a small eye, then reads as one
    line. Faces without Latin letters (Arabic, Hebrew, Devanagari) are drawn at the
    text size, as their designers matched them to Latin at equal size."""
    if f == primary or f.strike or ord("x") not in coverage(f):
        return size
    ratio = x_height(primary, size) / max(1.0, x_height(f, size))
    return round(size * min(1.25, max(0.8, ratio)))


def direction_of(text: str, default: str) -> str:
    """The direction of the text's strong letters (rtl or ltr), else `default`."""
    if _RTL_CHARS.search(text):
        return "rtl"
    if _LTR_CHARS.search(text):
        return "ltr"
    return default


@lru_cache(maxsize=4096)
def measure(p: Prepared, primary: Face, size: int, rtl: bool) -> tuple[Unit, ...]:
    """Each unit at `size`: its pieces and widths."""
    base = "rtl" if rtl else "ltr"
    cuts = sorted({0, len(p.text)} | {s for s, _, _ in p.runs} | {e for _, e, _ in p.runs}
                  | {x for span in p.emphasis for x in span}
                  | p.squeeze | {i + 1 for i in p.squeeze})
    out = []
    hyphen_cache: dict[Face, int] = {}
    for index, (start, end, hyphen) in enumerate(p.units):
        pieces: list[Piece] = []
        points = [start] + [c for c in cuts if start < c < end] + [end]
        for a, b in zip(points, points[1:], strict=False):
            f = next(face for s, e, face in p.runs if s <= a < e)
            chunk = p.text[a:b]
            emph = any(x <= a < y for x, y in p.emphasis)
            if emph and p.emphasis_face is not None and f == primary \
                    and all(ord(c) in coverage(p.emphasis_face) for c in chunk):
                f = p.emphasis_face
            s = run_size(f, primary, size)
            extra = ("halt",) if a in p.squeeze else ()
            feats = p.features + extra
            t = tracked(chunk, f, s, p.tracking)
            width = advance(f, s, chunk, feats, direction_of(chunk, base), p.lang, t)
            if pieces and pieces[-1].face == f and pieces[-1].emphasis == emph \
                    and pieces[-1].features == extra and pieces[-1].tracking == t \
                    and not (p.hang and a == p.runs[0][1]):
                last = pieces.pop()
                chunk = last.text + chunk
                width = advance(f, s, chunk, feats, direction_of(chunk, base), p.lang, t)
            pieces.append(Piece(chunk, f, s, emph, width, extra, t))
        width = sum(piece.width for piece in pieces)
        tail = pieces[-1]
        stripped = tail.text.rstrip(" ")
        trimmed = width - tail.width + (
            advance(tail.face, tail.size, stripped, p.features + tail.features,
                    direction_of(stripped, base), p.lang, tail.tracking) if stripped else 0
        )
        hyph = 0
        if hyphen:
            if tail.face not in hyphen_cache:
                hyphen_cache[tail.face] = advance(tail.face, tail.size, "-", p.features)
            hyph = hyphen_cache[tail.face]
        glued = bool(p.glue) and p.glue[index]
        out.append(Unit(tuple(pieces), width, trimmed, hyph, glued,
                        bool(hyphen) and end in p.joints))
    return tuple(out)


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
