"""The batch manifest as a journal: one line a card, folded into manifest.json at the end,
on a full disk, and by the next batch after a kill, always listing exactly the files on
disk."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from msgspec.structs import asdict

from cards.cli.main import main
from cards.errors import OutputError
from cards.jobs.manifest import JOURNAL, Entry, Manifest

FULL = os.strerror(errno.ENOSPC)


def listed(out: Path) -> set[str]:
    return {e["file"] for e in json.loads((out / "manifest.json").read_bytes())["cards"]}


def on_disk(out: Path) -> set[str]:
    return {p.name for p in out.glob("*.png")}


def hidden(out: Path) -> list[str]:
    """Temporary files, the journal, the lock: none may be left."""
    return [p.name for p in out.iterdir() if p.name.startswith(".")]


def entry(row: str, file: str) -> Entry:
    return Entry(row, file, "square", "classic", "Q", None, None, "alt", 1080, 1080, 3,
                 "0" * 64)


def test_a_full_disk_while_writing_a_card_is_one_line_and_leaves_a_true_manifest(
        runner, week, tmp_path, monkeypatch):
    real = os.fdopen
    pngs: list[int] = []

    class FullDisk:
        """A file on a disk that fills after its first 100 bytes."""

        def __init__(self, file):
            self.file = file

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def write(self, data):
            self.file.write(data[:100])
            raise OSError(errno.ENOSPC, FULL)

    def fdopen(fd, *args, **kwargs):
        file = real(fd, *args, **kwargs)
        if ".png." in os.readlink(f"/proc/self/fd/{fd}"):
            pngs.append(fd)
            if len(pngs) == 2:
                return FullDisk(file)
        return file

    monkeypatch.setattr(os, "fdopen", fdopen)
    result = runner.invoke(main, ["batch", "week.csv", "--out", "out", "--jobs", "1",
                                  "--manifest-csv"])
    assert result.exit_code == 1
    error = result.stderr.splitlines()[-1]
    assert error.startswith("Error: cannot write out/") and error.endswith(
        f".png: {FULL}; choose another --out")
    out = tmp_path / "out"
    assert len(on_disk(out)) == 1
    assert listed(out) == on_disk(out)
    assert len((out / "manifest.csv").read_text(encoding="utf-8").splitlines()) == 2
    assert hidden(out) == []


def test_a_full_disk_while_writing_the_journal_makes_no_card_it_cannot_list(
        runner, week, tmp_path, monkeypatch):
    real = os.write
    lines: list[bytes] = []

    def write(fd, data):
        if bytes(data).startswith(b'{"row": '):
            lines.append(data)
            if len(lines) == 2:
                return real(fd, data[:20])  # the disk fills part way through the line
        return real(fd, data)

    monkeypatch.setattr(os, "write", write)
    result = runner.invoke(main, ["batch", "week.csv", "--out", "out", "--jobs", "1"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"Error: cannot write out/{JOURNAL}: {FULL}; choose another --out")
    out = tmp_path / "out"
    assert len(on_disk(out)) == 1  # the second card was not written without its entry
    assert listed(out) == on_disk(out)
    assert hidden(out) == []


def test_a_journal_line_cut_by_a_full_disk_is_taken_back(tmp_path, monkeypatch):
    manifest = Manifest(tmp_path, with_csv=False)
    manifest.add(entry("week.csv:2", "a.png"))
    monkeypatch.setattr(os, "write", lambda fd, data: 7)
    with pytest.raises(OutputError) as error:
        manifest.add(entry("week.csv:3", "b.png"))
    assert str(error.value) == (f'cannot write {tmp_path / JOURNAL}: {FULL}; choose another'
                                ' "out"')
    assert (tmp_path / JOURNAL).read_bytes().count(b"\n") == 1
    assert (tmp_path / JOURNAL).read_bytes().endswith(
        b'"sha256": "' + b"0" * 64 + b'", "verified": true, "extra": {}}\n')


def test_the_next_batch_folds_what_a_killed_one_left(tmp_path):
    """manifest.json of an earlier batch, then a journal cut off by a kill: its entries
    win for their files, a file gone from disk is dropped, and so is the torn last line
    (its card was never written)."""
    for name in ("old.png", "kept.png", "new.png"):
        (tmp_path / name).write_bytes(b"png")
    rows = [entry("a.csv:2", "old.png"), entry("a.csv:3", "gone.png"),
            entry("a.csv:4", "kept.png")]
    (tmp_path / "manifest.json").write_text(json.dumps(
        {"cards": [asdict(e) for e in rows]}), encoding="utf-8")
    (tmp_path / JOURNAL).write_bytes(
        json.dumps({**asdict(entry("b.csv:2", "kept.png")), "quote": "again"}).encode()
        + b"\n" + json.dumps(asdict(entry("b.csv:3", "new.png"))).encode() + b"\n"
        + json.dumps(asdict(entry("b.csv:4", "never.png"))).encode() + b"\n"
        + b'{"row": "b.csv:5", "file": "cut')
    Manifest(tmp_path, with_csv=False).close()
    cards = json.loads((tmp_path / "manifest.json").read_bytes())["cards"]
    assert [(c["row"], c["file"], c["quote"]) for c in cards] == [
        ("a.csv:2", "old.png", "Q"), ("b.csv:2", "kept.png", "again"),
        ("b.csv:3", "new.png", "Q")]
    assert not (tmp_path / JOURNAL).exists()


def test_a_second_batch_into_a_folder_keeps_the_first_ones_cards_listed(runner, week,
                                                                        tmp_path):
    assert runner.invoke(main, ["batch", "week.csv", "--out", "out", "--quiet"]).exit_code == 0
    (tmp_path / "more.csv").write_text("article,quote,sizes\nferry.md,1,story\n",
                                       encoding="utf-8")
    assert runner.invoke(main, ["batch", "more.csv", "--out", "out", "--quiet"]).exit_code == 0
    out = tmp_path / "out"
    assert len(on_disk(out)) == 4
    assert listed(out) == on_disk(out)
    assert hidden(out) == []


def test_a_manifest_that_cannot_be_read_stops_the_batch_before_any_card(runner, week,
                                                                        tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "manifest.json").write_text('{"cards": [', encoding="utf-8")
    result = runner.invoke(main, ["batch", "week.csv", "--out", "out"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: out/manifest.json: not a manifest (JSONDecodeError: Expecting value: line 1"
        " column 12 (char 11)); move it away, or choose another --out\n")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["manifest.json"]


def test_when_the_disk_is_too_full_for_the_manifest_too_the_next_batch_folds_the_journal(
        runner, week, tmp_path, monkeypatch):
    real = os.fdopen
    written: list[str] = []

    def fdopen(fd, *args, **kwargs):
        name = os.readlink(f"/proc/self/fd/{fd}")
        written.append(name)
        second_card = ".png." in name and sum(".png." in n for n in written) >= 2
        closing_manifest = ".manifest.json." in name and len(written) > 2  # not the first
        if second_card or closing_manifest:
            os.close(fd)
            raise OSError(errno.ENOSPC, FULL)
        return real(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    result = runner.invoke(main, ["batch", "week.csv", "--out", "out", "--jobs", "1"])
    assert result.exit_code == 1
    error = result.stderr.splitlines()[-1]  # the card's, which stopped the batch
    assert error.startswith("Error: cannot write out/")
    assert error.endswith(f".png: {FULL}; choose another --out")
    out = tmp_path / "out"
    assert (out / JOURNAL).is_file() and listed(out) == set()  # as the batch began
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.setattr(os, "fdopen", real)  # space again
    (tmp_path / "none.csv").write_text("article,quote\n", encoding="utf-8")
    assert runner.invoke(main, ["batch", "none.csv", "--out", "out"]).exit_code == 0
    assert len(on_disk(out)) == 1 and listed(out) == on_disk(out)
    assert hidden(out) == []
