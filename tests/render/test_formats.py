"""Cards as JPEG and WebP: the QR code decodes from the final file of every design at every
size, the text a PNG carries comes back from the XMP, the suffix follows the format, and
the same inputs give the same bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from cards.cli.main import main
from cards.design.model import PRESETS
from cards.errors import InputError, NotACardError
from cards.render.png import read_card_text
from cards.render.xmp import read_xmp, xmp_packet
from tests.conftest import STORY_URL

DESIGNS = ("classic", "bold", "minimal", "night", "photo")
KIND = {"jpeg": ("JPEG", ".jpg"), "webp": ("WEBP", ".webp"), "png": ("PNG", ".png")}


def busy_picture(path: Path) -> Path:
    """A picture as hard on a lossy encoder as a photograph gets: grain at every scale,
    in colour."""
    size = (1600, 1000)
    image = Image.merge("RGB", [Image.effect_noise(size, sigma) for sigma in (40, 70, 100)])
    image.save(path, quality=92)
    return path


@pytest.fixture(scope="module")
def picture(tmp_path_factory) -> Path:
    return busy_picture(tmp_path_factory.mktemp("pictures") / "street.jpg")


def render(runner, story, *args: str):
    result = runner.invoke(main, ["render", str(story), "-q", "1", *args])
    assert result.exit_code == 0, result.output
    return [Path(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("design", DESIGNS)
@pytest.mark.parametrize("kind", ["jpeg", "webp"])
def test_the_qr_code_decodes_from_the_final_file_of_every_design_and_size(
        runner, story, picture, design, kind):
    extra = ["--image", str(picture)] if design == "photo" else []
    # --story-qr: a story card keeps its code, so every size has one to read.
    files = render(runner, story, "-t", design, "--size", "all", "--format", kind,
                   "--story-qr", "--out", "out/", *extra)
    assert len(files) == 5
    pil_format, suffix = KIND[kind]
    for file in files:
        assert file.suffix == suffix
        with Image.open(file) as image:
            assert image.format == pil_format
            preset = next(p for p, size in PRESETS.items() if size == image.size)
            assert f"-{design}-{preset}-" in file.name
            results = zxingcpp.read_barcodes(image.convert("RGB"))
        assert [r.text for r in results] == [STORY_URL], file.name


@pytest.mark.parametrize("kind", ["jpeg", "webp"])
def test_a_lossy_card_carries_the_same_text_as_the_png(runner, story, kind):
    speaker = "Zoë Ångström & <Co> — 王小明"
    [png] = render(runner, story, "--speaker", speaker, "--out", "card.png")
    [lossy] = render(runner, story, "--speaker", speaker, "--format", kind, "--out", "out/")
    text, carried = read_card_text(png), read_card_text(lossy)
    assert carried["Author"] == speaker
    assert lossy.name.endswith(f"-{carried['Inputs digest'][:6]}{KIND[kind][1]}")
    assert list(carried) == list(text) == [
        "Title", "Description", "Source", "Author", "Software", "Comment", "Verified",
        "Article", "Article URL", "Quote", "Language", "Template", "Preset", "Inputs digest"]
    # The digest is of everything that makes the file, its format too; the rest is equal.
    assert carried.pop("Inputs digest") != text.pop("Inputs digest")
    assert carried == text


def test_an_unverified_quote_says_so_in_the_xmp(runner, story):
    result = runner.invoke(main, ["render", str(story), "-q", "A line nobody said.",
                                  "--unverified", "--out", "card.webp"])
    assert result.exit_code == 0, result.output
    assert read_card_text(Path("card.webp"))["Warning"] == (
        "The quote was not verified against the article.")


@pytest.mark.parametrize("kind", ["jpeg", "webp"])
def test_the_same_inputs_give_the_same_bytes(runner, story, kind):
    [a] = render(runner, story, "--format", kind, "--out", "a/")
    [b] = render(runner, story, "--format", kind, "--out", "b/")
    assert a.name == b.name
    assert a.read_bytes() == b.read_bytes()


def test_the_suffix_of_out_chooses_the_format(runner, story):
    for name, pil_format in [("c.jpg", "JPEG"), ("c.JPEG", "JPEG"), ("c.webp", "WEBP"),
                             ("c.png", "PNG")]:
        render(runner, story, "--out", name)
        with Image.open(name) as image:
            assert image.format == pil_format, name


def test_flat_and_photo_designs_stay_png_by_default(runner, story):
    for design in ("classic", "photo"):
        [file] = render(runner, story, "-t", design, "--out", "out/")
        assert file.suffix == ".png"
        with Image.open(file) as image:
            assert image.format == "PNG"


def test_format_takes_jpg_and_any_case(runner, story):
    [file] = render(runner, story, "--format", "JPG", "--out", "out/")
    assert file.suffix == ".jpg"


def one_line_error(result) -> str:
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    return line


@pytest.mark.parametrize("args,message", [
    (["--format", "webp", "--out", "card.jpg"],
     "Error: --out card.jpg names a JPEG file, but --format is webp; name it card.webp, or"
     " leave out --format"),
    (["--format", "png", "--out", "card.webp"],
     "Error: --out card.webp names a WebP file, but --format is png; name it card.png, or"
     " leave out --format"),
    (["--quality", "80"],
     "Error: --quality is for JPEG and WebP; a PNG is lossless (set --format to jpeg or webp,"
     " or leave --quality out)"),
    (["--quality", "80", "--out", "card.png"],
     "Error: --quality is for JPEG and WebP; a PNG is lossless (set --format to jpeg or webp,"
     " or leave --quality out)"),
    (["--format", "gif"],
     "Error: Invalid value for '--format': 'gif' is not one of 'png', 'jpeg', 'webp'. (see"
     " cards render --help)"),
    (["--format", "jpeg", "--quality", "0"],
     "Error: Invalid value for '--quality': 0 is not in the range 1<=x<=100. (see cards"
     " render --help)"),
])
def test_a_format_mistake_is_one_line_and_writes_nothing(runner, story, tmp_path, args,
                                                          message):
    result = runner.invoke(main, ["render", str(story), "-q", "1", *args], prog_name="cards")
    assert one_line_error(result) == message
    assert [p.name for p in tmp_path.iterdir() if p.name != story.name] == []


def test_quality_trades_bytes_for_fidelity(runner, story, picture):
    sizes = {}
    for quality in ("40", "95"):
        [file] = render(runner, story, "-t", "photo", "--image", str(picture), "--format",
                        "jpeg", "--quality", quality, "--out", f"q{quality}/")
        sizes[quality] = file.stat().st_size
    assert sizes["40"] < sizes["95"] / 2


def test_jpeg_and_webp_make_a_photo_card_far_smaller(runner, story, picture):
    sizes = {}
    for kind in ("png", "jpeg", "webp"):
        [file] = render(runner, story, "-t", "photo", "--image", str(picture), "--format",
                        kind, "--out", "out/")
        sizes[kind] = file.stat().st_size
    # The help promises a third to a seventh of the PNG.
    assert sizes["jpeg"] < sizes["png"] / 3
    assert sizes["webp"] < sizes["png"] / 5


def test_read_card_text_reads_all_three_and_refuses_other_images(tmp_path):
    text = {"Title": "Straße & <Ufer>", "Description": "“Line one\r\nline two”",
            "Software": "cards 0.1.0", "Article URL": "https://example.org/a?b=1&c=2",
            "Inputs digest": "ab" * 32}
    from cards.render.png import encode_card

    image = Image.new("RGB", (60, 40), (20, 40, 60))
    for kind, (_, suffix) in KIND.items():
        path = tmp_path / f"card{suffix}"
        path.write_bytes(encode_card(image, text, kind, None if kind == "png" else 90))
        assert read_card_text(path) == text, kind
        assert list(read_card_text(path)) == list(text), kind
        whole = path.read_bytes()
        path.write_bytes(whole[:-200])
        with pytest.raises(InputError, match=f"card{suffix}: a .* file that is cut short"):
            read_card_text(path)
    for name in ("photo.jpg", "photo.webp"):  # a picture from elsewhere: no card text
        image.save(tmp_path / name)
        with pytest.raises(NotACardError, match="but not a card made by cards"):
            read_card_text(tmp_path / name)
    gif = tmp_path / "card.gif"
    image.save(gif)
    with pytest.raises(NotACardError, match=r"card\.gif: a GIF image, not a card made by cards"):
        read_card_text(gif)
    with pytest.raises(InputError, match="missing.png"):
        read_card_text(tmp_path / "missing.png")


def test_xmp_from_a_hostile_file_is_refused_not_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>')
    with pytest.raises(ValueError, match="DOCTYPE"):
        read_xmp(bomb)
    with pytest.raises(ValueError, match="a few KB"):
        read_xmp(b" " * 2_000_000)
    # A character XML cannot hold at all is carried as U+FFFD rather than failing.
    assert read_xmp(xmp_packet({"Title": "bell\x07"})) == {"Title": "bell\ufffd"}


def test_a_jpeg_card_decodes_to_rgb_at_its_preset_size(runner, story):
    [file] = render(runner, story, "-s", "story", "--format", "jpeg", "--out", "out/")
    with Image.open(io.BytesIO(file.read_bytes())) as image:
        assert (image.mode, image.size) == ("RGB", PRESETS["story"])
