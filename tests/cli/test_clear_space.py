"""Clear space: every element keeps the design's clear space from the logo as it is
placed and from the QR plate, measured in px from what `cards render --explain` says is
drawn, on every design and preset, with wide, tall and square logos of a brand kit and
without one; `cards templates validate` refuses boxes that come closer."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from cards.cli.main import main

DESIGNS = ["bold", "classic", "minimal", "night", "photo"]
PRESETS = {"landscape": 630, "wide": 900, "square": 1080, "portrait": 1080, "story": 1080}

# Our own story: a short quote, and one long enough to fill the quote's box.
ARTICLE = """---
title: The lighthouse keeper's cottage opens as a reading room
url: https://example.org/coast/2026/04/lighthouse-reading-room
site: The Cape Herald
lang: en
---

The cottage at the foot of the old lighthouse opened on Saturday as a reading room.

"Bring a book and stay for the tide," said Amara Osei, who restored it.

"We scraped eleven coats of paint off these walls, and under the last one we found the
keeper's pencil marks counting the storms of every winter he spent here, so we left
them where he wrote them," said Tomas Lindgren, the carpenter.
"""
LONG = 2


def logo(path: Path, size: tuple[int, int], ink: tuple[int, int, int]) -> None:
    """A logo as newsrooms draw them: a mark and a bar on a transparent ground."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    w, h = size
    side = min(w, h)
    draw.ellipse((0, (h - side) // 2, side - 1, (h + side) // 2 - 1), fill=(*ink, 255))
    if w > h:
        draw.rectangle((side + side // 4, h // 3, w - 1, 2 * h // 3), fill=(*ink, 255))
    elif h > w:
        draw.rectangle((w // 4, side + side // 4, 3 * w // 4, h - 1), fill=(*ink, 255))
    image.save(path)


SHAPES = {"wide": (600, 120), "tall": (160, 320), "square": (240, 240)}


@cache
def kit(folder: str, shape: str) -> str:
    """A brand kit with a dark logo for light designs and a light one for dark designs."""
    root = Path(folder)
    logo(root / f"{shape}.png", SHAPES[shape], (24, 40, 90))
    logo(root / f"{shape}-light.png", SHAPES[shape], (250, 244, 230))
    path = root / f"{shape}.toml"
    path.write_text(f'name = "The Cape Herald"\nlogo = "{shape}.png"\n'
                    f'logo_dark = "{shape}-light.png"\n[fonts]\nquote = "Vollkorn-SemiBold"\n',
                    encoding="utf-8")
    return str(path)


def render(runner: CliRunner, *args: str) -> tuple[list[dict], str]:
    Path("ferry.md").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(main, ["render", "ferry.md", *args, "--explain", "-o", "out/"])
    assert result.exit_code == 0, result.output
    return [card["layout"] for card in json.loads(result.stdout)], result.stderr


def box(b: dict) -> tuple[int, int, int, int]:
    return b["x"], b["y"], b["x"] + b["w"], b["y"] + b["h"]


def apart(a: dict, b: dict) -> int:
    """Px between two boxes: the wider of the horizontal and vertical gaps."""
    ax0, ay0, ax1, ay1 = box(a)
    bx0, by0, bx1, by1 = box(b)
    return max(bx0 - ax1, ax0 - bx1, by0 - ay1, ay0 - by1)


def drawn(layout: dict) -> dict[str, dict]:
    """Everything the card draws besides the logo and the code, as --explain gives it."""
    boxes = {f"rule {i}": rule[0] for i, rule in enumerate(layout["rules"])}
    boxes |= {f"glyph {i}": glyph["ink"] for i, glyph in enumerate(layout["glyphs"])}
    for text in layout["texts"]:
        boxes[text["role"]] = text["extent"]
        if text["mark"] is not None:
            boxes[text["role"] + " mark"] = text["mark"]
    if layout["portrait"] is not None:
        boxes["portrait"] = layout["portrait"]["circle"]
    return boxes


def check_clear(layout: dict) -> dict[str, int]:
    """Every element's distance from the logo and the QR plate (or the sticker's place),
    each asserted to be at least the clear space; the closest of each, returned."""
    clear = layout["clear_space"]
    assert clear == round(0.02 * PRESETS[layout["preset"]]), layout["preset"]
    others = drawn(layout)
    kept = {}
    if layout["logo"] is not None:
        kept["logo"] = layout["logo"]["placed"]
    if layout["qr"] is not None:
        kept["plate"] = layout["qr"]["plate"]
        if "logo" in kept:
            others["logo"] = kept["logo"]
    if layout["sticker"] is not None:
        kept["sticker"] = layout["sticker"]
    closest = {}
    for name, around in kept.items():
        near = {other: apart(around, b) for other, b in others.items() if b is not around}
        for other, gap in near.items():
            assert gap >= clear, (layout["template"], layout["preset"], name, other, gap)
        closest[name] = min(near.values())
    if layout["qr"] is not None and layout["qr"]["label"] is not None and "logo" in kept:
        assert apart(kept["logo"], layout["qr"]["label"]["extent"]) >= clear
    return closest


@pytest.mark.parametrize("design", DESIGNS)
@pytest.mark.parametrize("shape", [*SHAPES, None])
def test_every_element_keeps_clear_of_the_logo_and_the_qr_plate(runner, tmp_path, design,
                                                                 shape):
    brand = ["--brand", kit(str(tmp_path), shape)] if shape else []
    for quote in ("1", str(LONG)):
        for extra in ([], ["--story-qr"]):
            layouts, stderr = render(runner, "-q", quote, "-t", design, "-s", "all", *brand,
                                     *extra)
            assert "Warning" not in stderr
            assert [layout["preset"] for layout in layouts] == list(PRESETS)
            for layout in layouts:
                if shape:
                    placed, space = layout["logo"]["placed"], layout["logo"]["box"]
                    # The logo fills its box one way, its shape kept.
                    assert placed["w"] == space["w"] or placed["h"] == space["h"]
                    ratio = SHAPES[shape][0] / SHAPES[shape][1]
                    assert abs(placed["w"] / placed["h"] - ratio) < 0.05
                else:
                    assert layout["logo"] is None
                check_clear(layout)


@pytest.mark.parametrize("design", DESIGNS)
def test_a_speaker_photo_and_a_kicker_keep_clear_too(runner, tmp_path, design):
    photo = tmp_path / "face.png"
    Image.new("RGB", (300, 400), (120, 90, 70)).save(photo)
    for shape in SHAPES:
        layouts, stderr = render(runner, "-q", str(LONG), "-t", design, "-s", "all",
                                 "--brand", kit(str(tmp_path), shape), "--photo", str(photo),
                                 "--kicker", "Interview", "--story-qr")
        assert "Warning" not in stderr
        for layout in layouts:
            assert layout["portrait"] is not None
            assert "kicker" in {text["role"] for text in layout["texts"]}
            check_clear(layout)


def test_a_right_to_left_card_keeps_clear_too(runner, tmp_path):
    Path("a.md").write_text(
        "---\ntitle: مكتبة الميناء\nurl: https://example.org/ar/library\nlang: ar\n---\n\n"
        "قالت مريم: «المكتبة مكان للجميع في هذه المدينة، صغارًا وكبارًا».\n",
        encoding="utf-8")
    for design in DESIGNS:
        result = runner.invoke(main, ["render", "a.md", "-q", "1", "-t", design, "-s", "all",
                                      "--speaker", "مريم", "--brand", kit(str(tmp_path), "wide"),
                                      "--explain", "-o", "out/"])
        assert result.exit_code == 0, result.output
        assert "kept clear" not in result.stderr  # (a long name may be set smaller)
        for card in json.loads(result.stdout):
            layout = card["layout"]
            # Mirrored: the logo at the right, against its box's right edge.
            placed, space = layout["logo"]["placed"], layout["logo"]["box"]
            assert placed["x"] + placed["w"] == space["x"] + space["w"]
            assert space["x"] + space["w"] // 2 > layout["width"] // 2
            check_clear(layout)


def test_classic_storys_accent_bar_keeps_clear_of_the_logo(runner, tmp_path):
    """Classic's story card laid its accent bar on the logo (0 px apart); it now sits
    under the masthead, the clear space below the logo's box."""
    [layout], _ = render(runner, "-q", "1", "-s", "story", "--brand", kit(str(tmp_path), "wide"))
    [(bar, color)] = layout["rules"]
    logo = layout["logo"]["placed"]
    assert color == [164, 38, 44]
    assert bar["y"] - (logo["y"] + logo["h"]) >= layout["clear_space"] == 22
    # It stays between the masthead and the quote.
    quote = next(t for t in layout["texts"] if t["role"] == "quote")
    assert bar["y"] + bar["h"] < quote["extent"]["y"]


def test_minimals_hairline_keeps_clear_of_the_logo(runner, tmp_path):
    """Minimal's hairline sat 7 px under a logo."""
    layouts, _ = render(runner, "-q", "1", "-t", "minimal", "-s", "all",
                        "--brand", kit(str(tmp_path), "tall"))
    for layout in layouts:
        [(hairline, _)] = layout["rules"]
        logo = layout["logo"]["placed"]
        assert hairline["y"] - (logo["y"] + logo["h"]) >= layout["clear_space"]


def write_template(body: str) -> None:
    folder = Path("templates") / "mine"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.toml").write_text('name = "mine"\nextends = "classic"\n' + body,
                                          encoding="utf-8")


def test_validate_names_the_two_boxes_the_preset_and_the_distance(runner):
    cases = {
        # A rule under the logo's box (which ends at 94 px on landscape): one line a preset.
        '[[rules]]\nbox = [0.06, 0.157, 0.2, 0.004]\ncolor = "accent"\n':
            "rules[0].box is 5 px from logo.box at landscape, inside the 13 px kept clear"
            " around the logo (clear_space = 0.02 of the short side); move one of them\n"
            "Error: templates/mine/template.toml: rules[0].box is 6 px from logo.box at wide,"
            " inside the 18 px kept clear around the logo (clear_space = 0.02 of the short"
            " side); move one of them\n"
            "Error: templates/mine/template.toml: rules[0].box overlaps logo.box at story,"
            " inside the 22 px kept clear around the logo (clear_space = 0.02 of the short"
            " side); move one of them",
        # More clear space than classic's boxes leave, on one preset.
        "[sizes.square]\nclear_space = 0.03\n":
            "quote.box is 23 px from logo.box at square, inside the 32 px kept clear around"
            " the logo (clear_space = 0.03 of the short side); move one of them",
        # The headline's box stretched towards the QR code's.
        "[sizes.wide]\nheadline = { box = [0.06, 0.815, 0.70, 0.12] }\n":
            "headline.box is 8 px from qr.box at wide, inside the 18 px kept clear around the"
            " QR code (clear_space = 0.02 of the short side); move one of them",
        # A glyph's ink, 31 px of an asterisk set in the quote's face, just above the code.
        '[sizes.wide]\nglyphs = [{ text = "*", size = 0.1, at = [0.8, 0.34] }]\n':
            "glyphs[0] is 6 px from qr.box at wide, inside the 18 px kept clear around the QR"
            " code (clear_space = 0.02 of the short side); move one of them",
    }
    for body, message in cases.items():
        write_template(body)
        result = runner.invoke(main, ["templates", "validate", "mine"])
        assert result.exit_code == 1, body
        assert result.stderr == f"Error: templates/mine/template.toml: {message}\n", body
        # A card is refused with the first of them, and no file is written.
        Path("ferry.md").write_text(ARTICLE, encoding="utf-8")
        result = runner.invoke(main, ["render", "ferry.md", "-q", "1", "-t", "mine", "-s",
                                      "all", "-o", "out/"])
        assert result.exit_code == 1
        [line] = result.stderr.splitlines()
        assert line in f"Error: templates/mine/template.toml: {message}"
        assert not Path("out").exists()


def test_clear_space_is_the_templates_to_set(runner):
    rule = ('[[rules]]\nbox = [0.06, 0.16, 0.2, 0.004]\ncolor = "accent"\n[sizes.story]\n'
            'rules = [{ box = [0.105, 0.1844, 0.12, 0.004], color = "accent" }]\n')
    write_template(rule)
    result = runner.invoke(main, ["templates", "validate", "mine"])
    assert result.stderr.startswith("Error: templates/mine/template.toml: rules[0].box is 7 px"
                                    " from logo.box at landscape, inside the 13 px")
    write_template("clear_space = 0.01\n" + rule)  # 6 px on landscape, 9 on wide: room enough
    result = runner.invoke(main, ["templates", "validate", "mine"])
    assert result.exit_code == 0, result.output
    shown = json.loads(runner.invoke(main, ["templates", "show", "mine"]).stdout)
    assert {p: s["clear_space"] for p, s in shown["sizes"].items()} == dict.fromkeys(
        PRESETS, 0.01)
    bad = {
        "clear_space = 0.5\n": "clear_space: 0.5 is outside 0 to 0.2",
        'clear_space = "wide"\n': "clear_space: expected a number, got 'wide'",
        "[sizes.story]\nclear_space = -1\n": "sizes.story.clear_space: -1 is outside 0 to 0.2",
        '[logo]\nclear_space = 0.02\n': 'logo.clear_space: "clear_space" belongs at the top of'
            " the file, above the first [table] (in TOML a key after a [table] header is part"
            " of that table)",
    }
    for body, message in bad.items():
        write_template(body)
        result = runner.invoke(main, ["templates", "validate", "mine"])
        assert result.exit_code == 1, body
        assert result.stderr == f"Error: templates/mine/template.toml: {message}\n", body
