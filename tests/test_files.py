"""The one atomic writer: whole files or none, never through a link, with the mode any
new file gets; and TOML reading."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cards.errors import OutputError, TemplateError
from cards.files import read_toml, write_atomic


def umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_write_atomic_leaves_nothing_when_the_write_fails(tmp_path, monkeypatch):
    target = tmp_path / "card.png"
    target.write_bytes(b"old card")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError) as info:
        write_atomic(target, b"new card")
    assert str(info.value) == (
        f'cannot write {target}: No space left on device; choose another "out"')
    assert (info.value.field, info.value.reason) == ("out", "No space left on device")
    assert target.read_bytes() == b"old card"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["card.png"]


def test_write_atomic_gives_the_mode_of_any_new_file(tmp_path):
    write_atomic(tmp_path / "c.png", b"x")
    assert (tmp_path / "c.png").stat().st_mode & 0o777 == 0o666 & ~umask()


def test_a_link_at_the_destination_is_replaced_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("keep me")
    (tmp_path / "card.png").symlink_to(secret)
    write_atomic(tmp_path / "card.png", b"card")
    assert secret.read_text() == "keep me"
    assert not (tmp_path / "card.png").is_symlink()
    assert (tmp_path / "card.png").read_bytes() == b"card"


def test_a_link_planted_at_the_temporary_name_is_never_written_through(tmp_path, monkeypatch):
    """Someone who guesses the next temporary name and plants a link there gains nothing:
    the name is created exclusively, so the writer takes another."""
    secret = tmp_path / "secret.txt"
    secret.write_text("keep me")
    (tmp_path / ".card.png.aaaa.tmp").symlink_to(secret)
    names = iter(["aaaa", "bbbb"])
    import secrets

    monkeypatch.setattr(secrets, "token_hex", lambda n: next(names))
    write_atomic(tmp_path / "card.png", b"card")
    assert secret.read_text() == "keep me"
    assert (tmp_path / "card.png").read_bytes() == b"card"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".card.png.aaaa.tmp", "card.png",
                                                          "secret.txt"]


def test_a_folder_in_the_way_is_refused(tmp_path):
    (tmp_path / "cards").mkdir()
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "cards", b"card")
    assert str(info.value) == f'cannot write {tmp_path / "cards"}: it is a folder; choose another "out"'


def test_read_toml_names_the_file(tmp_path):
    bad = tmp_path / "t.toml"
    bad.write_text("name = ", encoding="utf-8")
    with pytest.raises(TemplateError, match=rf"^{bad}: not valid TOML: "):
        read_toml(bad)
    with pytest.raises(TemplateError, match=rf"^cannot read {tmp_path / 'none.toml'}: "):
        read_toml(tmp_path / "none.toml")
    assert read_toml(Path(bad.write_text("a = 1") and bad))[0] == {"a": 1}


def test_ending_the_process_flushes_what_is_open_and_keeps_its_status():
    """`end_process` (the pool's way out after a worker was cut off) leaves with the
    status given, its output flushed, even where standard output was closed at start."""
    import subprocess
    import sys

    code = ("import sys; from cards.files import end_process; print('written', end='');"
            " sys.stdout = None if sys.argv[1] == 'closed' else sys.stdout; end_process(3)")
    for how in ("open", "closed"):
        done = subprocess.run([sys.executable, "-c", code, how], capture_output=True, text=True)
        assert (done.returncode, done.stderr) == (3, ""), how
        assert done.stdout == "written", how
