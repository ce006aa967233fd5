"""Busy pictures behind the `photo` design are calmed behind every text block (blurred
more, and shaded if need be) while a calm one stays as sharp as the template makes it.

Busyness is `backdrop.busyness`, measured on the backdrop each card is painted on (the
card's own pixels wherever nothing is drawn over them, which is checked too)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageChops, ImageDraw

from cards.cli.main import main
from cards.design.model import PRESETS
from cards.render.backdrop import BUSY_LIMIT, busyness, prepare, tint_needed
from tests.conftest import STORY_URL
from tests.render.pictures import BUSY, CALM, card_over, picture

TEMPLATE_BLUR = 3.0  # templates/photo/template.toml


def text_boxes(layout) -> dict[str, tuple[int, int, int, int]]:
    blocks = [*layout.texts, layout.qr.label]
    return {b.role: (b.box.x, b.box.y, b.box.right, b.box.bottom) for b in blocks}


def as_today(card) -> Image.Image:
    """The backdrop as cards painted it before busy pictures were calmed: the template's
    blur and the least tint, nothing more."""
    layout, spec = card.layout, card.spec
    ground = prepare(spec).ground
    regions = [((b.box.x, b.box.y, b.box.right, b.box.bottom), b.color,
                3.0 if b.size > 40 else 4.5) for b in [*layout.texts, layout.qr.label]]
    least = spec.template.size(spec.preset).background.tint_min
    alpha = tint_needed(ground, regions, layout.photo.tint, least)
    return Image.blend(ground, Image.new("RGB", ground.size, layout.photo.tint), round(alpha, 3))


def assert_backdrop_is_the_cards(card, bare: Image.Image) -> None:
    """Nothing is drawn in the card's margins (6% of the short side), so there its pixels
    are the backdrop's: what is measured is what the card shows."""
    image = card.image.convert("RGB")
    m = round(0.06 * min(image.size))
    w, h = image.size
    for strip in ((0, 0, w, m), (0, h - m, w, h), (0, 0, m, h), (w - m, 0, w, h)):
        assert ImageChops.difference(image.crop(strip), bare.crop(strip)).getbbox() is None


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("name", BUSY)
def test_a_busy_picture_is_calm_behind_every_text_block(name, preset):
    card, bare = card_over(name, preset)
    assert_backdrop_is_the_cards(card, bare)
    boxes = text_boxes(card.layout)
    busy = {role: round(busyness(bare, box), 2) for role, box in boxes.items()}
    assert max(busy.values()) <= BUSY_LIMIT, busy
    # It was busy as the template alone left it, and was calmed: blurred more, or shaded.
    today = as_today(card)
    assert max(busyness(today, box) for box in boxes.values()) > BUSY_LIMIT
    photo = card.layout.photo
    assert photo.blur > TEMPLATE_BLUR or photo.scrim > 0
    assert photo.busyness == pytest.approx(max(busy.values()), abs=0.01)


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("name", [*CALM, "stand-in"])
def test_a_calm_picture_keeps_the_templates_blur(name, preset):
    card, bare = card_over(name, preset)
    photo = card.layout.photo
    assert (photo.blur, photo.scrim, photo.behind) == (TEMPLATE_BLUR, 0.0, ())
    # Pixel for pixel the backdrop as the template alone makes it, under the least tint.
    assert ImageChops.difference(bare, as_today(card)).getbbox() is None
    assert all(busyness(bare, box) <= BUSY_LIMIT for box in text_boxes(card.layout).values())


def test_the_measure_sees_texture_not_slopes():
    flat = Image.new("RGB", (1200, 630), (90, 60, 40))
    slope = Image.linear_gradient("L").resize((1200, 630)).convert("RGB")  # black to white
    checks = Image.new("RGB", (1200, 630), "white")
    draw = ImageDraw.Draw(checks)
    for x in range(0, 1200, 24):  # letter-sized squares
        for y in range((x // 24 % 2) * 24, 630, 48):
            draw.rectangle((x, y, x + 23, y + 23), fill="black")
    box = (100, 100, 700, 500)
    assert busyness(flat, box) == 0
    assert busyness(slope, box) < 0.5
    assert busyness(checks, box) > 40
    assert busyness(checks, (1300, 0, 1400, 100)) == 0  # a box off the picture


def test_busy_pictures_from_the_command_line(runner, story, tmp_path):
    """Each preset of a busy card: calm behind the text (as --explain reports it), the QR
    code read from the PNG, and the same bytes when made again."""
    shutil.copy(picture("words"), tmp_path / "words.png")
    args = ["render", str(story), "-q", "1", "-t", "photo", "--image", "words.png", "-s",
            "all", "--story-qr", "--explain"]
    result = runner.invoke(main, [*args, "-o", "one/"])
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)
    assert len(cards) == len(PRESETS)
    for card in cards:
        photo = card["layout"]["photo"]
        assert photo["blur"] > TEMPLATE_BLUR and photo["busyness"] <= BUSY_LIMIT, photo
        with Image.open(card["file"]) as image:
            assert image.size == (card["layout"]["width"], card["layout"]["height"])
            assert [r.text for r in zxingcpp.read_barcodes(image.convert("RGB"))] == [STORY_URL]
    again = runner.invoke(main, [*args, "-o", "two/"])
    assert again.exit_code == 0, again.output
    for first in Path("one").glob("*.png"):
        assert first.read_bytes() == (Path("two") / first.name).read_bytes()


def test_a_calm_picture_from_the_command_line(runner, story, tmp_path):
    shutil.copy(picture("sky"), tmp_path / "sky.png")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "photo", "--image",
                                  "sky.png", "--explain", "-o", "c.png"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    photo = card["layout"]["photo"]
    assert (photo["blur"], photo["scrim"], photo["behind"]) == (TEMPLATE_BLUR, 0.0, [])
