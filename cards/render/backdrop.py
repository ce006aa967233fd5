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
    sharp: Image | None = field(default=None, repr=False)  # the backdrop before any blur
    focus: tuple[float, float] = (0.5, 0.5)  # the point of the backdrop kept in view
    blur: float = 0.0  # the template's: the least the backdrop is blurred
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
            # The focus is a point of the picture, which a right-to-left card shows as
            # it is (a photograph is never mirrored), so it is not mirrored either.
            key, focus = _key(path), ground.focus
            with reading(f"the picture {path}"):
                pictures.update(ground=photo_ground(*key, size.width, size.height, focus,
                                                    ground.blur),
                                sharp=_cropped(*key, size.width, size.height, focus),
                                ground_path=path, focus=focus,
                                blur=ground.blur)
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
    return _soften(_cropped(path, mtime, file_size, width, height, focus), blur)


@lru_cache(maxsize=8)
def _cropped(path: str, mtime: int, file_size: int, width: int, height: int,
             focus: tuple[float, float]) -> Image:
    """The picture scaled to cover the canvas and cropped to it: the focus as near the
    middle as the picture's edges allow, so it is in view at every preset."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    picture = _upright(path, mtime, file_size)
    # The part of the picture that shows, in its own pixels: the canvas's shape, as
    # large as the picture allows. Worked out in the picture's pixels, not in rounded
    # scaled ones, so the crop never reaches past its edge (a picture 1199 px wide, or
    # a 37 x 19 one, once made the card fail).
    scale = max(width / picture.width, height / picture.height)
    shown_w, shown_h = min(picture.width, width / scale), min(picture.height, height / scale)
    left = min(max(0.0, focus[0] * picture.width - shown_w / 2), picture.width - shown_w)
    top = min(max(0.0, focus[1] * picture.height - shown_h / 2), picture.height - shown_h)
    # Only the part that shows is resampled (a story's canvas keeps a third of a
    # landscape photo), shrinking by whole factors first where it can.
    return picture.resize((width, height), PILImage.Resampling.LANCZOS,
                          box=(left, top, left + shown_w, top + shown_h), reducing_gap=3.0)


def _soften(picture: Image, blur: float) -> Image:
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageFilter  # lazy: keeps start-up fast

    width, height = picture.size
    radius = blur * width / 1200
    if radius < 2:
        return picture.filter(ImageFilter.GaussianBlur(radius)) if radius > 0 else picture
    # A soft blur costs a quarter at half the size (a sixteenth at a quarter, for the
    # strong ones), and looks the same once scaled back: the detail it removes is what
    # shrinking removes.
    factor = 4 if radius >= 8 else 2
    small = picture.reduce(factor).filter(ImageFilter.GaussianBlur(radius / factor))
    return small.resize((width, height), PILImage.Resampling.BICUBIC,
                        box=(0, 0, width / factor, height / factor))


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

