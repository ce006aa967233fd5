"""The README stays true: its command help is the CLI's, and CI runs its test command."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from cards.cli.main import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("readme", ["README.md", "templates/README.md"])
def test_generated_parts_of_the_readmes_are_current(readme):
    """Command help and examples in README.md, the designs' sizes in templates/README.md."""
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", str(ROOT / readme)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, f"run `cog -r {readme}`:\n" + result.stdout + result.stderr


def test_every_command_has_help_and_a_readme_section():
    for name, command in main.commands.items():
        assert command.help, name
        assert f"### `cards {name}`" in README, name


def test_quick_start_is_two_commands_and_ci_runs_the_test_one():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick)
    assert len(commands) == 2
    assert "cards render examples/" in commands[0]
    assert commands[1] in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_picture_is_what_its_command_makes(tmp_path, monkeypatch):
    """The README shows real output: its documented command makes that picture again."""
    from click.testing import CliRunner
    from PIL import Image

    from tests.images import close_enough

    command = re.search(r"\n    cards (render examples/\S+ --quote \d+) --out docs/example-landscape.png",
                        README)
    assert command, "the README documents how its picture is made"
    out = tmp_path / "picture.png"
    monkeypatch.chdir(ROOT)  # where the README's command is run, from a clone
    result = CliRunner().invoke(main, [*command.group(1).split(), "--out", str(out)])
    assert result.exit_code == 0, result.output
    picture = Image.open(ROOT / "docs" / "example-landscape.png")
    assert close_enough(Image.open(out), picture)
    # The file is the command's own, text and all (the quote, its source, what made it).
    assert picture.text == Image.open(out).text


def test_the_info_example_is_real_output(runner):
    block = README.split("$ cards info examples/city-library.md\n", 1)[1].split("```", 1)[0]
    result = runner.invoke(main, ["info", str(ROOT / "examples" / "city-library.md")])
    assert result.exit_code == 0
    assert result.stdout == block
