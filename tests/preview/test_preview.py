"""`cards preview`: the sheet holds exactly the cards asked for, guides are drawn where the
layout says, the gallery's commands make the same bytes, and watch mode follows edits."""

from __future__ import annotations

import json
import re
import shlex
import threading
import time
from pathlib import Path

from PIL import Image

from cards.cli.main import main
from cards.pipeline import CardOptions
from cards.preview.guides import _BOX, _QUIET, draw_guides, legibility_warnings
from cards.preview.plan import Request, render_tiles
from cards.preview.sheet import sheet_layout
from cards.preview.watch import watch


def request(story: Path, templates=("classic", "night"), presets=("landscape", "story"),
            **options) -> Request:
    return Request(str(story), templates, presets, CardOptions(quote="1", **options))


def test_the_sheet_holds_exactly_the_cards_asked_for(runner, story, tmp_path):
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "classic", "-t",
                                  "night", "-s", "landscape", "-s", "story", "-o", "sheet.png",
                                  "--jobs", "1"])
    assert result.exit_code == 0, result.output
    tiles = render_tiles(request(story), workers=1)
    size, placed = sheet_layout(tiles)
    assert [caption for caption, *_ in placed] == [
        "classic · landscape 1200×630", "classic · story 1080×1920",
        "night · landscape 1200×630", "night · story 1080×1920"]
    for (_, picture, _x, _y), tile in zip(placed, tiles, strict=True):
        assert picture.height == 300
        assert abs(picture.width / 300 - tile.layout.width / tile.layout.height) < 0.01
    # The two rows start at the same x; the second row sits below the first's tallest card.
    assert placed[0][2] == placed[2][2] and placed[2][3] > placed[1][3] + 300
    with Image.open(tmp_path / "sheet.png") as sheet:
        assert sheet.size == size
        _, picture, x, y = placed[3]
        middle = (x + picture.width // 2, y + picture.height // 2)
        assert sheet.convert("RGB").getpixel(middle) == picture.getpixel(
            (picture.width // 2, picture.height // 2))


def test_thumbnails_add_each_card_at_feed_widths(story):
    tiles = render_tiles(request(story, ("classic",), ("landscape",)), workers=1,
                         thumbnails=True)
    _, placed = sheet_layout(tiles, thumbnails=True)
    assert [(caption, picture.width) for caption, picture, *_ in placed[1:]] == [
        ("classic · landscape at 500 px", 500), ("classic · landscape at 320 px", 320),
        ("classic · landscape at 160 px", 160)]


def test_guides_are_drawn_where_the_layout_says(story):
    tiles = render_tiles(request(story, ("classic",), ("landscape",)), workers=1, png=True)
    import io

    card = Image.open(io.BytesIO(tiles[0].png)).convert("RGB")
    layout = tiles[0].layout
    guided = draw_guides(card, layout)
    quote = layout.text("quote").box
    # The quote box's outline, on its right edge halfway down (clear of its label).
    assert guided.getpixel((quote.right - 1, quote.y + quote.h // 2)) == _BOX
    plate = layout.qr.plate
    assert guided.getpixel((plate.x, plate.y + plate.h // 2)) == _QUIET
    # Away from every box the card is as it was.
    assert guided.getpixel((layout.width // 2, layout.height - 3)) == card.getpixel(
        (layout.width // 2, layout.height - 3))


def test_story_guides_show_what_the_app_covers(story):
    tiles = render_tiles(request(story, ("classic",), ("story",)), workers=1, guides=True,
                         png=True)
    import io

    card = Image.open(io.BytesIO(tiles[0].png)).convert("RGB")
    guided = draw_guides(card, tiles[0].layout)
    top, bottom = guided.getpixel((540, 100)), guided.getpixel((540, 1850))
    assert top != card.getpixel((540, 100)) and top[0] > top[2]  # tinted orange
    assert bottom != card.getpixel((540, 1850))


def test_the_gallery_lists_every_card_and_its_command_makes_the_same_bytes(runner, story,
                                                                             tmp_path):
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "classic", "-t",
                                  "bold", "-s", "square", "-s", "portrait", "--html", "gallery",
                                  "--site", "The Desk", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "gallery" / "index.html").read_text(encoding="utf-8")
    commands = [c.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
                for c in re.findall(r'<pre class="command">(.*?)</pre>', page)]
    images = re.findall(r'<img src="([^"]+)"', page)
    assert len(commands) == len(images) == 4
    for command, image in zip(commands, images, strict=True):
        args = shlex.split(command)
        assert args[:2] == ["cards", "render"] and args[-1] == image
        args[-1] = f"again-{image}"
        made = runner.invoke(main, args[1:])
        assert made.exit_code == 0, made.output
        assert (tmp_path / f"again-{image}").read_bytes() == (
            tmp_path / "gallery" / image).read_bytes()
    assert "--site 'The Desk'" in commands[0]


def test_a_quote_too_small_to_read_at_320_is_flagged(story, tmp_path):
    long_story = tmp_path / "long.md"
    words = ("We missed the sound of the horn more than we expected, more than the gulls, more"
             " than the bell at the end of the pier, more than anyone on the island would admit"
             " to a stranger who asked us on the quay in the middle of a long grey winter, when"
             " the boats stayed in and the shop shut early and the school bus was the only"
             " thing that still came down the hill to the harbour")
    text = story.read_text(encoding="utf-8").replace(
        "We missed the sound of the horn more than we expected", words)
    long_story.write_text(text, encoding="utf-8")
    tiles = render_tiles(Request(str(long_story), ("minimal",), ("landscape", "story"),
                                 CardOptions(quote=words)), workers=1)
    warnings = legibility_warnings(tiles)
    small = [t for t in tiles if t.quote_size * 320 / t.layout.width < 10]
    assert small and len(warnings) == len(small)
    assert warnings[0].startswith(f"{small[0].template}/{small[0].preset}: at 320 px wide the"
                                  " quote's type is ")


def test_watch_renders_again_after_a_template_changes_and_survives_a_broken_one(story,
                                                                                 tmp_path):
    folder = tmp_path / "templates" / "desk"
    folder.mkdir(parents=True)
    toml = folder / "template.toml"
    toml.write_text('name = "desk"\nextends = "classic"\n', encoding="utf-8")
    said: list[str] = []
    renders: list[str] = []  # each render's one tile: "" if made, else why not
    stop = threading.Event()
    req = Request(str(story), ("desk",), ("landscape",), CardOptions(quote="1"))

    def render(only) -> None:
        assert only in (None, ("desk",))  # a change in desk's folder redraws only desk
        [tile] = render_tiles(req, workers=1)
        renders.append(tile.failed)

    thread = threading.Thread(target=watch, args=(req, render, said.append, stop.is_set),
                              kwargs={"interval": 0.05, "settle": 0.05}, daemon=True)
    thread.start()

    def wait_for(condition, seconds: float = 10) -> None:
        deadline = time.monotonic() + seconds
        while not condition() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert condition(), said

    wait_for(lambda: len(renders) == 1)
    toml.write_text('name = "desk"\nextends = "classic"\n[colors]\naccent = "#0B5FA5"\n',
                    encoding="utf-8")
    wait_for(lambda: len(renders) == 2)
    assert said[-1].startswith("changed templates/desk/template.toml: rendered (desk) in ")
    # A template with a mistake is its tile, saying why; the watch goes on.
    toml.write_text('name = "desk"\nextends = "classic"\n[colors\n', encoding="utf-8")
    wait_for(lambda: len(renders) == 3)
    assert "not valid TOML" in renders[-1]
    toml.write_text('name = "desk"\nextends = "classic"\n', encoding="utf-8")
    wait_for(lambda: len(renders) == 4)
    assert renders[-1] == ""
    # An article that cannot be read stops that render, which says so; the watch goes on.
    text = story.read_text(encoding="utf-8")
    story.write_bytes(b"\xff\xfe\x00" * 4)
    wait_for(lambda: any(line.startswith("Error: ") for line in said))
    story.write_text(text, encoding="utf-8")
    wait_for(lambda: len(renders) == 5)
    stop.set()
    thread.join(5)
    assert not thread.is_alive()


def test_preview_errors_are_one_line(runner, story):
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "clasic"])
    assert result.exit_code == 2
    assert result.stderr == ('Error: --template: no template "clasic" (did you mean "classic"?);'
                             " templates: bold, classic, minimal, night, photo\n")
    assert not Path("preview.png").exists()
    result = runner.invoke(main, ["preview", str(story), "-q", "Words nobody said", "-t",
                                  "classic"])
    assert result.exit_code == 1  # every card's mistake: no sheet of tiles all saying it
    assert result.stderr.startswith("Error: quote not found in ")
    assert len(result.stderr.splitlines()) == 1
    assert not Path("preview.png").exists()


def test_a_change_redraws_only_the_templates_it_touches(story, tmp_path):
    from cards.design.catalog import find_template
    from cards.preview.watch import affected

    folder = tmp_path / "templates" / "desk"
    folder.mkdir(parents=True)
    (folder / "template.toml").write_text('name = "desk"\nextends = "night"\n', encoding="utf-8")
    req = Request(str(story), ("classic", "night", "desk"), ("landscape",), CardOptions(quote="1"))
    desk = Path("templates/desk/template.toml")
    assert affected(req, {desk}) == ("desk",)
    assert affected(req, {find_template("night")}) == ("night", "desk")
    assert affected(req, {Path(str(story))}) is None  # the article: every card


def test_guides_in_the_gallery_lie_over_each_card_with_a_switch(runner, story, tmp_path):
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "classic", "-s",
                                  "landscape", "-s", "story", "--guides", "--html", "gallery",
                                  "--jobs", "1"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "gallery" / "index.html").read_text(encoding="utf-8")
    assert '<input type="checkbox" id="guides" checked>' in page
    assert "#guides:not(:checked)~main .guides{display:none}" in page
    pairs = re.findall(r'<img src="([^"]+)" alt="[^"]*" width="\d+"><img class="guides"'
                       r' src="([^"]+)" alt="">', page)
    assert len(pairs) == 2
    for card_name, guides_name in pairs:
        assert guides_name == card_name.removesuffix(".png") + ".guides.png"
        explained = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "classic", "-s",
                                         card_name.rsplit("-", 2)[1],
                                         "-o", "plain.png", "--explain"])
        layout = json.loads(explained.stdout)[0]["layout"]
        with Image.open(tmp_path / "gallery" / guides_name) as opened:
            overlay = opened.copy()
        with Image.open(tmp_path / "gallery" / card_name) as opened:
            card = opened.convert("RGB")
        # The card's own file is untouched (the command's bytes); the guides lie over it.
        assert (tmp_path / "gallery" / card_name).read_bytes() == Path("plain.png").read_bytes()
        assert overlay.mode == "RGBA" and overlay.size == card.size
        quote = next(t["box"] for t in layout["texts"] if t["role"] == "quote")
        assert overlay.getpixel((quote["x"] + quote["w"] - 1, quote["y"] + quote["h"] // 2)) == (
            *_BOX, 255)
        qr = layout["qr"]
        if qr is None:  # a story: the link sticker's place is marked as a box
            sticker = layout["sticker"]
            assert overlay.getpixel((sticker["x"], sticker["y"] + sticker["h"] // 2)) == (
                *_BOX, 255)
        else:
            code = (qr["modules"] + 2 * qr["quiet_modules"]) * qr["module_px"]
            # Where the code itself begins: its quiet zone, centred in the plate.
            quiet = (qr["plate"]["w"] - code) // 2 + qr["quiet_modules"] * qr["module_px"]
            assert overlay.getpixel((qr["plate"]["x"] + quiet,
                                     qr["plate"]["y"] + quiet + 5)) == (*_QUIET, 255)
        # Over the quote's words, nothing: the card shows through.
        assert overlay.getpixel((quote["x"] + quote["w"] // 2, quote["y"] + quote["h"] // 2))[3] == 0
    # A story's covered strips are tinted, not hidden.
    story_overlay = Image.open(tmp_path / "gallery" / pairs[1][1])
    assert 0 < story_overlay.getpixel((540, 100))[3] < 255


def test_a_gallery_without_guides_has_no_overlays_and_no_switch(runner, story, tmp_path):
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "night", "-s",
                                  "square", "--html", "gallery", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "gallery" / "index.html").read_text(encoding="utf-8")
    assert 'id="guides"' not in page and 'class="guides"' not in page
    assert not list((tmp_path / "gallery").glob("*.guides.png"))
