"""Where cards go, as a user meets it: --out names a file or a folder and nothing in
between, --no-clobber keeps what is there, names lead with the quote, - is stdin or
stdout, nothing is written inside the package, and no derived file is left stale."""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from cards.cli.main import main
from tests.conftest import ROOT

PACKAGE = ROOT / "cards"


def run(runner, *args: str, input: bytes | None = None):
    return runner.invoke(main, list(args), input=input, prog_name="cards")


def one_line_error(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    return line


def written(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and p.suffix != ".md")


# --out: a file, a folder, or refused.

def test_out_without_a_suffix_is_refused_for_one_card(runner, story, tmp_path):
    result = run(runner, "render", str(story), "-q", "1", "--out", "mycard")
    assert one_line_error(result) == (
        "Error: --out mycard: no such folder, and no file suffix; name it mycard.png, or end"
        " it with / for a folder")
    assert written(tmp_path) == []


def test_the_hint_names_the_suffix_of_the_format(runner, story, tmp_path):
    result = run(runner, "render", str(story), "-q", "1", "--out", "mycard", "--format", "webp")
    assert one_line_error(result) == (
        "Error: --out mycard: no such folder, and no file suffix; name it mycard.webp, or end"
        " it with / for a folder")


def test_out_without_a_suffix_is_refused_for_several_cards_too(runner, story, tmp_path):
    result = run(runner, "render", str(story), "-q", "1", "--size", "all", "--out", "mycard")
    assert one_line_error(result) == (
        "Error: --out mycard: 5 cards need a folder, and there is no folder mycard; end it"
        " with / (mycard/) to make one")
    assert written(tmp_path) == []


def test_a_trailing_slash_or_an_existing_folder_is_a_folder(runner, story, tmp_path):
    result = run(runner, "render", str(story), "-q", "1", "-s", "all", "--out", "new/")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "new").glob("*.png"))) == 5
    (tmp_path / "there").mkdir()
    result = run(runner, "render", str(story), "-q", "1", "--out", "there")
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "there").glob("*.png"))) == 1


def test_default_names_lead_with_the_quote_then_design_preset_and_a_short_hash(
        runner, story, tmp_path):
    result = run(runner, "render", str(story), "-q", "2", "-t", "night", "-s", "square")
    assert result.exit_code == 0, result.output
    [name] = result.stdout.split()
    assert re.fullmatch(r"it-is-slower-than-the-bridge-night-square-[0-9a-f]{6}\.png", name)
    with Image.open(name) as card:
        assert card.text["Inputs digest"].startswith(name.rsplit("-", 1)[1].removesuffix(".png"))


def test_a_quote_without_latin_letters_is_named_card(runner, tmp_path):
    (tmp_path / "kyiv.md").write_text(
        "---\ntitle: Новий міст\nurl: https://example.org/mist\n---\n\n"
        "«Міст відкриють навесні», — сказала Олена Коваль.\n", encoding="utf-8")
    result = run(runner, "render", "kyiv.md", "-q", "Міст відкриють навесні")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"card-classic-landscape-[0-9a-f]{6}\.png", result.stdout.strip())


# --no-clobber

def test_by_default_a_named_file_is_replaced(runner, story, tmp_path):
    (tmp_path / "c.png").write_bytes(b"old")
    result = run(runner, "render", str(story), "-q", "1", "--out", "c.png")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"


def test_no_clobber_refuses_to_replace_a_file_and_writes_nothing(runner, story, tmp_path):
    (tmp_path / "c.png").write_bytes(b"mine")
    result = run(runner, "render", str(story), "-q", "1", "--out", "c.png", "--no-clobber")
    assert one_line_error(result) == (
        "Error: c.png is already there, and --no-clobber keeps it; move it away, or choose"
        " another --out")
    assert (tmp_path / "c.png").read_bytes() == b"mine"
    assert written(tmp_path) == ["c.png"]


def test_no_clobber_writes_none_of_several_cards_if_one_is_there(runner, story, tmp_path):
    result = run(runner, "render", str(story), "-q", "1", "-s", "all", "--out", "out/")
    assert result.exit_code == 0, result.output
    kept = sorted((tmp_path / "out").iterdir())
    for path in kept[1:]:
        path.unlink()
    result = run(runner, "render", str(story), "-q", "1", "-s", "all", "--out", "out/",
                 "--no-clobber")
    assert one_line_error(result) == (
        f"Error: out/{kept[0].name} is already there, and --no-clobber keeps it; move it"
        " away, or choose another --out")
    assert sorted((tmp_path / "out").iterdir()) == kept[:1]


def test_clobber_undoes_no_clobber(runner, story, tmp_path):
    (tmp_path / "c.png").write_bytes(b"mine")
    result = run(runner, "render", str(story), "-q", "1", "--out", "c.png", "--no-clobber",
                 "--clobber")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.png").read_bytes() != b"mine"


def test_no_clobber_counts_the_alt_text_beside_the_card(runner, story, tmp_path):
    (tmp_path / "c.txt").write_text("my notes\n", encoding="utf-8")
    result = run(runner, "render", str(story), "-q", "1", "--out", "c.png", "--alt-text",
                 "--no-clobber")
    assert one_line_error(result).startswith("Error: c.txt is already there, and --no-clobber")
    assert written(tmp_path) == ["c.txt"]


@pytest.mark.parametrize("links", [True, False])
def test_the_write_itself_never_replaces_a_file_without_clobber(tmp_path, monkeypatch, links):
    """A file another program makes after the check is not replaced either: the card is
    linked to its name, which fails if the name is taken (or, on a file system without
    hard links, checked again just before the rename)."""
    import errno
    import os

    from cards.errors import OutputError
    from cards.files import write_atomic

    if not links:
        def no_links(*args, **kwargs):
            raise OSError(errno.EPERM, "Operation not permitted")
        monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "c.png"
    path.write_bytes(b"theirs")
    with pytest.raises(OutputError, match=r"c\.png is already there, and .*no_clobber"):
        write_atomic(path, b"ours", clobber=False)
    assert path.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["c.png"]  # no temporary file left
    write_atomic(tmp_path / "new.png", b"ours", clobber=False)
    assert (tmp_path / "new.png").read_bytes() == b"ours"


# Derived files are never left stale.

def test_an_alt_text_file_already_beside_a_card_is_rewritten(runner, story, tmp_path):
    result = run(runner, "render", str(story), "-q", "1", "--out", "c.png", "--alt-text")
    assert result.exit_code == 0, result.output
    assert "We missed the sound" in (tmp_path / "c.txt").read_text(encoding="utf-8")
    result = run(runner, "render", str(story), "-q", "2", "--out", "c.png")
    assert result.exit_code == 0, result.output
    alt = (tmp_path / "c.txt").read_text(encoding="utf-8")
    assert alt.startswith("Quote card: “It is slower than the bridge") and "horn" not in alt


# - is stdin or stdout.

def test_render_from_stdin_to_stdout_in_any_format(runner, story):
    for kind, magic in [("png", b"\x89PNG"), ("jpeg", b"\xff\xd8\xff"), ("webp", b"RIFF")]:
        result = run(runner, "render", "-", "-q", "1", "--out", "-", "--format", kind,
                     input=story.read_bytes())
        assert result.exit_code == 0, result.stderr
        assert result.stdout_bytes.startswith(magic), kind


def test_fonts_check_reads_the_text_from_stdin(runner):
    result = run(runner, "fonts", "check", "-", input="Ωx\n".encode())
    assert result.exit_code == 0, result.output
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["U+03A9", "U+0078"]


def test_fonts_check_refuses_stdin_that_is_not_utf8(runner):
    result = run(runner, "fonts", "check", "-", input=b"caf\xe9\n")
    assert one_line_error(result) == "Error: TEXT -: stdin is not UTF-8 (byte 3); save it as UTF-8"


@pytest.mark.parametrize("command", [["templates", "show", "-"],
                                     ["templates", "validate", "classic", "-"],
                                     ["render", "x.md", "-q", "1", "-t", "-"]])
def test_a_template_cannot_come_from_stdin_and_says_why(runner, command):
    result = run(runner, *command, input=b"name = 'x'\n")
    assert result.exit_code == 2  # a usage error, as a template name that finds none
    assert result.stderr == (
        "Error: -: a template is a folder (template.toml with its pictures and fonts beside"
        " it), so it cannot come from stdin; give its folder or its template.toml\n")


def test_quotes_and_info_read_stdin(runner, story):
    result = run(runner, "quotes", "-", input=story.read_bytes())
    assert result.exit_code == 0 and "We missed the sound" in result.stdout
    result = run(runner, "info", "-", input=story.read_bytes())
    assert result.exit_code == 0 and "The harbour ferry returns" in result.stdout


# Nothing is written inside the package.

def test_render_refuses_to_write_inside_the_package(runner, story, tmp_path):
    result = run(runner, "render", str(story), "-q", "1", "--out", f"{PACKAGE}/made/")
    assert one_line_error(result).startswith(
        f"Error: --out {PACKAGE}/made/we-missed-the-sound-of-the-classic-landscape-")
    assert result.stderr.endswith(
        f": that is inside the cards package's own folder ({PACKAGE}), which holds its code;"
        " choose a folder outside it\n")
    assert not (PACKAGE / "made").exists()


def test_the_file_name_bytes_are_what_was_asked(runner, story, tmp_path):
    """A card made by name and by folder is the same file."""
    assert run(runner, "render", str(story), "-q", "1", "-o", "a.jpg").exit_code == 0
    result = run(runner, "render", str(story), "-q", "1", "-o", "b/", "--format", "jpeg")
    digest = hashlib.sha256((tmp_path / "a.jpg").read_bytes()).hexdigest()
    assert hashlib.sha256(Path(result.stdout.strip()).read_bytes()).hexdigest() == digest
    with Image.open(io.BytesIO((tmp_path / "a.jpg").read_bytes())) as image:
        assert image.format == "JPEG"
