"""Where a batch's cards go: cards-out/ by default and never the package, --no-clobber,
the cards' format (and the job file's, now --jobs-format), job files on stdin, a
manifest.csv kept in step, and --resume that trusts a file only if it is the card."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from cards.cli.main import main
from cards.render.png import read_card_text
from tests.conftest import ROOT


def batch(runner, *args: str, input: bytes | None = None):
    return runner.invoke(main, ["batch", *args, "--jobs", "1"], input=input,
                         prog_name="cards")


def cards(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()
            if p.suffix in (".png", ".jpg", ".webp")}


def summary(result) -> str:
    return result.stderr.splitlines()[-1]


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error")]


def test_the_default_folder_is_cards_out(runner, week, tmp_path):
    result = batch(runner, "week.csv")
    assert result.exit_code == 0, result.output
    assert summary(result) == (
        "3 made, 0 already there, 0 rows failed; manifest: cards-out/manifest.json")
    assert len(cards(tmp_path / "cards-out")) == 3


def test_a_batch_never_writes_inside_the_package(runner, week, tmp_path, monkeypatch):
    """Run from a checkout, `--out cards` is the package's own folder."""
    (tmp_path / "week.csv").write_text(
        f"article,quote\n{tmp_path / 'ferry.md'},1\n", encoding="utf-8")
    monkeypatch.chdir(ROOT)
    for out in ("cards", "cards/made-by-a-test/"):
        result = batch(runner, str(tmp_path / "week.csv"), "--out", out)
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: --out {out.rstrip('/')}: that is inside the cards package's own folder"
            f" ({ROOT / 'cards'}), which holds its code; choose a folder outside it\n")
    assert not (ROOT / "cards" / "made-by-a-test").exists()
    assert not (ROOT / "cards" / "manifest.json").exists()
    assert not (ROOT / "cards" / ".cards-batch.lock").exists()


def test_no_clobber_fails_the_rows_whose_cards_are_there_and_writes_none_of_them(
        runner, week, tmp_path):
    assert batch(runner, "week.csv", "--out", "out").exit_code == 0
    before = cards(tmp_path / "out")
    (tmp_path / "more.csv").write_text(
        "article,quote,sizes\nferry.md,1,landscape story\nferry.md,2,landscape\n",
        encoding="utf-8")
    result = batch(runner, "more.csv", "--out", "out", "--no-clobber", "--quiet")
    assert result.exit_code == 1
    [landscape] = [name for name in before if "-landscape-" in name
                   and name.startswith("we-missed")]
    assert errors(result) == [
        f"Error: more.csv:2: out/{landscape} is already there, and --no-clobber keeps it;"
        " move it away, or choose another --out"]
    after = cards(tmp_path / "out")
    # Row 2's story card was not written either; row 3 made its card.
    assert {n: d for n, d in after.items() if n in before} == before
    [made] = set(after) - set(before)
    assert made.startswith("it-is-slower-than-the-bridge-classic-landscape-")


def test_no_clobber_with_resume_keeps_the_cards_already_made(runner, week, tmp_path):
    assert batch(runner, "week.csv", "--out", "out").exit_code == 0
    result = batch(runner, "week.csv", "--out", "out", "--no-clobber", "--resume")
    assert result.exit_code == 0, result.output
    assert summary(result).startswith("0 made, 3 already there, 0 rows failed")


@pytest.mark.parametrize("kind", ["png", "jpeg", "webp"])
def test_resume_makes_again_a_file_that_is_not_the_card_its_name_says(runner, week,
                                                                      tmp_path, kind):
    """Names keep six hex digits of the hash; --resume trusts a file only if the Digest
    it carries is the whole hash of the card (another card, or a file cut short, is not)."""
    assert batch(runner, "week.csv", "--out", "out", "--format", kind).exit_code == 0
    before = cards(tmp_path / "out")
    first, second, third = sorted(before)
    shutil.copy(tmp_path / "out" / second, tmp_path / "out" / first)  # another card
    # Cut short after its text, which opening the file reads: the end is missing.
    (tmp_path / "out" / third).write_bytes((tmp_path / "out" / third).read_bytes()[:-1000])
    result = batch(runner, "week.csv", "--out", "out", "--resume", "--format", kind)
    assert result.exit_code == 0, result.output
    assert summary(result).startswith("2 made, 1 already there, 0 rows failed")
    assert cards(tmp_path / "out") == before


def test_the_cards_format_for_every_row_and_a_rows_own(runner, week, tmp_path):
    (tmp_path / "mixed.csv").write_text(
        "article,quote,sizes,template,format,quality\n"
        "ferry.md,1,landscape,classic,,\n"
        "ferry.md,1,landscape,photo,jpeg,\n"
        "ferry.md,1,landscape,bold,webp,60\n", encoding="utf-8")
    result = batch(runner, "mixed.csv", "--out", "out", "--format", "jpeg", "--quality", "85")
    assert result.exit_code == 0, result.output
    made = sorted(cards(tmp_path / "out"))
    assert [Path(name).suffix for name in made] == [".webp", ".jpg", ".jpg"]
    listed = json.loads((tmp_path / "out" / "manifest.json").read_bytes())["cards"]
    assert sorted(entry["file"] for entry in listed) == made
    for name in made:
        assert read_card_text(tmp_path / "out" / name)["Source"].startswith("https://")
    # --quality is the batch's default for every JPEG or WebP row; a PNG row ignores it.
    result = batch(runner, "week.csv", "--out", "png", "--quality", "85")
    assert result.exit_code == 0, result.output
    assert {Path(n).suffix for n in cards(tmp_path / "png")} == {".png"}


def test_another_quality_is_another_card(runner, week, tmp_path):
    assert batch(runner, "week.csv", "--out", "out", "--format", "webp").exit_code == 0
    again = batch(runner, "week.csv", "--out", "out", "--format", "webp", "--resume",
                  "--quality", "70")
    assert summary(again).startswith("3 made, 0 already there")
    assert len(cards(tmp_path / "out")) == 6


@pytest.mark.parametrize("value,message", [
    ("good", "Error: rows.csv:2: quality: expected a whole number from 1 to 100, got 'good'"),
    ("0", "Error: rows.csv:2: the quality column: 0 is not from 1 to 100"),
])
def test_a_rows_quality_is_checked(runner, week, tmp_path, value, message):
    (tmp_path / "rows.csv").write_text(
        f"article,quote,format,quality\nferry.md,1,jpeg,{value}\n", encoding="utf-8")
    result = batch(runner, "rows.csv", "--out", "out", "--quiet")
    assert result.exit_code == 1
    assert errors(result) == [message]


def test_a_rows_format_is_checked(runner, week, tmp_path):
    (tmp_path / "rows.csv").write_text("article,quote,format\nferry.md,1,gif\n",
                                       encoding="utf-8")
    result = batch(runner, "rows.csv", "--out", "out", "--quiet")
    assert errors(result) == [
        "Error: rows.csv:2: the format column: no image format 'gif'; choose png, jpeg or webp"]


def test_jobs_format_names_the_job_files_format(runner, week, tmp_path):
    (tmp_path / "plan.txt").write_text('{"article": "ferry.md", "quote": 1}\n',
                                       encoding="utf-8")
    result = batch(runner, "plan.txt", "--out", "out", "--jobs-format", "jsonl")
    assert result.exit_code == 0, result.output
    assert len(cards(tmp_path / "out")) == 1


def test_format_with_a_job_files_format_still_works_and_says_it_is_deprecated(
        runner, week, tmp_path):
    (tmp_path / "plan.txt").write_text("- article: ferry.md\n  quote: 1\n", encoding="utf-8")
    result = batch(runner, "plan.txt", "--out", "out", "--format", "yaml", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Warning: --format yaml is deprecated for the job file's format; use --jobs-format"
        " yaml (--format is now the cards': png, jpeg or webp)\n")
    assert [Path(n).suffix for n in cards(tmp_path / "out")] == [".png"]
    result = batch(runner, "plan.txt", "--out", "out", "--format", "yaml",
                   "--jobs-format", "csv")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --format yaml and --jobs-format csv disagree; give --jobs-format alone\n")


def test_the_job_file_can_come_from_stdin(runner, week, tmp_path):
    result = batch(runner, "-", "--out", "out", "--quiet",
                   input=b"article,quote\nferry.md,1\nferry.md,9\n")
    assert result.exit_code == 1
    ferry = tmp_path / "ferry.md"  # a row's path is relative to the current folder
    assert errors(result) == [
        f"Error: <stdin>:3: quote number 9 is out of range: {ferry} has 2 quotations (see"
        f" cards quotes {ferry})"]
    assert len(cards(tmp_path / "out")) == 1
    jsonl = b'{"article": "ferry.md", "quote": 2}\n'
    result = batch(runner, "-", "--out", "out", "--jobs-format", "jsonl", "--quiet",
                   input=jsonl)
    assert result.exit_code == 0, result.output
    assert len(cards(tmp_path / "out")) == 2


def test_a_batch_cannot_write_to_stdout(runner, week):
    result = batch(runner, "week.csv", "--out", "-")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --out -: a batch writes many cards and a manifest; give a folder\n")


def test_a_manifest_csv_asked_for_once_is_kept_in_step(runner, week, tmp_path):
    assert batch(runner, "week.csv", "--out", "out", "--manifest-csv").exit_code == 0
    (tmp_path / "more.csv").write_text("article,quote,sizes\nferry.md,1,story\n",
                                       encoding="utf-8")
    assert batch(runner, "more.csv", "--out", "out").exit_code == 0
    with open(tmp_path / "out" / "manifest.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    listed = json.loads((tmp_path / "out" / "manifest.json").read_bytes())["cards"]
    assert [row["file"] for row in rows] == [entry["file"] for entry in listed]
    assert len(rows) == 4
    assert any(row["row"] == "more.csv:2" for row in rows)


def test_a_card_in_the_manifest_is_what_the_file_holds(runner, week, tmp_path):
    assert batch(runner, "week.csv", "--out", "out", "--format", "jpeg").exit_code == 0
    for entry in json.loads((tmp_path / "out" / "manifest.json").read_bytes())["cards"]:
        path = tmp_path / "out" / entry["file"]
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        with Image.open(path) as image:
            assert image.format == "JPEG"
            assert image.size == (entry["width"], entry["height"])
