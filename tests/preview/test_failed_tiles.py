"""A preview always shows something: a design and size that cannot make its card is a
tile the card's shape, in its place, saying why; the exit status is then 1, with one
line saying how many and which. A mistake every card would share stops the preview."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from PIL import Image

from cards.cli.main import main
from cards.pipeline import CardOptions
from cards.preview.failed import HEADING, INK, wrap
from cards.preview.plan import Request, render_tiles
from cards.preview.sheet import sheet_layout
from cards.text.faces import coverage
from tests.conftest import STORY

# Our own long quote (the story's second): too long for classic's landscape, wide and square boxes at their
# smallest type, set at portrait and story.
LONG = ("We rebuilt every plank by hand, and we tested every one of them twice, because the"
        " children who fish here deserve a pier that will still be standing when their own"
        " children come to fish from it, and because the town asked us to do it properly,"
        " slowly and without cutting a single corner, whatever it cost and however long it"
        " took us in the cold and the rain of two long winters on the water")
NOT_MADE = ("Error: 3 of 5 cards could not be made (classic/landscape, classic/wide,"
            " classic/square); their tiles in {where} say why\n")


@pytest.fixture
def long_story(tmp_path: Path) -> Path:
    path = tmp_path / "pier.md"
    path.write_text(STORY.replace("We missed the sound of the horn more than we expected",
                                  LONG), encoding="utf-8")
    return path


def test_a_card_that_cannot_be_made_is_a_tile_saying_why(runner, long_story):
    result = runner.invoke(main, ["preview", str(long_story), "-q", "2", "-t", "classic",
                                  "--jobs", "1"])
    assert result.exit_code == 1
    assert result.stdout == "preview.png\n"
    assert result.stderr == NOT_MADE.format(where="preview.png")
    tiles = render_tiles(Request(str(long_story), ("classic",), ("landscape", "wide", "square",
                                                                 "portrait", "story"),
                                 CardOptions(quote="2")), workers=1)
    assert [t.preset for t in tiles if t.failed] == ["landscape", "wide", "square"]
    landscape = tiles[0]
    assert landscape.layout is None and landscape.png == b""
    assert landscape.failed == (
        "the quote is too long for classic/landscape: 392 characters, and about 349 fit at the"
        " smallest size (36 px); shorten it with an ellipsis (…) where words are left out, or"
        " use --size portrait, where it fits")
    size, placed = sheet_layout(tiles)
    assert [caption for caption, *_ in placed] == [
        "classic · landscape 1200×630 · not made", "classic · wide 1600×900 · not made",
        "classic · square 1080×1080 · not made", "classic · portrait 1080×1350",
        "classic · story 1080×1920"]
    with Image.open("preview.png") as opened:
        sheet = opened.convert("RGB")
    assert sheet.size == size
    for (_, picture, x, y), tile in zip(placed, tiles, strict=True):
        # Every tile, made or not, is the card's shape at the sheet's height.
        assert picture.size == (round(tile.width * 300 / tile.height), 300)
        if tile.failed:  # framed in red on every side
            for point in ((x + 1, y + 150), (x + picture.width - 2, y + 150),
                          (x + picture.width // 2, y + 1), (x + picture.width // 2, y + 298)):
                assert sheet.getpixel(point) == INK
        else:
            middle = (picture.width // 2, picture.height // 2)
            assert sheet.getpixel((x + middle[0], y + middle[1])) == picture.getpixel(middle)


def test_the_reason_on_a_tile_never_draws_a_blank_box():
    """A reason often names a character no font has: it is written as its code point."""
    reason = ("the quote has U+1E290 TOTO LETTER PA ('\U0001E290'), which no font can draw;"
              " 東京, שלום and Ελλάδα are drawn")
    lines = wrap(reason, 150, 13)
    shown = "".join(char for line in lines for char, _ in line)
    assert "\U0001E290" not in shown and "('U+1E290')" in shown
    assert "東京" in shown and "שלום" in shown and "Ελλάδα" in shown
    for line in lines:
        for char, face in line:
            assert char == " " or ord(char) in coverage(face), (char, face.name)


def test_a_template_with_a_mistake_is_its_row_of_tiles(runner, story, tmp_path):
    (tmp_path / "templates" / "desk").mkdir(parents=True)
    (tmp_path / "templates" / "desk" / "template.toml").write_text(
        'name = "desk"\nextends = "classic"\n[quote]\nsze = 3\n', encoding="utf-8")
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "classic", "-t",
                                  "desk", "-s", "landscape", "-s", "story", "--jobs", "1"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: 2 of 4 cards could not be made (desk (every size)); their"
                             " tiles in preview.png say why\n")
    tiles = render_tiles(Request(str(story), ("classic", "desk"), ("landscape", "story"),
                                 CardOptions(quote="1")), workers=1)
    assert [bool(t.failed) for t in tiles] == [False, False, True, True]
    assert tiles[2].failed == ('templates/desk/template.toml: quote.sze: unknown key (did you'
                               ' mean "size"?)')


def test_the_gallery_shows_why_in_the_place_of_each_card_not_made(runner, long_story, tmp_path):
    result = runner.invoke(main, ["preview", str(long_story), "-q", "2", "-t", "classic",
                                  "--html", "gallery", "--jobs", "1"])
    assert result.exit_code == 1
    assert result.stderr == NOT_MADE.format(where="gallery/index.html")
    page = (tmp_path / "gallery" / "index.html").read_text(encoding="utf-8")
    failed = re.findall(r'<figure class="not-made"><div class="failed" role="img" aria-label='
                        r'"classic (\w+): not made" style="width:(\d+)px;aspect-ratio:(\d+)/(\d+)">'
                        r"<strong>(.*?)</strong><p>(.*?)</p>", page)
    assert [(preset, int(w), int(a), int(b)) for preset, w, a, b, _, _ in failed] == [
        ("landscape", 400, 1200, 630), ("wide", 533, 1600, 900), ("square", 360, 1080, 1080)]
    assert all(heading == HEADING for *_, heading, _ in failed)
    assert unescape(failed[0][5]).startswith("the quote is too long for classic/landscape: ")
    images = re.findall(r'<img src="([^"]+)"', page)
    assert [name.rsplit("-", 2)[1] for name in images] == ["portrait", "story"]
    assert sorted(p.name for p in (tmp_path / "gallery").glob("*.png")) == sorted(images)


def test_a_mistake_every_card_shares_stops_the_preview(runner, story, tmp_path):
    picture = tmp_path / "cut.jpg"
    picture.write_bytes(b"\xff\xd8\xff\xe0 not a picture")
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "--image", str(picture),
                                  "--jobs", "1"])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"Error: --image: {picture} ")
    assert not Path("preview.png").exists()


def test_a_preview_with_every_card_made_succeeds_quietly(runner, story):
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "classic", "-s",
                                  "square", "--jobs", "1"])
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("preview.png\n", "")


def test_one_design_named_twice_in_two_cases_is_shown_once(runner, story):
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "Night", "-t",
                                  "night", "-s", "square", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    with Image.open("preview.png") as sheet:
        assert sheet.size == (600, 24 + 34 + 300 + 24)  # one card: the narrowest sheet
