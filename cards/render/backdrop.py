"""The pictures a card shows, read and prepared before layout: the photograph behind it
(cropped to the canvas around a focal point and softened), the logo and the speaker's
photo. This is the only part of rendering that reads files; layout decides from what it
gives (sizes, pixels under the text, the tint that keeps them readable) and paint draws
it. Each file is decoded once per version of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from cards.design.model import Color
from cards.design.rules import check_image, contrast, luminance
from cards.errors import named, reading

if TYPE_CHECKING:
    from PIL.Image import Image

    from cards.render.spec import CardSpec


@dataclass(frozen=True)
class Pictures:
    """One card's pictures, decoded. Each `*_key` names the file's version (path, time,
    size): what a picture is cached under, and what --explain shows."""

    ground: Image | None = field(default=None, repr=False)  # the backdrop, at canvas size
    ground_path: Path | None = None
    focus: tuple[float, float] = (0.5, 0.5)  # of the backdrop, mirrored on an RTL card
    blur: float = 0.0
    logo: Image | None = field(default=None, repr=False)  # RGBA, as the file has it
    logo_key: tuple[str, int, int] | None = None
    photo: Image | None = field(default=None, repr=False)  # the speaker, upright, RGB
    photo_key: tuple[str, int, int] | None = None


NO_PICTURES = Pictures()


def _key(path: Path) -> tuple[str, int, int]:
    info = path.stat()
    return (str(path), info.st_mtime_ns, info.st_size)


def prepare(spec: CardSpec) -> Pictures:
    """Read and prepare every picture the card shows: its backdrop photograph (the one
    given for the card, else the template's own), its logo and the speaker's photo.
    A card that shows none reads nothing."""
    size = spec.template.size(spec.preset)
    ground = size.background
    pictures: dict[str, object] = {}
    if ground.kind == "image":
        path = spec.picture or ground.image
        if path is not None:
            if spec.picture is not None:
                check_image(spec.picture, named("image"))
            focus = (1 - ground.focus[0], ground.focus[1]) if spec.rtl else ground.focus
            with reading(f"the picture {path}"):
                pictures.update(ground=photo_ground(*_key(path), size.width, size.height,
                                                    focus, ground.blur),
                                ground_path=path, focus=focus, blur=ground.blur)
    if size.logo.file is not None:
        key = _key(size.logo.file)
        with reading(f"the logo {size.logo.file}"):
            pictures.update(logo=_decoded(*key, "RGBA"), logo_key=key)
    if spec.photo is not None and size.portrait is not None:
        key = _key(spec.photo)
        with reading(f"the photo {spec.photo}"):
            pictures.update(photo=_upright(*key), photo_key=key)
    return Pictures(**pictures)  # type: ignore[arg-type]


@lru_cache(maxsize=8)
def _decoded(path: str, mtime: int, size: int, mode: str) -> Image:
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    with PILImage.open(path) as source:
        return source.convert(mode)


@lru_cache(maxsize=8)
def _upright(path: str, mtime: int, size: int) -> Image:
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageOps  # lazy: keeps start-up fast

    with PILImage.open(path) as source:
        return ImageOps.exif_transpose(source).convert("RGB")


@lru_cache(maxsize=16)
def photo_ground(path: str, mtime: int, file_size: int, width: int, height: int,
                 focus: tuple[float, float], blur: float) -> Image:
    """The picture scaled to cover the canvas, cropped around `focus`, blurred by `blur`
    px as measured on a 1200 px wide card (so every preset looks alike)."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageFilter  # lazy: keeps start-up fast

    picture = _upright(path, mtime, file_size)
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
