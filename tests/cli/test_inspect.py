"""`cards inspect` as a user runs it: what a card records of itself, plainly, and one line
for a file that is not a whole card."""

from __future__ import annotations

import json
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from cards._version import __version__
from cards.cli.main import main
from cards.render.png import read_card_text
from tests.cli.conftest import GRANDFATHER, PIER_URL, STORM, make
from tests.conftest import EXAMPLE

HEADLINE = "Old pier reopens to anglers after storm repairs"


def digest_of(card: Path) -> str:
    """The whole digest a card carries, which its name begins (six hex digits, last)."""
    digest = read_card_text(card)["Inputs digest"]
    assert len(digest) == 64 and card.stem.rsplit("-", 1)[1] == digest[:6]
    return digest


def test_a_verified_card_says_where_its_quote_came_from(runner, pier):
    [card] = make(runner, "pier.md", "-q", "1", "-o", "out/")
    result = runner.invoke(main, ["inspect", str(card)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"quote        “{STORM}”\n"
        "speaker      Dev Malhotra\n"
        "verified     yes: the quote was found, word for word, in the article\n"
        "article      pier.md\n"
        f"article URL  {PIER_URL}\n"
        f"QR code      {PIER_URL}\n"
        f"headline     {HEADLINE}\n"
        "language     en\n"
        "template     classic\n"
        "preset       landscape (1200 × 630)\n"
        f"digest       {digest_of(card)}\n"
        f"made with    cards {__version__}\n"
        f"alt text     Quote card: “{STORM}” — Dev Malhotra, in ‘{HEADLINE}’, The Bayside Post.\n"
    )


def test_an_unverified_card_says_so_plainly(runner, pier):
    [card] = make(runner, "pier.md", "-q", "The pier will never close", "--unverified",
                  "-s", "square", "-o", "out/")
    result = runner.invoke(main, ["inspect", str(card)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "quote        “The pier will never close”"
    assert lines[1] == ("verified     NO: made with --unverified: the quote was not found in"
                        " the article")
    assert "preset       square (1080 × 1080)" in lines


def test_json_gives_every_field_by_name(runner, pier):
    [card] = make(runner, "pier.md", "-q", GRANDFATHER, "--url", "https://bay.example/p?id=7",
                  "-o", "out/")
    result = runner.invoke(main, ["inspect", str(card), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "file": str(card),
        "quote": f"“{GRANDFATHER}”",
        "speaker": "Agnes Byrne",
        "verified": True,
        "quote_checked": GRANDFATHER,
        "article": "pier.md",
        "article_url": PIER_URL,
        "qr_url": "https://bay.example/p?id=7",
        "headline": HEADLINE,
        "language": "en",
        "template": "classic",
        "preset": "landscape",
        "digest": digest_of(card),
        "software": f"cards {__version__}",
        "alt_text": f"Quote card: “{GRANDFATHER}” — Agnes Byrne, in ‘{HEADLINE}’, The Bayside Post.",
        "warning": None,
        "other": {},
    }


def test_an_unverified_card_in_json(runner, pier):
    [card] = make(runner, "pier.md", "-q", "The pier will never close", "--unverified",
                  "-o", "out/")
    data = json.loads(runner.invoke(main, ["inspect", str(card), "--json"]).stdout)
    assert data["verified"] is False
    assert data["warning"] == "The quote was not verified against the article."
    assert data["quote_checked"] == "The pier will never close"


def test_emphasis_shows_the_quote_as_it_was_checked(runner, pier):
    [card] = make(runner, "pier.md", "-q", "The storm took out *eleven pilings* in one night",
                  "-o", "out/")
    lines = runner.invoke(main, ["inspect", str(card)]).stdout.splitlines()
    assert lines[:4] == [
        "quote        “The storm took out eleven pilings in one night”",
        "speaker      Dev Malhotra",
        "verified     yes: the quote was found, word for word, in the article",
        "checked as   The storm took out *eleven pilings* in one night",
    ]


def test_a_card_from_a_batch_names_the_article_the_batch_read(runner, pier, tmp_path):
    (tmp_path / "week.csv").write_text("article,quote\npier.md,2\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", "week.csv", "-o", "week", "--quiet", "-j", "1"])
    assert result.exit_code == 0, result.output
    [card] = (tmp_path / "week").glob("*.png")
    data = json.loads(runner.invoke(main, ["inspect", str(card), "--json"]).stdout)
    # The batch read it by its absolute path; the card names it from where the batch ran.
    assert data["article"] == "pier.md"
    assert data["quote_checked"] == GRANDFATHER


def test_text_another_tool_added_is_shown_too(runner, pier):
    [card] = make(runner, "pier.md", "-q", "1", "-o", "out/")
    with Image.open(card) as image:
        info = PngImagePlugin.PngInfo()
        for key, value in {**image.text, "Copyright": "The Bayside Post"}.items():
            info.add_itxt(key, value)
        image.save("retagged.png", pnginfo=info)
    result = runner.invoke(main, ["inspect", "retagged.png"])
    assert result.stdout.splitlines()[-1] == "Copyright    The Bayside Post"
    data = json.loads(runner.invoke(main, ["inspect", "retagged.png", "--json"]).stdout)
    assert data["other"] == {"Copyright": "The Bayside Post"}


def test_text_after_the_picture_is_read_too(runner, pier):
    """PNG lets text chunks come after the picture data, where some tools write them: a
    card's text moved there is still the card's."""
    [card] = make(runner, "pier.md", "-q", "1", "-o", "out/")
    with Image.open(card) as image:
        text = dict(image.text)
        bare = image.copy()
    bare.info = {}
    bare.save("bare.png")
    data = Path("bare.png").read_bytes()
    assert data[-12:-8] == b"\0\0\0\0" and data[-8:-4] == b"IEND"
    chunks = b""
    for key, value in text.items():
        body = b"iTXt" + key.encode("latin-1") + b"\0\0\0\0\0" + value.encode("utf-8")
        chunks += struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    Path("moved.png").write_bytes(data[:-12] + chunks + data[-12:])
    with Image.open("moved.png") as moved:
        assert "Software" not in moved.info  # not before the picture: only after it
    result = runner.invoke(main, ["inspect", "moved.png"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"quote        “{STORM}”\n")


def test_inspect_help(runner):
    result = runner.invoke(main, ["inspect", "--help"])
    assert result.exit_code == 0
    assert "Usage: main inspect [OPTIONS] CARD" in result.stdout


def refused(runner, path: str, message: str) -> None:
    result = runner.invoke(main, ["inspect", path])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"


def test_a_plain_png_is_not_a_card(runner):
    Image.new("RGB", (1200, 630), (20, 40, 60)).save("photo.png")
    refused(runner, "photo.png",
            "photo.png: a PNG, but not a card made by cards (it carries no card text)")


def test_a_png_whose_text_names_another_tool_is_not_a_card(runner):
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", "GIMP 2.10")
    Image.new("RGB", (40, 40)).save("gimp.png", pnginfo=info)
    refused(runner, "gimp.png",
            "gimp.png: a PNG, but not a card made by cards (it carries no card text)")


@pytest.mark.parametrize("cut", [0.5, 0.98, "the end"])
def test_a_card_cut_short_is_refused(runner, pier, cut):
    [card] = make(runner, "pier.md", "-q", "1", "-o", "out/")
    data = card.read_bytes()
    # Half, nearly all, or all but the last bytes (its picture whole, its end chunk not).
    Path("cut.png").write_bytes(data[:-6] if cut == "the end" else data[: int(len(data) * cut)])
    refused(runner, "cut.png",
            "cut.png: a PNG file that is cut short or damaged; it cannot be read as a card")


def test_a_card_damaged_inside_is_refused(runner, pier):
    [card] = make(runner, "pier.md", "-q", "1", "-o", "out/")
    data = bytearray(card.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte of the picture changed: its chunk's CRC fails
    Path("flipped.png").write_bytes(bytes(data))
    refused(runner, "flipped.png",
            "flipped.png: a PNG file that is cut short or damaged; it cannot be read as a card")


def test_a_jpeg_from_elsewhere_is_not_a_card(runner):
    Path("speaker.png").write_bytes((EXAMPLE.parent / "speaker.jpg").read_bytes())
    refused(runner, "speaker.png",
            "speaker.png: a JPEG, but not a card made by cards (it carries no card text)")


def test_a_text_file_and_an_empty_file_are_not_cards(runner):
    Path("notes.png").write_text("not a picture")
    refused(runner, "notes.png", "notes.png: not a PNG, JPEG or WebP file, so not a card made by cards")
    Path("empty.png").write_bytes(b"")
    refused(runner, "empty.png",
            "empty.png: an empty file, not a card made by cards (cards are PNG, JPEG or WebP"
            " files)")


def test_a_huge_file_is_refused_without_reading_it(runner):
    with open("huge.png", "wb") as f:
        f.truncate(5_000_000_000)  # sparse: no disk used, and nothing of it is read
    refused(runner, "huge.png",
            "huge.png is 5,000 MB, larger than any card (at most 32 MB); not a card made by cards")


def test_a_picture_too_large_for_a_card_is_refused_before_it_is_decoded(runner):
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Software", "cards 0.1.0")
    Image.new("1", (5000, 4000)).save("vast.png", pnginfo=info)
    refused(runner, "vast.png",
            "vast.png: 5000 × 4000 pixels, larger than any card; not a card made by cards")


def test_missing_files_folders_and_pipes(runner, tmp_path):
    refused(runner, "gone.png", "card not found: gone.png")
    Path("cards").mkdir()
    refused(runner, "cards", "cards is a folder, not a card")
    os.mkfifo("pipe.png")  # opening it for reading would wait for a writer
    refused(runner, "pipe.png", "pipe.png is not a regular file, so not a card")


@pytest.mark.parametrize("kind", ["jpeg", "webp"])
def test_a_jpeg_or_webp_card_says_what_its_png_says(runner, pier, kind):
    [png] = make(runner, "pier.md", "-q", "1", "-o", "png/")
    [other] = make(runner, "pier.md", "-q", "1", "--format", kind, "-o", "other/")
    said = {}
    for card in (png, other):
        result = runner.invoke(main, ["inspect", str(card), "--json"])
        assert result.exit_code == 0, result.output
        said[card] = json.loads(result.stdout)
    # The same card but for its file: its name, and the digest of what makes the file.
    for field in ("file", "digest"):
        assert said[png].pop(field) != said[other].pop(field)
    assert said[png] == said[other]


def test_a_card_never_carries_an_absolute_path(runner, tmp_path):
    """A posted card's text shows where its article came from, not the editor's folders:
    a path from the folder the command ran in, else the file's name alone."""
    import shutil

    from cards.render.png import read_card_text
    from tests.conftest import EXAMPLE

    (tmp_path / "desk").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "desk" / "story.md")
    (tmp_path / "desk" / "week.csv").write_text("article,quote\nstory.md,1\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", "desk/week.csv", "--out", "out/", "--jobs", "1",
                                  "--quiet"])
    assert result.exit_code == 0, result.output
    [card] = (tmp_path / "out").glob("*.png")
    assert read_card_text(card)["Article"] == "desk/story.md"
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere.md"
    shutil.copy(EXAMPLE, outside)
    try:
        result = runner.invoke(main, ["render", str(outside), "-q", "1", "-o", "o.png"])
        assert result.exit_code == 0, result.output
        assert read_card_text(tmp_path / "o.png")["Article"] == outside.name
    finally:
        outside.unlink()
