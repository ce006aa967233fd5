"""The pictures a card shows, read and prepared before layout: the photograph behind it
(cropped to the canvas around a focal point and softened), the logo and the speaker's
photo. This is the only part of rendering that reads files; layout decides from what it
gives (sizes, pixels under the text, how much a busy picture is calmed behind the text
and the tint that keeps it readable) and paint draws it. Each file is decoded once per
version of it."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from cards.design.model import Color
from cards.design.rules import check_image, contrast, luminance
from cards.errors import named, reading
from cards.render.kept import Kept

if TYPE_CHECKING:
    from PIL.Image import Image

    from cards.render.spec import CardSpec


class Pictures(Struct, frozen=True):
    """One card's pictures, decoded. Each `*_key` names the file's version (path, time,
    size): what a picture is cached under, and what --explain shows."""

    ground: Image | None = None  # the backdrop, at canvas size
    ground_path: Path | None = None
    ground_key: tuple[str, int, int] | None = None
    sharp: Image | None = None  # the backdrop before any blur
    focus: tuple[float, float] = (0.5, 0.5)  # the point of the backdrop kept in view
    blur: float = 0.0  # the template's: the least the backdrop is blurred
    logo: Image | None = None  # RGBA, as the file has it
    logo_key: tuple[str, int, int] | None = None
    photo: Image | None = None  # the speaker, upright, RGB
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
                                ground_path=path, ground_key=key, focus=focus,
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

    width, height = picture.size
    radius = blur * width / 1200
    if radius < 2:
        return _blurred(picture, radius) if radius > 0 else picture
    # A soft blur costs a quarter at half the size (a sixteenth at a quarter, for the
    # strong ones), and looks the same once scaled back: the detail it removes is what
    # shrinking removes.
    factor = 4 if radius >= 8 else 2
    small = _blurred(picture.reduce(factor), radius / factor)
    return small.resize((width, height), PILImage.Resampling.BICUBIC,
                        box=(0, 0, width / factor, height / factor))


def _blurred(picture: Image, radius: float) -> Image:
    """A Gaussian blur that sees, beyond the picture's edges, the picture's local mean
    colour. Pillow repeats the edge pixels outward, so whatever crosses an edge (a
    stripe, a line of print) stays sharp along it while the rest melts: a zigzag rim."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageFilter  # lazy: keeps start-up fast

    pad = math.ceil(3 * radius)
    width, height = picture.size
    cell = max(1, 4 * pad)  # the mean over about a blur's width
    mean = picture.resize((-(-width // cell), -(-height // cell)), PILImage.Resampling.BOX)
    ground = mean.resize((width + 2 * pad, height + 2 * pad), PILImage.Resampling.BILINEAR)
    ground.paste(picture, (pad, pad))
    blurred = ground.filter(ImageFilter.GaussianBlur(radius))
    return blurred.crop((pad, pad, pad + width, pad + height))


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


# A busy picture behind text (stripes, print, sharp-edged lights) stays busy under a tint
# that only just reaches 4.5:1: legal contrast, poor reading. So the picture behind each
# text box is measured, and calmed until it is quiet: blurred more, and past MAX_BLUR
# shaded behind the text by a scrim of the tint's colour. A calm picture keeps the
# template's blur.
#
# The measure (`busyness`) is the mean difference, in levels of 255, between each point's
# luminance and the mean of its neighbourhood (a Gaussian of NEIGHBOURHOOD px, about the
# width of a letter of the quote): texture at the scale of letters and strokes, which is
# what competes with them, while a slope of light (a sky, a vignette) counts for nothing.
# It is taken at a quarter of the card's size, below which the template's blur leaves no
# detail anyway. Over the pictures drawn by tests/render/pictures.py, with the template's
# blur and the least tint, the busiest text box of each preset measures: a smooth sky
# 0.0-0.2; the photo template's stand-in (city lights out of focus) 0.2-1.9; grain 2.5-2.6;
# bright discs on dark 3.0-8.3; a printed page 6.5-11.5; newsprint-like stripes 6.9-22
# (more where a preset enlarges the picture). Looking at each card at full size: at 2.5
# the grain still crawled behind the 26 px headline and the code's label, and at 3.0-3.6
# the rims of the discs ran through the attribution; at 2 and below (the grain blurred to
# 1.7, the stand-in's 1.9) every line read as if on a plain ground.
BUSY_LIMIT = 2.0
NEIGHBOURHOOD = 12.0  # px on a 1200 px wide card
_MEASURE_STEP = 4  # the measure's scale: a quarter of the card's
# The blurs tried, px on a 1200 px wide card. Past MAX_BLUR a picture stops being one
# (shapes melt into a wash of colour), so the rest of the calm comes from the scrim.
BLUR_STEPS = (5.0, 8.0, 12.0, 16.0)
MAX_BLUR = BLUR_STEPS[-1]
# The scrim is full over the rectangle that holds every text box and fades out over
# about twice this share of the card's short side around it, so it darkens toward the
# side the words are on; a side within SCRIM_EDGE of the card's edge is shaded out to it.
SCRIM_FEATHER = 0.06
SCRIM_EDGE = 0.15

Region = tuple[tuple[int, int, int, int], Color, float]  # (box, text colour, contrast)


class Calm(Struct, frozen=True):
    """How the picture behind a card's text is prepared: blurred by `blur`, the tint's
    colour laid behind the text at `scrim`, then the tint over all at `alpha`."""

    blur: float  # px on a 1200 px wide card: the template's, or more over a busy picture
    scrim: float  # the scrim's opacity behind the text, 0 for none
    alpha: float  # the tint's: the least at which every text keeps its contrast
    busyness: float  # the busiest text box's, as painted (at most BUSY_LIMIT if it could)


def busyness(picture: Image, box: tuple[int, int, int, int]) -> float:
    """How busy `picture` is inside `box` (see BUSY_LIMIT): the mean difference, in levels
    of 255, between the luminance and its local mean, at a quarter of the card's size."""
    return _busy(picture.crop(_inside(box, picture)), picture.width)


def _busy(crop: Image, width: int) -> float:
    if crop.width == 0 or crop.height == 0:
        return 0.0
    small = crop.convert("L").reduce(_MEASURE_STEP)
    return _texture(small, width / 1200 / _MEASURE_STEP)


def _texture(small: Image, scale: float) -> float:
    from PIL import ImageChops, ImageFilter, ImageStat  # lazy: keeps start-up fast

    local = small.filter(ImageFilter.GaussianBlur(NEIGHBOURHOOD * scale))
    return float(ImageStat.Stat(ImageChops.difference(small, local)).mean[0])


def _inside(box: tuple[int, int, int, int], picture: Image) -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = box
    x0, y0 = min(max(0, x0), picture.width), min(max(0, y0), picture.height)
    return (x0, y0, max(x0, min(x1, picture.width)), max(y0, min(y1, picture.height)))


# What `calm` found, by the picture's file version and how it was prepared, and by the
# regions: every card of a story set over its picture has the same boxes, so a batch
# measures each once (2.4 ms of a photo card's 19).
_CALMED: Kept[Calm] = Kept(32)


def calm(pictures: Pictures, regions: Sequence[Region], tint: Color, least: float) -> Calm:
    """The least the picture behind the text must be calmed for every text region to be
    at most BUSY_LIMIT busy once painted, and the least tint over it (`tint_needed`). A
    calm picture is left as the template has it; a busy one is blurred more, step by
    step up to MAX_BLUR, then given a scrim just strong enough."""
    if pictures.ground_key is None or pictures.ground is None:
        return _calm(pictures, regions, tint, least)
    key = (pictures.ground_key, pictures.ground.size, pictures.focus, pictures.blur,
           tuple(regions), tint, least)
    return _CALMED.made(key, lambda: _calm(pictures, regions, tint, least))


def _calm(pictures: Pictures, regions: Sequence[Region], tint: Color, least: float) -> Calm:
    ground, sharp = pictures.ground, pictures.sharp
    if ground is None:
        raise ValueError("calm() needs a prepared backdrop")
    blur, scrim = pictures.blur, 0.0
    alpha, busy = _painted(ground, regions, tint, least)
    if busy <= BUSY_LIMIT or sharp is None:
        return Calm(blur, scrim, alpha, busy)
    # Blurs are tried at a quarter of the size first, a sixteenth of the cost; the one
    # that seems enough is then made and measured whole, and the next tried if it is not.
    steps = [b for b in BLUR_STEPS if b > blur] or [blur]
    start = _enough_blur(pictures, sharp, steps, regions, tint, least)
    for blur in steps[steps.index(start):]:
        alpha, busy = _painted(shown(pictures, blur), regions, tint, least)
        if busy <= BUSY_LIMIT:
            return Calm(blur, scrim, alpha, busy)
    # Blend toward the tint's colour scales a picture's texture by what is left: s of
    # scrim and a tint at its least leave (1 - s)(1 - least) of it (a stronger tint
    # leaves less), so this scrim is enough; a few steps more cover rounding.
    softened = shown(pictures, blur)
    raw = max(busyness(softened, box) for box, _, _ in regions)
    scrim = min(1.0, max(0.0, 1 - BUSY_LIMIT / (raw * (1 - least))))
    behind = tuple(box for box, _, _ in regions)
    for _ in range(8):
        scrim = math.ceil(scrim * 100) / 100
        alpha, busy = _painted(shown(pictures, blur, scrim, behind, tint), regions, tint,
                               least)
        if busy <= BUSY_LIMIT or scrim >= 1:
            break
        scrim = min(1.0, scrim + 0.02)
    return Calm(blur, scrim, alpha, busy)


def _painted(picture: Image, regions: Sequence[Region], tint: Color,
             least: float) -> tuple[float, float]:
    """The least tint over `picture`, and how busy the busiest region is under it: each
    region tinted as paint tints the card, so that is what is measured."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    alpha = tint_needed(picture, regions, tint, least)
    busiest = 0.0
    for box, _, _ in regions:
        crop = picture.crop(_inside(box, picture))
        if crop.width and crop.height:
            crop = PILImage.blend(crop, PILImage.new("RGB", crop.size, tint), round(alpha, 3))
            busiest = max(busiest, _busy(crop, picture.width))
    return alpha, busiest


def _enough_blur(pictures: Pictures, sharp: Image, steps: Sequence[float],
                 regions: Sequence[Region], tint: Color, least: float) -> float:
    """The first of `steps` that seems to calm every region, judged at a quarter of the
    size (blurred with edges as `_blurred` sees them, tinted and measured there); the
    last if none does. More blur is calmer, so halving the steps left finds it in two
    tries of four."""
    q = _MEASURE_STEP
    small = _memo(("quarter", pictures.ground_key, sharp.size, pictures.focus),
                  lambda: sharp.reduce(q))
    shrunk = [((x0 // q, y0 // q, -(-x1 // q), -(-y1 // q)), color, needed)
              for (x0, y0, x1, y1), color, needed in regions]
    scale = sharp.width / 1200 / q

    def enough(blur: float) -> bool:
        soft = _blurred(small, blur * scale)
        alpha = tint_needed(soft, shrunk, tint, least)
        return max(_texture(soft.crop(_inside(box, soft)).convert("L"), scale)
                   for box, _, _ in shrunk) * (1 - alpha) <= BUSY_LIMIT

    low, high = 0, len(steps) - 1
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if enough(steps[middle]) else (middle + 1, high)
    return steps[low]


def shown(pictures: Pictures, blur: float, scrim: float = 0.0,
          behind: tuple[tuple[int, int, int, int], ...] = (),
          tint: Color = (0, 0, 0)) -> Image:
    """The backdrop before the tint: blurred by `blur` (px on a 1200 px wide card) and,
    with a `scrim`, shaded toward `tint` behind the boxes `behind`, full inside them and
    fading out around them. What layout measures and paint draws."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    ground, sharp = pictures.ground, pictures.sharp
    if ground is None:
        raise ValueError("shown() needs a prepared backdrop")
    if sharp is None or (blur == pictures.blur and scrim <= 0):
        return ground
    key = (pictures.ground_key, sharp.size, pictures.focus, blur)
    soft = ground if blur == pictures.blur else _memo(key, lambda: _soften(sharp, blur))
    if scrim <= 0:
        return soft
    return _memo((*key, scrim, behind, tint), lambda: PILImage.composite(
        PILImage.new("RGB", soft.size, tint), soft, _scrim_mask(soft.size, behind, scrim)))


def _scrim_mask(size: tuple[int, int], behind: tuple[tuple[int, int, int, int], ...],
                scrim: float) -> Image:
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw, ImageFilter  # lazy: keeps start-up fast

    width, height = size
    # One shade over all the words, not one per box: boxes shaded apart leave bright
    # gaps and corners between them that look like holes.
    x0, y0 = min(b[0] for b in behind), min(b[1] for b in behind)
    x1, y1 = max(b[2] for b in behind), max(b[3] for b in behind)
    # A side near an edge of the card is shaded out to that edge: a bright rim around
    # the words would frame them like a panel.
    near_x, near_y = SCRIM_EDGE * width, SCRIM_EDGE * height
    x0, y0 = (-width if x0 <= near_x else x0), (-height if y0 <= near_y else y0)
    x1, y1 = (2 * width if x1 >= width - near_x else x1), (
        2 * height if y1 >= height - near_y else y1)
    q = _MEASURE_STEP  # drawn small and scaled up: a soft edge needs no more
    feather = SCRIM_FEATHER * min(width, height) / q
    small = PILImage.new("L", (-(-width // q), -(-height // q)), 0)
    ImageDraw.Draw(small).rectangle((x0 / q - feather, y0 / q - feather,
                                     x1 / q + feather, y1 / q + feather), fill=255)
    small = small.filter(ImageFilter.GaussianBlur(feather / 2))
    mask = small.resize(size, PILImage.Resampling.BILINEAR, box=(0, 0, width / q, height / q))
    # Full strength over the words, to their edges.
    ImageDraw.Draw(mask).rectangle((max(0, x0), max(0, y0), min(width, x1) - 1,
                                    min(height, y1) - 1), fill=255)
    return mask.point(lambda v: round(v * scrim))


# Backdrops made for a card (blurred further, shaded), by the picture's version and what
# was done to it: layout measures one and paint draws the same, made once.
_MADE: dict[tuple[object, ...], Image] = {}


def _memo(key: tuple[object, ...], make: Callable[[], Image]) -> Image:
    if key not in _MADE:
        if len(_MADE) >= 8:
            _MADE.pop(next(iter(_MADE)))
        _MADE[key] = make()
    return _MADE[key]
