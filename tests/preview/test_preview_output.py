"""Where a preview goes: the sheet in any format or on stdout, --no-clobber, and a gallery
folder that holds only what its page shows."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image

from cards.cli.main import main
from tests.conftest import ROOT


def preview(runner, story, *args: str):
    return runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "classic", "-s",
                                "landscape", "--jobs", "1", *args], prog_name="cards")


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()
    return line


def test_out_dash_writes_the_sheet_to_stdout_and_no_file(runner, story, tmp_path):
    result = preview(runner, story, "--out", "-")
    assert result.exit_code == 0, result.stderr
    with Image.open(io.BytesIO(result.stdout_bytes)) as sheet:
        assert sheet.format == "PNG"
    assert not (tmp_path / "-").exists()
    result = preview(runner, story, "--out", "-", "--format", "jpeg")
    with Image.open(io.BytesIO(result.stdout_bytes)) as sheet:
        assert sheet.format == "JPEG"


def test_the_sheet_takes_its_format_from_the_suffix(runner, story, tmp_path):
    for name, kind in [("sheet.jpg", "JPEG"), ("sheet.webp", "WEBP")]:
        result = preview(runner, story, "--out", name)
        assert result.exit_code == 0, result.output
        with Image.open(tmp_path / name) as sheet:
            assert sheet.format == kind
    result = preview(runner, story, "--out", "sheets/")
    assert result.stdout == "sheets/preview.png\n"
    assert one_line_error(preview(runner, story, "--out", "sheet")) == (
        "Error: --out sheet: no such folder, and no file suffix; name it sheet.png, or end it"
        " with / for a folder")


def test_no_clobber_keeps_a_sheet_that_is_there(runner, story, tmp_path):
    (tmp_path / "preview.png").write_bytes(b"mine")
    assert one_line_error(preview(runner, story, "--no-clobber")) == (
        "Error: preview.png is already there, and --no-clobber keeps it; move it away, or"
        " choose another --out")
    assert (tmp_path / "preview.png").read_bytes() == b"mine"


def test_watch_cannot_follow_stdin_nor_write_to_stdout(runner, story):
    assert one_line_error(runner.invoke(main, ["preview", "-", "-q", "1", "--watch"])) == (
        "Error: --watch follows the article's file; standard input (-) cannot be watched")
    assert one_line_error(preview(runner, story, "--watch", "--out", "-")) == (
        "Error: --out - writes one sheet to stdout; it cannot go with --watch, which would"
        " write one after another; give a file")
    assert one_line_error(preview(runner, story, "--open", "--out", "-")) == (
        "Error: --out - writes one sheet to stdout; it cannot go with --open; give a file")


def shown(folder: Path) -> list[str]:
    return re.findall(r'<img src="([^"]+)"', (folder / "index.html").read_text("utf-8"))


def test_a_gallery_folder_holds_only_the_cards_its_page_shows(runner, story, tmp_path):
    assert preview(runner, story, "--html", "gallery", "-t", "night").exit_code == 0
    first = shown(tmp_path / "gallery")
    assert len(first) == 2
    (tmp_path / "gallery" / "notes.txt").write_text("mine", encoding="utf-8")
    result = preview(runner, story, "--html", "gallery", "--format", "webp")
    assert result.exit_code == 0, result.output
    [card] = shown(tmp_path / "gallery")
    assert card.endswith("-classic-landscape-" + card[-11:-5] + ".webp")
    assert sorted(p.name for p in (tmp_path / "gallery").iterdir()) == sorted(
        [card, "index.html", "notes.txt"])
    page = (tmp_path / "gallery" / "index.html").read_text("utf-8")
    assert f"--format webp -o {card}</pre>" in page


def test_no_clobber_keeps_a_gallery_whole(runner, story, tmp_path):
    assert preview(runner, story, "--html", "gallery").exit_code == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "gallery").iterdir()}
    result = runner.invoke(main, ["preview", str(story), "-q", "2", "-t", "classic", "-s",
                                  "landscape", "--jobs", "1", "--html", "gallery",
                                  "--no-clobber"], prog_name="cards")
    assert one_line_error(result) == (
        "Error: gallery/index.html is already there, and --no-clobber keeps it; move it away,"
        " or choose another --html")
    assert {p.name: p.read_bytes() for p in (tmp_path / "gallery").iterdir()} == before


def test_a_gallery_is_never_written_inside_the_package(runner, story):
    inside = ROOT / "cards" / "gallery-test"
    result = preview(runner, story, "--html", str(inside))
    assert one_line_error(result).endswith("which holds its code; choose a folder outside it")
    assert not inside.exists()


def test_a_layout_note_names_the_option_that_answers_it(runner, tmp_path):
    """A quote no one is found to have said: the preview says so, naming --speaker as
    `cards render` does, never the field's internal mark."""
    story = tmp_path / "memo.md"
    story.write_text("---\ntitle: Memo\nurl: https://example.org/memo\n---\n\n"
                     "The memo ended: “We will not renew the ferry contract after March.”\n",
                     encoding="utf-8")
    result = preview(runner, story, "-o", str(tmp_path / "sheet.png"))
    assert result.exit_code == 0, result.output
    assert ("Warning: no speaker was found for the quote, so the card has no attribution;"
            " name one with --speaker") in result.stderr
    assert "⟦" not in result.stderr
