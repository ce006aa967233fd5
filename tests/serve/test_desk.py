"""The desk's own decisions, without HTTP: the names files keep, the here-document a
pasted story is fed by, and stories pasted as the world pastes them (another script, a
line that looks like the end marker, Windows line ends, hundreds of quotations)."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from cards.serve.desk import Desk, safe_name
from tests.conftest import STORY
from tests.serve.conftest import heredoc, templates

STORY_SUFFIXES = (".md", ".txt")


@pytest.mark.parametrize(("given", "kept"), [
    ("story.md", "story.md"),
    ("../../etc/passwd.md", "passwd.md"),
    ("C:\\Users\\ana\\Desktop\\nota.txt", "nota.txt"),
    ("my story (final).md", "my story (final).md"),
    ("$(touch PWNED).md", "$(touch PWNED).md"),
    ("bad\nname.md", ""),
    ("…md", ""),
    (".md", ""),
    ("story.md.exe", ""),
    ("", ""),
])
def test_a_file_keeps_only_a_safe_last_name(given, kept):
    assert safe_name(given, STORY_SUFFIXES, "") == kept


def test_the_end_marker_is_one_the_story_does_not_hold():
    text = "STORY\nSTORY_END\nthe rest\n"
    command = heredoc("cards render -", text)
    assert command == "cards render - <<'STORY_END_END'\n" + text + "STORY_END_END"


def _run_in_bash(command: str, folder: Path) -> Path:
    """The copied command, run by bash as an editor would paste it."""
    venv_bin = str(Path(sys.executable).parent)
    env = dict(os.environ, PATH=venv_bin + os.pathsep + os.environ.get("PATH", ""))
    result = subprocess.run(["bash", "-c", command], cwd=folder, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    out = shlex.split(command.split("\n", 1)[0])
    return folder / out[out.index("-o") + 1]


@pytest.mark.parametrize("text", [
    # Greek, with a line that is the default end marker, pasted with Windows line ends.
    "Η γέφυρα ξανανοίγει\r\n\r\nSTORY\r\n\r\n«Περιμέναμε δύο χρόνια για αυτή τη μέρα και"
    " άξιζε την αναμονή», είπε η δήμαρχος Ελένη Παππά.\r\n",
    # Persian, with $ and backquotes a shell would expand outside a quoted here-document.
    "کتابخانه دوباره باز شد\n\n«ما دو سال منتظر این روز بودیم و `ارزشش` را داشت $HOME»،"
    " مریم احمدی گفت.\n",
])
def test_a_pasted_story_in_any_script_makes_the_same_bytes_by_its_command(
        text, tmp_path, desk_folder):
    desk = Desk(desk_folder, (), templates())
    story = desk.read_text(text)
    made, shown = desk.options({"quote": "1", "url": "https://example.org/x", "speaker": None})
    spec, verified = desk.plan(story, made, "classic", "square")
    from cards.pipeline import render_card

    card = render_card(spec, verified)
    command, marker = desk.command(story, shown, "classic", "square", card.filename)
    assert marker is not None and story.text is not None
    full = heredoc(command, story.text, marker)
    assert _run_in_bash(full, tmp_path).read_bytes() == card.encoded()


def test_a_transcript_of_300_quotations_is_listed_whole(desk_folder):
    lines = [f"“Answer number {i} is that the ferry must keep running through winter,”"
             f" said Witness {i}." for i in range(300)]
    desk = Desk(desk_folder, (), templates())
    summary = desk.summary(desk.read_text("Hearing transcript\n\n" + "\n\n".join(lines)))
    assert len(summary["quotes"]) == 300
    assert sorted(q["number"] for q in summary["quotes"]) == list(range(1, 301))


def test_long_stories_are_let_go_before_they_take_the_memory(desk_folder, monkeypatch):
    """A desk holds stories up to a budget: pasting a long story again and again lets the
    oldest go (the page then says to read it again), and the newest is always kept."""
    from cards.serve import desk as desk_module

    monkeypatch.setattr(desk_module, "STORIES_BUDGET", 3 * 120_000)
    desk = Desk(desk_folder, (), templates())
    story = "A long story\n\n" + "The ferry came back to the island. " * 1500
    read = [desk.read_text(story).id for _ in range(5)]
    kept = list(desk.stories.items)
    assert kept == read[-len(kept):] and 1 <= len(kept) < 5
    assert desk.stories.weight <= desk_module.STORIES_BUDGET


def test_a_design_is_loaded_once_for_a_grid_and_again_when_its_file_changes(
        desk_folder, tmp_path, monkeypatch):
    import os
    import shutil

    from cards.files import bundled_dir
    from cards.serve import desk as desk_module

    shutil.copytree(bundled_dir("templates") / "classic", tmp_path / "templates" / "mine")
    loads = []
    real = desk_module.load_template
    monkeypatch.setattr(desk_module, "load_template",
                        lambda ref, brand=None: loads.append(ref) or real(ref, brand))
    desk = Desk(desk_folder, (), ("mine",))
    story = desk.read_text(STORY)
    made, _ = desk.options({"quote": "1"})
    for preset in ("landscape", "square", "story"):
        desk.plan(story, made, "mine", preset)
    assert loads == ["mine"]
    toml = tmp_path / "templates" / "mine" / "template.toml"
    later = toml.stat().st_mtime_ns + 10**9
    os.utime(toml, ns=(later, later))
    desk.plan(story, made, "mine", "landscape")
    assert loads == ["mine", "mine"]
