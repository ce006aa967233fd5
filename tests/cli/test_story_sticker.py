"""A story card leaves its QR code's place clear for the app's link sticker (nobody can
scan a code on their own screen); --story-qr, or a row's story_qr column, keeps it."""

from __future__ import annotations

import json

import pytest
import zxingcpp
from PIL import Image

from cards.cli.main import main
from tests.conftest import STORY_URL


def explained(runner, *args: str):
    result = runner.invoke(main, ["render", *args, "--explain"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("template", ["bold", "classic", "minimal", "night", "photo"])
def test_a_story_keeps_the_stickers_place_clear(runner, story, template):
    [card] = explained(runner, str(story), "-q", "1", "-s", "story", "-t", template,
                       "-o", "story.png")
    layout = card["layout"]
    assert layout["qr"] is None
    sticker = layout["sticker"]
    height = layout["height"]
    # Inside the story's safe zone (the app covers the top 250 and bottom 340 px)...
    assert sticker["y"] >= 0.135 * height and sticker["y"] + sticker["h"] <= 0.82 * height
    # ...wide enough for a sticker, and clear of every element.
    assert sticker["w"] >= 0.25 * layout["width"]
    for text in layout["texts"]:
        box = text["box"]
        assert (box["y"] + box["h"] <= sticker["y"] or sticker["y"] + sticker["h"] <= box["y"]
                or box["x"] + box["w"] <= sticker["x"]
                or sticker["x"] + sticker["w"] <= box["x"]), text["role"]
    with Image.open("story.png") as image:
        assert zxingcpp.read_barcodes(image.convert("RGB")) == []
        # The place is plain background: nothing drawn there.
        region = image.convert("RGB").crop((sticker["x"], sticker["y"],
                                            sticker["x"] + sticker["w"],
                                            sticker["y"] + sticker["h"]))
        if template in ("bold", "classic", "minimal"):  # flat paper: nothing drawn on it
            assert len(region.getcolors(1 << 16) or []) <= 2


def test_story_qr_keeps_the_code(runner, story):
    [card] = explained(runner, str(story), "-q", "1", "-s", "story", "--story-qr",
                       "-o", "story.png")
    assert card["layout"]["sticker"] is None
    with Image.open("story.png") as image:
        assert [r.text for r in zxingcpp.read_barcodes(image.convert("RGB"))] == [STORY_URL]


def test_other_sizes_keep_their_code(runner, story):
    cards = explained(runner, str(story), "-q", "1", "-s", "all", "-o", "out/")
    assert {c["layout"]["preset"]: c["layout"]["qr"] is not None for c in cards} == {
        "landscape": True, "wide": True, "square": True, "portrait": True, "story": False}


def test_a_batch_row_keeps_its_storys_code(runner, story, tmp_path):
    (tmp_path / "week.csv").write_text(
        f"article,quote,sizes,story_qr\n{story.name},1,story,yes\n{story.name},1,story,\n",
        encoding="utf-8")
    result = runner.invoke(main, ["batch", "week.csv", "--out", "week", "--jobs", "1",
                                  "--quiet"])
    assert result.exit_code == 0, result.output
    found = []
    for path in sorted((tmp_path / "week").glob("*.png")):
        with Image.open(path) as image:
            found.append([r.text for r in zxingcpp.read_barcodes(image.convert("RGB"))])
    assert sorted(found) == [[], [STORY_URL]]
