"""The painter's backgrounds: flat colours and gradients."""

from __future__ import annotations

import pytest

from cards.render.backdrop import NO_PICTURES
from cards.render.layout import Gradient, Layout
from cards.render.paint import paint_backdrop

START, END = (200, 40, 40), (20, 20, 120)


def backdrop(gradient: Gradient | None):
    layout = Layout("t", "landscape", 1200, 630, START, (), (), None, gradient)
    return paint_backdrop(layout, NO_PICTURES)


def close(a, b, tolerance=3):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_flat():
    image = backdrop(None)
    assert image.getcolors() == [(1200 * 630, START)]


@pytest.mark.parametrize("angle,first,last", [
    (90, (600, 0), (600, 629)),     # top to bottom
    (0, (0, 300), (1199, 300)),     # left to right
    (180, (1199, 300), (0, 300)),   # right to left
    (45, (0, 0), (1199, 629)),      # top left to bottom right
])
def test_linear_runs_from_start_to_end(angle, first, last):
    image = backdrop(Gradient("linear", START, END, angle))
    assert close(image.getpixel(first), START)
    assert close(image.getpixel(last), END)
    middle = image.getpixel(((first[0] + last[0]) // 2, (first[1] + last[1]) // 2))
    assert not close(middle, START, 20) and not close(middle, END, 20)


def test_radial_from_the_centre_out():
    image = backdrop(Gradient("radial", START, END, 0))
    assert close(image.getpixel((600, 315)), START, 6)
    assert close(image.getpixel((0, 315)), END, 6)
