"""Photographs behind a card: cropped to the canvas around a focal point, softened, and
tinted just enough that every line of text over them keeps its contrast."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cards.design.model import Color
from cards.design.rules import contrast, luminance

if TYPE_CHECKING:
    from PIL.Image import Image


@lru_cache(maxsize=16)
def photo_ground(path: Path, width: int, height: int, focus: tuple[float, float],
                 blur: float) -> Image:
    """The picture scaled to cover the canvas, cropped around `focus`, blurred by `blur`
    px as measured on a 1200 px wide card (so every preset looks alike)."""
    from PIL import Image as PILImage
    from PIL import ImageFilter, ImageOps

    with PILImage.open(path) as source:
        picture = ImageOps.exif_transpose(source).convert("RGB")
    scale = max(width / picture.width, height / picture.height)
    size = (max(width, round(picture.width * scale)), max(height, round(picture.height * scale)))
    left = min(max(0, round(focus[0] * size[0] - width / 2)), size[0] - width)
    top = min(max(0, round(focus[1] * size[1] - height / 2)), size[1] - height)
    # Only the part of the picture that shows is resampled (a story's canvas keeps a
    # third of a landscape photo), shrinking by whole factors first where it can.
    box = (left / scale, top / scale, (left + width) / scale, (top + height) / scale)
    picture = picture.resize((width, height), PILImage.Resampling.LANCZOS, box=box,
                             reducing_gap=3.0)
    radius = blur * width / 1200
    if radius >= 2:
        # A soft blur costs a quarter at half the size, and looks the same once scaled
        # back: the detail it removes is what halving removes.
        half = picture.reduce(2).filter(ImageFilter.GaussianBlur(radius / 2))
        picture = half.resize((width, height), PILImage.Resampling.BICUBIC)
    elif radius > 0:
        picture = picture.filter(ImageFilter.GaussianBlur(radius))
    return picture


def _blend(a: Color, b: Color, t: float) -> Color:
    r, g, bl = (round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return (r, g, bl)


def tint_needed(picture: Image, regions: Iterable[tuple[tuple[int, int, int, int], Color, float]],
                tint: Color, least: float) -> float:
    """The weakest tint opacity (at least `least`) at which each text colour reaches its
    contrast over every pixel of its region. Regions are (box, text colour, contrast).

    Rather than test every pixel, each region is reduced to one colour that is worse
    than any of its pixels: for light text over a dark tint, each channel's brightest
    value (no real pixel is lighter, since luminance rises with every channel); for dark
    text over a light tint, each channel's darkest. Text that reads over that colour,
    on the tint's side of the text, reads over the whole region.
    """
    alpha = least
    for (x0, y0, x1, y1), color, needed in regions:
        box = (max(0, x0), max(0, y0), min(x1, picture.width), min(y1, picture.height))
        crop = picture.crop(box)
        extremes = crop.getextrema()
        light_text = luminance(color) > luminance(tint)
        r, g, b = (int(hi if light_text else lo) for lo, hi in extremes)  # type: ignore[misc]
        worst = (r, g, b)
        if _reads(color, needed, worst, tint, alpha, light_text):
            continue
        low, high = alpha, 1.0
        for _ in range(14):
            middle = (low + high) / 2
            if _reads(color, needed, worst, tint, middle, light_text):
                high = middle
            else:
                low = middle
        alpha = high
    return alpha


def _reads(color: Color, needed: float, pixel: Color, tint: Color, t: float,
           light_text: bool) -> bool:
    blended = _blend(pixel, tint, t)
    on_tint_side = luminance(blended) < luminance(color) if light_text else (
        luminance(blended) > luminance(color))
    return on_tint_side and contrast(color, blended) >= needed
