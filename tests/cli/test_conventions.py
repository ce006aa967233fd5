"""What every command keeps to: design and preset names in any case, a wrong name a usage
error (exit 2) that suggests the right one, an option that takes one value given once,
help for a bare group, colour on a terminal only, and shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner
from PIL import Image

from cards.cli.command import Command, Group
from cards.cli.main import main
from tests.conftest import STORY

TEMPLATES = "bold, classic, minimal, night, photo"


def one_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def write_template(folder: Path, name: str, body: str = "") -> None:
    (folder / name).mkdir(parents=True, exist_ok=True)
    (folder / name / "template.toml").write_text(
        f'name = "{name}"\nextends = "classic"\n{body}', encoding="utf-8")


# Names in any case.


def test_design_and_preset_names_in_any_case(runner, story, tmp_path):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "Classic", "-s",
                                  "Square", "-s", "STORY,Landscape", "--json", "-o", "out/"])
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)
    assert [(c["template"], c["preset"]) for c in cards] == [
        ("classic", "square"), ("classic", "story"), ("classic", "landscape")]
    # The same names as the lower-case ones: the same files.
    again = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "classic", "-s",
                                 "square", "--json", "-o", "out/"])
    assert json.loads(again.stdout)[0]["path"] == cards[0]["path"]


def test_names_in_any_case_in_preview_templates_and_batch_rows(runner, story, tmp_path):
    result = runner.invoke(main, ["preview", str(story), "-q", "1", "-t", "NIGHT", "-s",
                                  "Portrait", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    with Image.open("preview.png") as sheet:
        assert sheet.height == 24 + 34 + 300 + 24  # one row, one card
    shown = runner.invoke(main, ["templates", "show", "Minimal"])
    assert shown.exit_code == 0 and json.loads(shown.stdout)["name"] == "minimal"
    (tmp_path / "rows.csv").write_text(f"article,quote,template,sizes\n{story.name},1,Bold,"
                                       "Square Story\n", encoding="utf-8")
    made = runner.invoke(main, ["batch", "rows.csv", "--jobs", "1", "--quiet"])
    assert made.exit_code == 0, made.output
    manifest = json.loads((tmp_path / "cards-out" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted((c["template"], c["preset"]) for c in manifest["cards"]) == [
        ("bold", "square"), ("bold", "story")]


def test_a_design_named_in_another_case_is_found_on_the_search_path(runner, story, tmp_path,
                                                                    monkeypatch):
    shared = tmp_path / "shared"
    write_template(shared, "harbour-desk", '[colors]\naccent = "#0B5FA5"\n')
    monkeypatch.setenv("CARDS_TEMPLATES", str(shared))
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "Harbour-Desk",
                                  "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["template"] == "harbour-desk"


@pytest.mark.parametrize(("args", "message"), [
    (["render", "{story}", "-q", "1", "-t", "Clasic"],
     f'Error: --template: no template "Clasic" (did you mean "classic"?); templates: {TEMPLATES}'),
    (["render", "{story}", "-q", "1", "-s", "Sqare"],
     'Error: --size: no preset "Sqare" (did you mean "square"?); choose from landscape, wide,'
     " square, portrait, story or all"),
    (["render", "{story}", "-q", "1", "-s", "square,portrat"],
     'Error: --size: no preset "portrat" (did you mean "portrait"?); choose from landscape,'
     " wide, square, portrait, story or all"),
    (["preview", "{story}", "-q", "1", "-t", "nite"],
     f'Error: --template: no template "nite" (did you mean "night"?); templates: {TEMPLATES}'),
    (["preview", "{story}", "-q", "1", "-s", "tiny"],
     "Error: --size: no preset \"tiny\"; choose from landscape, wide, square, portrait, story"
     " or all"),
    (["batch", "rows.csv", "-t", "Bolt"],
     f'Error: --template: no template "Bolt" (did you mean "bold"?); templates: {TEMPLATES}'),
    (["templates", "show", "minimul"],
     f'Error: no template "minimul" (did you mean "minimal"?); templates: {TEMPLATES}'),
    (["templates", "show", "classic", "--size", "wid"],
     'Error: --size: no preset "wid" (did you mean "wide"?); choose from landscape, wide,'
     " square, portrait, story or all"),
    (["templates", "validate", "classic", "phot"],
     f'Error: no template "phot" (did you mean "photo"?); templates: {TEMPLATES}'),
    (["templates", "new", "desk", "--from", "clasic"],
     f'Error: --from: no template "clasic" (did you mean "classic"?); templates: {TEMPLATES}'),
])
def test_a_wrong_name_is_a_usage_error_that_suggests_the_right_one(runner, story, tmp_path,
                                                                   args, message):
    (tmp_path / "rows.csv").write_text(f"article,quote\n{story.name},1\n", encoding="utf-8")
    result = runner.invoke(main, [a.replace("{story}", str(story)) for a in args])
    assert result.exit_code == 2
    assert one_line(result) == message
    assert result.stdout == ""
    assert not list(tmp_path.rglob("*.png")) and not (tmp_path / "templates").exists()


# One value, given once.


@pytest.mark.parametrize(("args", "option"), [
    (["render", "{story}", "-q", "1", "-t", "classic", "-t", "night"], "--template"),
    (["render", "{story}", "-q", "1", "-q", "2"], "--quote"),
    (["render", "{story}", "--quote=1", "-q2"], "--quote"),
    (["render", "{story}", "-q", "1", "--url", "https://example.org/a", "--url",
      "https://example.org/b"], "--url"),
    (["render", "{story}", "-q", "1", "-o", "a.png", "--out", "b.png"], "--out"),
    (["preview", "{story}", "-q", "1", "--speaker", "A", "--speaker", "B"], "--speaker"),
    (["batch", "rows.csv", "--campaign", "spring", "--campaign", "autumn"], "--campaign"),
    (["quotes", "{story}", "--min-chars", "5", "--min-chars", "9"], "--min-chars"),
    (["templates", "show", "classic", "--size", "story", "-s", "wide"], "--size"),
    (["fonts", "check", "abc", "--lang", "de", "--lang", "fr"], "--lang"),
])
def test_an_option_that_takes_one_value_is_refused_twice(runner, story, tmp_path, args, option):
    (tmp_path / "rows.csv").write_text(f"article,quote\n{story.name},1\n", encoding="utf-8")
    result = runner.invoke(main, [a.replace("{story}", str(story)) for a in args],
                           prog_name="cards")
    assert result.exit_code == 2
    command = " ".join(a for a in args[:2] if a in ("render", "preview", "batch", "quotes",
                                                    "templates", "show", "fonts", "check"))
    assert one_line(result) == (f"Error: {option} is given more than once; it takes one value"
                                f" (see cards {command} --help)")
    assert not list(tmp_path.rglob("*.png"))


def test_repeatable_options_and_flags_may_be_repeated(runner, story):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-s", "square", "-s",
                                  "story", "--no-qr", "--no-qr", "--json"])
    assert result.exit_code == 0, result.output
    assert [c["preset"] for c in json.loads(result.stdout)] == ["square", "story"]


def test_help_is_shown_even_with_an_option_given_twice(runner, story):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-q", "2", "--help"])
    assert result.exit_code == 0 and result.stdout.startswith("Usage: ")


def test_max_article_mb_is_refused_twice(runner, story):
    result = runner.invoke(main, ["--max-article-mb", "2", "render", str(story), "-q", "1",
                                  "--max-article-mb", "3"])
    assert result.exit_code == 2
    assert one_line(result) == ("Error: --max-article-mb is given more than once; it takes one"
                                " value")


def test_every_command_keeps_the_conventions():
    def walk(command):
        yield command
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    for command in walk(main):
        assert isinstance(command, Group if hasattr(command, "commands") else Command), \
            command.name


# Help for a group called alone.


@pytest.mark.parametrize("args", [[], ["templates"]])
def test_a_bare_group_shows_its_help_and_succeeds(runner, args):
    result = runner.invoke(main, args, prog_name="cards")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout.startswith(f"Usage: cards {' '.join([*args, ''])}[OPTIONS] COMMAND")
    assert "Commands:" in result.stdout


def test_bare_cards_from_the_installed_command():
    done = subprocess.run([sys.executable, "-m", "cards"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.startswith("Usage: ") and "render" in done.stdout
    assert done.stderr == ""


def test_the_process_ends_with_its_output_whole_and_its_status(tmp_path):
    """The command line's process, as a user runs it: what it prints to a file (400
    quotations as JSON) and to a pipe arrives whole, and its status is the command's."""
    story = "---\ntitle: Many\nurl: https://example.org/many\n---\n\n" + "\n\n".join(
        f"\u201cThe ferry ran on day {i} as the harbour had promised,\u201d said Ana Lee."
        for i in range(400))
    (tmp_path / "many.md").write_text(story, encoding="utf-8")
    with open(tmp_path / "out.json", "w", encoding="utf-8") as out:
        done = subprocess.run([sys.executable, "-m", "cards", "quotes", "many.md", "--json"],
                              stdout=out, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    listed = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert len(listed) == 400
    done = subprocess.run([sys.executable, "-m", "cards", "quotes", "many.md"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.count("Ana Lee") == 400
    done = subprocess.run([sys.executable, "-m", "cards", "render", "many.md", "-q", "401"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: quote number 401 is out of range")


# Colour on a terminal only.


def test_error_and_warning_are_coloured_on_a_terminal(story, tmp_path):
    terminal = CliRunner()
    # color=True: click.echo writes as it does to a terminal.
    result = terminal.invoke(main, ["render", str(story), "-q", "9"], color=True)
    assert result.exit_code == 1
    assert result.stderr.startswith("\x1b[31m\x1b[1mError:\x1b[0m quote number 9 is out of range")
    warned = terminal.invoke(main, ["render", str(story), "-q", "Words nobody said at all",
                                    "--unverified"], color=True)
    assert warned.exit_code == 0, warned.output
    assert warned.stderr == ("\x1b[33m\x1b[1mWarning:\x1b[0m the quote was not found in the"
                             " article; the card's Warning metadata says so.\n")


@pytest.mark.parametrize("value", ["1", "", "false"])
def test_no_color_turns_colour_off_whatever_its_value(story, monkeypatch, value):
    monkeypatch.setenv("NO_COLOR", value)
    result = CliRunner().invoke(main, ["render", str(story), "-q", "9"], color=True)
    assert result.stderr.startswith("Error: quote number 9 is out of range")


def test_no_colour_where_stderr_is_not_a_terminal(runner, tmp_path):
    (tmp_path / "ferry.md").write_text(STORY, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    done = subprocess.run([sys.executable, "-m", "cards", "render", "ferry.md", "-q", "9"],
                          capture_output=True, text=True, cwd=tmp_path, env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: quote number 9 is out of range")
    usage = runner.invoke(main, ["render", "ferry.md", "-q", "1", "-t", "nite"])
    assert "\x1b[" not in usage.stderr


# Shell completion, through Click's completion API.


def complete(args: list[str], incomplete: str) -> list[str]:
    shell = ShellComplete(main, {}, "cards", "_CARDS_COMPLETE")
    return [item.value for item in shell.get_completions(args, incomplete)]


def test_design_names_complete_from_the_whole_search_path(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    write_template(shared, "night-desk")
    write_template(tmp_path / "templates", "newsroom")
    monkeypatch.setenv("CARDS_TEMPLATES", str(shared))
    assert complete(["render", "story.md", "-t"], "") == [
        "bold", "classic", "minimal", "newsroom", "night", "night-desk", "photo"]
    assert complete(["render", "story.md", "--template"], "n") == ["newsroom", "night",
                                                                    "night-desk"]
    assert complete(["preview", "story.md", "-t"], "Ni") == ["night", "night-desk"]
    assert complete(["batch", "week.csv", "-t"], "ph") == ["photo"]
    assert complete(["templates", "show"], "mi") == ["minimal"]
    assert complete(["templates", "validate", "classic"], "b") == ["bold"]
    assert complete(["templates", "new", "desk", "--from"], "cl") == ["classic"]


def test_presets_complete_one_by_one_and_in_lists():
    assert complete(["render", "story.md", "-s"], "") == [
        "landscape", "wide", "square", "portrait", "story", "all"]
    assert complete(["preview", "story.md", "--size"], "s") == ["square", "story"]
    assert complete(["render", "story.md", "-s"], "square,p") == ["square,portrait"]
    assert complete(["templates", "show", "classic", "--size"], "w") == ["wide"]


def test_brand_kits_complete_as_toml_files_and_folders(tmp_path):
    (tmp_path / "kits").mkdir()
    (tmp_path / "kits" / "ledger.toml").write_text("", encoding="utf-8")
    (tmp_path / "kits" / "notes.txt").write_text("", encoding="utf-8")
    (tmp_path / "brand.toml").write_text("", encoding="utf-8")
    write_template(tmp_path / "templates", "desk")
    assert complete(["render", "story.md", "--brand"], "") == ["brand.toml", "kits/",
                                                              "templates/"]
    assert complete(["batch", "week.csv", "--brand"], "kits/") == ["kits/ledger.toml"]
    assert complete(["templates", "validate", "--brand"], "templates/desk/") == []
    assert complete(["templates", "show", "classic", "--brand"], "b") == ["brand.toml"]


def test_completion_through_the_environment_variable(tmp_path):
    """What the README's set-up lines make the shell run."""
    env = {**os.environ, "_CARDS_COMPLETE": "bash_complete", "COMP_WORDS": "cards render a -t ni",
           "COMP_CWORD": "4"}
    done = subprocess.run([sys.executable, "-m", "cards"], capture_output=True, text=True,
                          env=env, cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout == "plain,night\n"
    for shell in ("bash", "zsh", "fish"):
        env = {**os.environ, "_CARDS_COMPLETE": f"{shell}_source"}
        script = subprocess.run([sys.executable, "-m", "cards"], capture_output=True,
                                text=True, env=env, cwd=tmp_path)
        assert script.returncode == 0 and "_CARDS_COMPLETE" in script.stdout, shell


_AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0))
from cards.cli.main import main
main(["quotes", sys.argv[1]], prog_name="cards")
"""


def test_the_collector_does_not_walk_the_run_as_the_process_ends():
    """A command's process freezes what it made as it ends (11 ms of a cold `cards
    render`), before the collector's last walk and after it has said everything; other
    exit handlers still run."""
    import subprocess
    import sys

    from tests.conftest import EXAMPLE

    done = subprocess.run([sys.executable, "-c", _AT_EXIT, str(EXAMPLE)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "A library is the one place in town" in done.stdout
    assert done.stdout.rstrip().endswith("frozen at exit: True")
