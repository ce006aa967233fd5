"""The QR mask is chosen as qrcode chooses it: each mask's penalty counted on bits equals
qrcode's own count, module by module, and the code drawn is qrcode's, module for module."""

from __future__ import annotations

import random

import pytest
import qrcode
import qrcode.constants
import qrcode.util
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.render.qr import qr_matrix
from cards.render.qrmask import QRCode, penalty


def _lines(grid: list[list[bool]]) -> tuple[list[int], list[int]]:
    rows = [sum(1 << j for j, cell in enumerate(row) if cell) for row in grid]
    columns = [sum(1 << i for i, row in enumerate(grid) if row[j]) for j in range(len(grid))]
    return rows, columns


@st.composite
def grids(draw: st.DrawFn) -> list[list[bool]]:
    """Square grids of modules, some random, some in stripes, blocks and runs that each
    rule scores, with finder-like 1011101 patterns planted in them."""
    size = draw(st.integers(1, 60))
    seed = draw(st.integers(0, 2**32))
    kind = draw(st.sampled_from(["noise", "sparse", "dense", "stripes", "finders"]))
    rng = random.Random(seed)
    share = {"noise": 0.5, "sparse": 0.1, "dense": 0.9}.get(kind, 0.5)
    grid = [[rng.random() < share for _ in range(size)] for _ in range(size)]
    if kind == "stripes":
        width = rng.randint(1, 7)
        grid = [[(j // width) % 2 == 0 or rng.random() < 0.05 for j in range(size)]
                for _ in range(size)]
    if kind == "finders" and size >= 11:
        for _ in range(rng.randint(1, 2 * size)):
            i, j = rng.randrange(size), rng.randrange(size - 10)
            pattern = rng.choice(["10111010000", "00001011101"])
            for t, bit in enumerate(pattern):
                if rng.random() < 0.5:
                    grid[i][j + t] = bit == "1"
                else:
                    grid[j + t][i] = bit == "1"
    return grid


@settings(max_examples=400, deadline=None)
@given(grids())
def test_the_penalty_counted_on_bits_is_qrcodes_own(grid):
    rows, columns = _lines(grid)
    assert penalty(rows, columns, len(grid)) == qrcode.util.lost_point(grid)


@pytest.mark.parametrize("grid", [
    [[True] * 21 for _ in range(21)],
    [[False] * 21 for _ in range(21)],
    [[(i + j) % 2 == 0 for j in range(21)] for i in range(21)],
    [[j in (0, 2, 3, 4, 6) for j in range(21)] for _ in range(21)],  # a finder's row
], ids=["all-dark", "all-light", "chequered", "finder-rows"])
def test_the_penalty_of_grids_each_rule_scores(grid):
    rows, columns = _lines(grid)
    assert penalty(rows, columns, len(grid)) == qrcode.util.lost_point(grid)


def _symbol(url: str, cls: type) -> qrcode.QRCode:
    code = cls(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(url, optimize=0)
    return code


def _penalties_by_qrcode(url: str) -> list[int]:
    """Each mask's points as qrcode's `best_mask_pattern` counts them."""
    code = _symbol(url, qrcode.QRCode)
    code.best_fit()
    points = []
    for mask in range(8):
        code.makeImpl(True, mask)
        points.append(qrcode.util.lost_point(code.modules))
    return points


def _url(length: int, seed: int) -> str:
    rng = random.Random(seed)
    tail = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-/_%?=&.") for _ in range(length))
    return "https://example.org/" + tail


# Versions 1 to 40 (a version 7 symbol and up carries version information as well).
@pytest.mark.parametrize("length", [0, 5, 14, 40, 60, 130, 180, 400, 900, 1500, 2300])
def test_every_masks_penalty_is_qrcodes_at_every_version(length):
    url = _url(length, length)
    code = _symbol(url, QRCode)
    code.best_fit()
    assert code.mask_penalties() == _penalties_by_qrcode(url)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 260), st.integers(0, 2**32))
def test_the_mask_and_the_code_drawn_are_qrcodes(length, seed):
    url = _url(length, seed)
    ours, theirs = _symbol(url, QRCode), _symbol(url, qrcode.QRCode)
    ours.make(fit=True)
    theirs.make(fit=True)
    assert ours.get_matrix() == theirs.get_matrix()
    # (Scoring builds each mask's symbol again, so it comes after the matrices.)
    assert ours.best_mask_pattern() == theirs.best_mask_pattern()


def test_a_story_urls_matrix_is_qrcodes():
    url = "https://www.example-news.org/2026/12/07/council-passes-the-harbour-budget"
    theirs = _symbol(url, qrcode.QRCode)
    theirs.make(fit=True)
    matrix = qr_matrix(url)
    assert [list(map(bool, row)) for row in matrix.rows] == theirs.get_matrix()


def test_of_two_masks_with_the_fewest_points_the_first_is_kept_as_qrcode_keeps_it():
    url = "https://example.org/228"  # masks 1 and 5 score 570 points each
    code = _symbol(url, QRCode)
    code.best_fit()
    points = code.mask_penalties()
    assert points.count(min(points)) == 2
    assert code.best_mask_pattern() == points.index(min(points)) == 1
    theirs = _symbol(url, qrcode.QRCode)
    theirs.best_fit()
    assert theirs.best_mask_pattern() == 1
