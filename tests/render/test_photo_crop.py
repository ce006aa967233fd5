"""The picture behind a `photo` card: scaled to cover the canvas, its focus as near the
middle as its edges allow, at every preset, whatever the picture's size; the same part of
it on a right-to-left card."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from msgspec.structs import replace
from PIL import Image, ImageChops, ImageDraw

from cards import load_template, parse_article, verify_quote
from cards.cli.main import main
from cards.design.model import PRESETS
from cards.pipeline import card_spec, render_card
from cards.render.backdrop import prepare
from tests.conftest import STORY, STORY_URL
from tests.render.test_photo import copy_photo_template


def spec_over(path: Path, preset: str, template: str = "photo"):
    article = parse_article(STORY, "ferry.md")
    quote = verify_quote(article, "We missed the sound of the horn more than we expected")
    return replace(card_spec(article, quote, load_template(template), preset, STORY_URL),
                   picture=path)


def marked(path: Path, size: tuple[int, int], at: tuple[float, float]) -> Path:
    """A grey picture with a red dot at `at` (fractions of its size)."""
    image = Image.new("RGB", size, (120, 120, 120))
    x, y = at[0] * size[0], at[1] * size[1]
    ImageDraw.Draw(image).ellipse((x - 6, y - 6, x + 6, y + 6), fill=(255, 0, 0))
    image.save(path)
    return path


def red_centre(image: Image.Image) -> tuple[float, float]:
    red = image.convert("RGB").split()
    mask = ImageChops.subtract(red[0], red[1]).point(lambda v: 255 if v > 100 else 0)
    box = mask.getbbox()
    assert box is not None, "the focus is out of view"
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def where_the_focus_shows(size, focus, preset) -> tuple[float, float]:
    """Where the focus lands on the canvas: the middle, unless that would show past an
    edge of the picture."""
    width, height = PRESETS[preset]
    scale = max(width / size[0], height / size[1])
    spot = []
    for f, side, canvas in ((focus[0], size[0], width), (focus[1], size[1], height)):
        at = f * side * scale
        spot.append(at - min(max(0.0, at - canvas / 2), side * scale - canvas))
    return spot[0], spot[1]


@pytest.mark.parametrize("preset", PRESETS)
def test_the_crop_keeps_the_focus_in_view(tmp_path, preset):
    copy_photo_template(tmp_path, lambda t: t.replace("focus = [0.5, 0.55]",
                                                      "focus = [0.8, 0.3]"))
    size = (1600, 1000)
    path = marked(tmp_path / "marked.png", size, (0.8, 0.3))
    sharp = prepare(spec_over(path, preset, "pic")).sharp
    assert sharp.size == PRESETS[preset]
    x, y = red_centre(sharp)
    ex, ey = where_the_focus_shows(size, (0.8, 0.3), preset)
    assert abs(x - ex) <= 2 and abs(y - ey) <= 2, ((x, y), (ex, ey))


def test_a_preset_may_have_its_own_focus(tmp_path):
    copy_photo_template(tmp_path, lambda t: t + "\n[sizes.story.background]\nfocus = [0.2, 0.5]\n")
    path = marked(tmp_path / "marked.png", (1600, 1000), (0.2, 0.5))
    x, _ = red_centre(prepare(spec_over(path, "story", "pic")).sharp)
    assert abs(x - 540) <= 2  # the middle of the story's 1080 px
    landscape = prepare(spec_over(path, "landscape", "pic")).sharp
    assert abs(red_centre(landscape)[0] - 0.2 * 1200) <= 2  # the picture's width fits


def test_a_right_to_left_card_shows_the_same_part_of_the_picture(tmp_path):
    copy_photo_template(tmp_path, lambda t: t.replace("focus = [0.5, 0.55]",
                                                      "focus = [0.8, 0.3]"))
    path = marked(tmp_path / "marked.png", (1600, 1000), (0.8, 0.3))
    ltr = spec_over(path, "story", "pic")
    rtl = replace(ltr, rtl=True)
    assert prepare(rtl).ground.tobytes() == prepare(ltr).ground.tobytes()
    assert render_card(rtl).layout.photo.focus == (0.8, 0.3)


@pytest.mark.parametrize("size", [(1199, 630), (1081, 1920), (37, 19), (1, 1), (3000, 500),
                                  (500, 3000), (2001, 1999)])
def test_a_picture_of_any_size_fills_every_preset(runner, story, tmp_path, size):
    """The crop is worked out in the picture's own pixels: rounding once took it past the
    picture's edge, and a 1199 x 630 picture could not make a landscape card."""
    copy_photo_template(tmp_path, lambda t: t.replace("focus = [0.5, 0.55]", "focus = [1, 1]"))
    Image.new("RGB", size, (40, 60, 90)).save(tmp_path / "odd.png")
    template = "photo" if size == (1199, 630) else "pic"  # pic: the focus in a corner
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", template, "--image",
                                  "odd.png", "-s", "all", "-o", "out/"])
    assert result.exit_code == 0, result.output
    made = sorted(Path("out").glob("*.png"))
    assert len(made) == len(PRESETS)
    assert {Image.open(io.BytesIO(png.read_bytes())).size for png in made} == set(
        PRESETS.values())
