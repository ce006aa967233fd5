"""Line breaking and the size search, checked by numbers (no pixels)."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.design.model import Rect, TextStyle
from cards.text.breaking import HYPHEN_PENALTY, LADDER, PATTERN_PENALTY
from cards.text.breaking import balanced_breaks as _units_breaks
from cards.text.breaking import greedy_count as _units_greedy
from cards.text.faces import face
from cards.text.fitting import Box, Setting, fit_text, mark_ink, try_size
from cards.text.measuring import Unit, advance
from cards.text.runs import chain


def units_of(widths, space):
    return tuple(Unit((), w + space, w) for w in widths)


def _balanced_breaks(widths, space, avails, max_lines, no_widow):
    return _units_breaks(units_of(widths, space), avails, max_lines, no_widow)


def _greedy_count(widths, space, avails, limit):
    return _units_greedy(units_of(widths, space), avails, limit)


def cost(widths, space, avails, ends):
    total, start = 0.0, 0
    for k, end in enumerate(ends):
        width = sum(widths[start:end]) + space * (end - start - 1)
        avail = avails[min(k, len(avails) - 1)]
        if width > avail:
            return None
        total += (avail - width) ** 2
        start = end
    return total


def brute_force(widths, space, avails, max_lines, no_widow):
    n = len(widths)
    best = None
    for k in range(1, max_lines + 1):
        for cuts in itertools.combinations(range(1, n), k - 1):
            ends = [*cuts, n]
            last = n - (ends[-2] if len(ends) > 1 else 0)
            if no_widow and n > 1 and last == 1:
                continue
            c = cost(widths, space, avails, ends)
            if c is not None and (best is None or c < best):
                best = c
    return best


@pytest.mark.parametrize("seed", range(40))
def test_breaks_minimise_squared_slack_over_all_lines(seed):
    rng = random.Random(seed)
    widths = [rng.randint(20, 140) for _ in range(rng.randint(3, 11))]
    avails = [rng.randint(250, 400)] * 2
    expected = brute_force(widths, 12, avails, 5, no_widow=True)
    ends = _balanced_breaks(widths, 12, avails, 5, no_widow=True)
    if expected is None:
        assert ends is None
    else:
        assert cost(widths, 12, avails, ends) == pytest.approx(expected)


def test_even_rag_beats_greedy_filling():
    # Greedy fills the first line and leaves a short second one; the even rag splits
    # the words so the two lines are about as long.
    # Greedy would take four words (430 of 450 px), then two; the even rag takes 3 + 3.
    widths, space, avails = [100] * 6, 10, [450, 450]
    assert _greedy_count(widths, space, avails, 5) == 2
    assert _balanced_breaks(widths, space, avails, 5, no_widow=True) == [3, 6]


def test_no_single_word_alone_on_the_last_line_when_two_can_share_it():
    # Four lines fill exactly with one word left over; the widow rule moves a word down.
    widths = [90, 90, 90, 90, 90, 90, 90, 20]
    ends = _balanced_breaks(widths, 10, [200, 200], 4, no_widow=True)
    assert ends is not None and ends[-1] - ends[-2] >= 2
    # One word that can only stand alone is allowed, rather than no layout at all.
    assert _balanced_breaks([150, 150], 10, [200, 200], 2, no_widow=True) is None
    assert _balanced_breaks([150, 150], 10, [200, 200], 2, no_widow=False) == [1, 2]


STYLE = TextStyle(
    box=Rect(0, 0, 1, 1), font="Vollkorn-Regular", size_min=30, size_max=80,
    line_height=1.2, max_lines=6, color="text", align="left", valign="top",
)
SETTING = Setting("quote", chain("Vollkorn-Regular"), "en", False, hang=True)


@pytest.mark.parametrize("text", [
    "“Short.”",
    "“A middling quote that needs a line or two of type to sit well.”",
    "“" + "A long one that goes on and on about the harbour and the ferry. " * 4 + "”",
])
def test_size_search_finds_the_largest_size_that_fits(text):
    box = Box(0, 0, 700, 400)
    fit = fit_text(STYLE, text, box, SETTING)
    assert fit is not None
    assert try_size(STYLE, text, fit.size, box, SETTING) is not None
    if fit.size < STYLE.size_max:
        assert try_size(STYLE, text, fit.size + 1, box, SETTING) is None
    # Every line fits its width (the first line may use the hang as well).
    vollkorn = face("Vollkorn-Regular")
    for i, line in enumerate(fit.texts):
        width = advance(vollkorn, fit.size, line[1:]) + fit.hang if i == 0 else advance(
            vollkorn, fit.size, line)
        assert width <= box.w + (fit.hang if i == 0 else 0)


def test_text_that_cannot_fit_at_the_smallest_size_gives_none():
    assert fit_text(STYLE, "word " * 200, Box(0, 0, 300, 100), SETTING) is None


@pytest.mark.parametrize("font", ["Vollkorn-Regular", "Vollkorn-Italic", "Inter-Bold"])
@pytest.mark.parametrize("size", [36, 64, 104])
@pytest.mark.parametrize("mark", ["“", "„", "«", "‘"])
def test_hanging_mark_clears_the_edge_at_every_size(font, size, mark):
    setting = Setting("quote", chain(font), "en", False, hang=True)
    hang = try_size(STYLE, mark + "The", size, Box(0, 0, 2000, 1000), setting).hang
    x0, _, x1, _ = mark_ink(font, size, mark)
    assert 0 < hang
    assert x1 <= hang  # its ink ends at or before the letters' edge
    assert hang <= advance(face(font), size, mark) + size // 8  # and it does not float far off
    assert x0 >= 0 or hang - x0 <= size  # ink does not reach far into the margin


def test_no_hang_without_an_opening_mark():
    assert try_size(STYLE, "Plain words", 40, Box(0, 0, 2000, 1000), SETTING).hang == 0


# The even-rag search as it was before its fast paths (one line; text without hyphens),
# kept as the oracle they must agree with.
def _balanced_breaks_before(
    units: tuple[Unit, ...], avails: list[int], max_lines: int, no_widow: bool
) -> list[int] | None:
    """`balanced_breaks` as it was before its fast paths: the oracle."""
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



@settings(max_examples=600, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 300), st.integers(0, 12), st.booleans(),
                          st.sampled_from([0, 0, 0, 9]), st.booleans()),
                min_size=1, max_size=14),
       st.lists(st.integers(40, 700), min_size=1, max_size=3),
       st.integers(1, 6), st.booleans(), st.booleans())
def test_the_fast_even_rag_paths_agree_with_the_full_search(words, avails, lines, no_widow,
                                                             hyphens):
    """One line, and text without hyphens, take their own paths through the even-rag
    search: the same line ends as the full search, glue, widows and ladders included."""
    units = tuple(Unit((), width + space, width, hyphen if hyphens else 0, glued, joint)
                  for width, space, glued, hyphen, joint in words)
    assert _units_breaks(units, avails, lines, no_widow) == _balanced_breaks_before(
        units, avails, lines, no_widow)
