"""Standard error on a terminal: a preview's progress line (on a terminal only, as a
batch's bar), and whatever stops a run with a line drawn (Ctrl-C, an error) said on a
line of its own. The terminal is the runner's stream said to be one; colour sequences are
kept (color=True) so the line's own escape codes can be seen, and NO_COLOR keeps the
prefixes plain."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

import cards.jobs.run
import cards.preview.plan
from cards.cli import terminal
from cards.cli.main import main
from tests.conftest import STORY

BAR = r"\r\[[#-]{{28}}\] {done}/{total} cards · {failed} failed · [\d.]+/s · \d+:\d\d left\x1b\[K"


def bar(done: int | str, total: int, failed: int | str = 0) -> str:
    return BAR.format(done=done, total=total, failed=failed)


def bars(total: int) -> str:
    """Any number of redraws in between: the line is redrawn at most ten times a second,
    so how many show depends on the machine's speed."""
    anyone = bar(r"\d+", total, r"\d+")
    return f"(?:{anyone})*"


@pytest.fixture
def on_a_terminal(monkeypatch):
    monkeypatch.setattr(terminal, "on_terminal", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")


def interrupted_at(monkeypatch, module, name: str, call: int) -> None:
    """`module.name` stops with Ctrl-C at its `call`th call."""
    real = getattr(module, name)
    calls = []

    def stopping(*args, **kwargs):
        calls.append(1)
        if len(calls) == call:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, stopping)


def test_preview_draws_a_progress_line_on_a_terminal(runner, story, on_a_terminal):
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "classic", "-s",
                                  "square", "-s", "story", "--jobs", "1"], color=True)
    assert result.exit_code == 0, result.output
    # The first and the last are always drawn, and the line cleared at the end.
    assert re.fullmatch(bar(0, 2) + bars(2) + bar(2, 2) + r"\r\x1b\[K", result.stderr), \
        result.stderr
    assert result.stdout == "preview.png\n"


def test_preview_draws_no_progress_off_a_terminal(runner, story):
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "classic", "-s",
                                  "square", "--jobs", "1"], color=True)
    assert result.exit_code == 0 and result.stderr == ""


def test_ctrl_c_during_a_preview_is_said_on_a_line_of_its_own(runner, story, on_a_terminal,
                                                               monkeypatch):
    interrupted_at(monkeypatch, cards.preview.plan, "_draw", 2)
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "classic", "-s",
                                  "square", "-s", "story", "--jobs", "1"], color=True)
    assert result.exit_code == 130
    assert re.fullmatch(bar(0, 2) + bars(2) + "\nAborted.\n", result.stderr), result.stderr
    assert not Path("preview.png").exists()


def test_ctrl_c_before_any_bar_still_leaves_the_echoed_c_its_line(runner, story,
                                                                   on_a_terminal, monkeypatch):
    interrupted_at(monkeypatch, cards.preview.plan, "plan", 1)
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "--jobs", "1"], color=True)
    assert result.exit_code == 130
    assert result.stderr == "\nAborted.\n"


def test_ctrl_c_off_a_terminal_is_one_plain_line(runner, story, monkeypatch):
    interrupted_at(monkeypatch, cards.preview.plan, "_draw", 1)
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "night", "-s",
                                  "square", "--jobs", "1"])
    assert result.exit_code == 130
    assert result.stderr == "Aborted.\n"


def test_ctrl_c_during_a_batch_is_said_on_a_line_of_its_own(runner, tmp_path, on_a_terminal,
                                                             monkeypatch):
    (tmp_path / "ferry.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "week.csv").write_text("article,quote,sizes\nferry.md,1,square\n"
                                       "ferry.md,2,square\nferry.md,1,story\n", encoding="utf-8")
    interrupted_at(monkeypatch, cards.jobs.run, "render_card", 2)
    result = runner.invoke(main, ["batch", "week.csv", "--jobs", "1"], color=True)
    assert result.exit_code == 130
    assert re.fullmatch(
        bar(1, 3) + "\nError: interrupted: 1 cards made, 0 already there; every file written"
        " is whole and in the manifest; run the same command with --resume to finish\n",
        result.stderr), result.stderr


def test_a_row_that_fails_clears_the_bar_and_the_bar_comes_back(runner, tmp_path,
                                                                  on_a_terminal):
    (tmp_path / "ferry.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "week.csv").write_text("article,quote\nferry.md,1\nferry.md,9\nferry.md,2\n",
                                       encoding="utf-8")
    result = runner.invoke(main, ["batch", "week.csv", "--jobs", "1"], color=True)
    assert result.exit_code == 1
    lines = result.stderr.split("\n")
    assert re.fullmatch(bar(1, 3) + r"\r\x1b\[KError: week.csv:3: quote number 9 is out of"
                        r" range: .*", lines[0]), lines[0]
    assert re.fullmatch(bars(3) + bar(3, 3, 1) + r"\r\x1b\[K2 made, 0 already there,"
                        r" 1 row failed; manifest: cards-out/manifest.json", lines[1]), lines[1]


def test_preview_open_shows_the_sheet_or_the_gallery(runner, story, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(click, "launch", lambda url, **kw: opened.append(url) or 0)
    args = ["preview", str(story), "-q", "1", "-t", "classic", "-s", "square", "--jobs", "1",
            "--open"]
    assert runner.invoke(main, args).exit_code == 0
    assert runner.invoke(main, [*args, "--html", "gallery"]).exit_code == 0
    assert opened == ["preview.png", str(Path("gallery") / "index.html")]
