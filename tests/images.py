"""Comparing a rendered card with a committed one, within the tolerance stated in
render/test_golden.py."""

from __future__ import annotations

from PIL import Image, ImageChops, ImageStat

MAX_MEAN_DIFFERENCE = 1.0  # levels of 255, averaged over every channel of every pixel
MAX_STRONG_FRACTION = 0.0005  # share of pixels allowed to differ by more than 48 levels


def difference(actual: Image.Image, expected: Image.Image) -> tuple[float, float, Image.Image]:
    """(mean difference, share of strongly different pixels, the difference image)."""
    diff = ImageChops.difference(actual.convert("RGB"), expected.convert("RGB"))
    mean = sum(ImageStat.Stat(diff).mean) / 3
    strong = diff.convert("L").point(lambda v: 255 if v > 48 else 0).histogram()[255]
    return mean, strong / (actual.width * actual.height), diff


def close_enough(actual: Image.Image, expected: Image.Image) -> bool:
    mean, strong, _ = difference(actual, expected)
    return mean <= MAX_MEAN_DIFFERENCE and strong <= MAX_STRONG_FRACTION
