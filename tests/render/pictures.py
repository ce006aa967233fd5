"""Pictures to set cards over, drawn here (nothing copied): four busy ones, each busy in
its own way, and a calm one. Each is written once per test process and reused, as is
each card rendered over one."""

from __future__ import annotations

import random
import tempfile
from functools import cache
from pathlib import Path

from msgspec.structs import replace
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from cards import load_template, parse_article, verify_quote
from cards.files import bundled_dir
from cards.pipeline import RenderedCard, card_spec, render_card
from cards.render.backdrop import prepare
from cards.render.paint import paint_backdrop
from tests.conftest import STORY

SIZE = (1600, 1000)  # a landscape photo, cropped differently by every preset

# Removed when the test process ends (a folder of pytest's would go with one test).
_FOLDER = tempfile.TemporaryDirectory(prefix="cards-pictures-")


def stripes() -> Image.Image:
    """Newsprint-like: dark slanted lines on warm paper, 16 px apart."""
    image = Image.new("RGB", SIZE, (236, 228, 210))
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    for x in range(-height, width + height, 16):
        draw.line([(x, 0), (x + height * 0.4, height)], fill=(30, 28, 26), width=7)
    return image


def noise() -> Image.Image:
    """Grain at three scales at once (1, 5 and 18 px): gravel, foliage, a crowd."""
    width, height = SIZE
    grey = Image.new("L", SIZE, 128)
    for block, weight in ((1, 0.3), (5, 0.4), (18, 0.3)):
        cells = Image.effect_noise((width // block + 1, height // block + 1), 90)
        grain = cells.resize((cells.width * block, cells.height * block),
                             Image.Resampling.NEAREST).crop((0, 0, width, height))
        grey = Image.blend(grey, grain, weight)
    green = Image.effect_noise(SIZE, 70).filter(ImageFilter.BoxBlur(3))
    return Image.merge("RGB", (grey, green, Image.blend(grey, green, 0.5)))


def discs() -> Image.Image:
    """Bright, sharp-edged discs on a dark ground: street lights, a stage."""
    rng = random.Random(5)
    image = Image.new("RGB", SIZE, (10, 12, 24))
    draw = ImageDraw.Draw(image)
    colours = [(255, 236, 180), (255, 255, 255), (255, 200, 120), (170, 220, 255)]
    for _ in range(140):
        x, y, r = rng.randrange(SIZE[0]), rng.randrange(SIZE[1]), rng.randrange(8, 60)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice(colours))
    return image


def words() -> Image.Image:
    """A printed page: a bold masthead and columns of text, set in the bundled fonts."""
    rng = random.Random(9)
    image = Image.new("RGB", SIZE, (242, 238, 228))
    draw = ImageDraw.Draw(image)
    fonts = bundled_dir("fonts")
    masthead = ImageFont.truetype(str(fonts / "inter" / "Inter-Bold.otf"), 64)
    body = ImageFont.truetype(str(fonts / "vollkorn" / "Vollkorn-Regular.ttf"), 26)
    vocabulary = ("tide council bridge lantern market quay ferry winter budget vote river"
                  " storm pier harbour").split()
    draw.text((40, 30), "LATE EDITION  HARBOUR  NEWS", font=masthead, fill=(20, 20, 20))
    for column in range(4):
        for row in range(26):
            line = " ".join(rng.choice(vocabulary) for _ in range(5))
            draw.text((40 + column * 390, 130 + row * 33), line, font=body, fill=(25, 25, 30))
    return image


def sky() -> Image.Image:
    """Calm: a smooth evening sky, deep blue above, warm near the horizon."""
    slope = Image.linear_gradient("L").resize(SIZE)
    return Image.composite(Image.new("RGB", SIZE, (236, 170, 120)),
                           Image.new("RGB", SIZE, (24, 52, 110)), slope)


BUSY = {"stripes": stripes, "noise": noise, "discs": discs, "words": words}
CALM = {"sky": sky}


@cache
def picture(name: str) -> Path:
    """The named picture as a PNG file."""
    path = Path(_FOLDER.name) / f"{name}.png"
    {**BUSY, **CALM}[name]().save(path)
    return path


@cache
def card_over(name: str, preset: str) -> tuple[RenderedCard, Image.Image]:
    """The photo card for conftest's story over the named picture (or the template's own
    with "stand-in"), and the backdrop it is painted on: its pixels before any element."""
    article = parse_article(STORY, "ferry.md")
    quote = verify_quote(article, "We missed the sound of the horn more than we expected")
    spec = card_spec(article, quote, load_template("photo"), preset, article.url,
                     story_qr=True)  # a story keeps its code, and the code's label
    if name != "stand-in":
        spec = replace(spec, picture=picture(name))
    card = render_card(spec)
    return card, paint_backdrop(card.layout, prepare(spec))
