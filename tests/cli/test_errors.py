"""The one error boundary: every failure is one line and a non-zero exit, a traceback only
with --debug (taken anywhere on the line), and each front end names the field to change
in its own words (a flag on the command line, a column in a batch row)."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from cards.cli.main import main
from cards.errors import CardsError, ContrastError, OptionError, named
from tests.conftest import EXAMPLE, STORY

# A name with no role to leave off, too long for the line even at the smallest size.
LONG_SPEAKER = "Dr. Maximiliane Wilhelmina Theodora Aurelia von Hohenzollern-Sigmaringen-Altenburg-Wittelsbach"


def truncated_jpeg(path: Path) -> Path:
    path.write_bytes((EXAMPLE.parent / "speaker.jpg").read_bytes()[:3000])
    return path


def test_a_damaged_picture_is_one_line_naming_it(runner, tmp_path):
    picture = truncated_jpeg(tmp_path / "cut.jpg")
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "-t", "photo",
                                  "--image", str(picture), "-o", "card.png"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: --image: {picture} cannot be read: image file is truncated\n"
    assert "Traceback" not in result.stderr
    assert not Path("card.png").exists()


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_anywhere_shows_the_traceback(tmp_path, where):
    """--debug belongs to the group, and is taken before or after the command's name."""
    deep = tmp_path / "deep.json"
    deep.write_text('{"title": "x", "body": ' + "[" * 100_000 + "]" * 100_000 + "}")
    args = ["render", str(deep), "-q", "1", "--url", "https://example.org/a",
            "-o", str(tmp_path / "card.png")]
    args = ["--debug", *args] if where == "before" else [*args, "--debug"]
    done = subprocess.run([sys.executable, "-m", "cards", *args], capture_output=True,
                          text=True)
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr
    assert "RecursionError" in done.stderr  # the parser's own error, chained under ours
    assert f"InputError: the article {deep}: nested too deeply to read" in done.stderr


def test_an_article_nested_beyond_reason_is_one_line(runner, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"title": "x", "body": ' + "[" * 100_000 + "]" * 100_000 + "}")
    result = runner.invoke(main, ["render", str(deep), "-q", "1", "--url",
                                  "https://example.org/a", "-o", "card.png"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: the article {deep}: nested too deeply to read\n"


def test_a_fault_of_cards_itself_is_one_line_asking_for_a_report(runner, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("cards.cli.render.make_cards", broken)
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: internal error: ValueError: a bug (run again with --debug"
                             " for the traceback, and please report it)\n")


def test_the_command_line_names_the_flag(runner, story):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--speaker", LONG_SPEAKER])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the attribution '{LONG_SPEAKER}' is too long for classic/landscape even at 22 px (about 68"
        " characters fit); shorten it with --speaker\n")


def test_a_batch_row_names_its_column(runner, tmp_path):
    (tmp_path / "ferry.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "rows.csv").write_text(
        "article,quote,speaker\n"
        f'ferry.md,1,"{LONG_SPEAKER}"\n'
        "ferry.md,Words nobody said at the harbour,\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", "rows.csv", "--jobs", "1", "--quiet"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"Error: rows.csv:2: the attribution '{LONG_SPEAKER}' is too long for classic/landscape even at 22 px"
        " (about 68 characters fit); shorten it with the speaker column")
    assert lines[1].startswith("Error: rows.csv:3: quote not found in ")
    assert lines[1].endswith("(use the unverified column to render it anyway)")


def test_the_library_names_the_field_itself():
    error = OptionError(f"{named('out')} - writes one card to stdout", field="out")
    assert str(error) == '"out" - writes one card to stdout'
    assert error.worded(lambda name: f"--{name}") == "--out - writes one card to stdout"
    assert error.field == "out"


def test_errors_cross_process_boundaries_whole():
    """Workers send errors back pickled: the field and a subclass's own values survive."""
    plain = pickle.loads(pickle.dumps(CardsError(f"bad {named('speaker')}", field="speaker")))
    assert (plain.field, str(plain)) == ("speaker", 'bad "speaker"')
    contrast = pickle.loads(pickle.dumps(ContrastError(
        "low", "accent", ("background",), 1.4, 4.5, "quote", "landscape")))
    assert (contrast.role, contrast.ratio, contrast.preset, str(contrast)) == (
        "accent", 1.4, "landscape", "low")


def test_a_row_that_breaks_cards_fails_alone(runner, tmp_path, monkeypatch):
    """An unforeseen exception in one row is that row's error; the others are made."""
    (tmp_path / "ferry.md").write_text(STORY, encoding="utf-8")
    (tmp_path / "rows.csv").write_text(
        "article,quote,template\nferry.md,1,classic\nferry.md,1,night\n", encoding="utf-8")
    import cards.jobs.run

    real = cards.jobs.run.render_card

    def flaky(spec, verified=True):
        if spec.template.name == "night":
            raise RuntimeError("the night is dark")
        return real(spec, verified)

    monkeypatch.setattr(cards.jobs.run, "render_card", flaky)
    result = runner.invoke(main, ["batch", "rows.csv", "--jobs", "1", "--quiet"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: rows.csv:3: internal error: RuntimeError: the night is dark (please report it)")
    assert len(list(Path("cards-out").glob("*.png"))) == 1
