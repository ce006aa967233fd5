"""Defaults set once: cards.toml (the nearest, then the user's) and CARDS_* variables, with
the command line winning; `cards config` says where each value comes from."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from PIL import Image

from cards.cli import config
from cards.cli.main import main
from tests.conftest import EXAMPLE


def made(folder: Path) -> list[tuple[str, tuple[int, int]]]:
    """The cards in `folder`: (the template named in the file name, the PNG's size)."""
    return sorted((p.name, Image.open(p).size) for p in folder.glob("*.png"))


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    """A desk's folder with a story in a sub-folder, where the editor works."""
    (tmp_path / "stories").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "stories" / "story.md")
    return tmp_path


def run(runner, *args: str, env: dict[str, str] | None = None):
    return runner.invoke(main, list(args), env=env)


def test_the_nearest_file_sets_the_defaults_of_a_folder_below_it(runner, desk, monkeypatch):
    (desk / "cards.toml").write_text(
        'template = "night"\nsize = ["landscape", "square"]\n\n[render]\nout = "made/"\n',
        encoding="utf-8")
    monkeypatch.chdir(desk / "stories")
    result = run(runner, "render", "story.md", "-q", "1")
    assert result.exit_code == 0, result.output
    # out is relative to the file that sets it, not to where the command runs.
    cards = made(desk / "made")
    assert sorted(size for _, size in cards) == [(1080, 1080), (1200, 630)]
    assert all("-night-" in name for name, _ in cards)


def test_the_command_line_wins_then_the_environment_then_the_file(runner, desk, monkeypatch):
    (desk / "cards.toml").write_text('template = "night"\n[render]\nout = "made/"\n',
                                     encoding="utf-8")
    monkeypatch.chdir(desk / "stories")
    assert run(runner, "render", "story.md", "-q", "1",
               env={"CARDS_TEMPLATE": "bold"}).exit_code == 0
    assert run(runner, "render", "story.md", "-q", "1", "-t", "minimal", "-s", "wide",
               env={"CARDS_TEMPLATE": "bold"}).exit_code == 0
    names = [name for name, _ in made(desk / "made")]
    assert sum("-bold-" in n for n in names) == 1
    assert sum("-minimal-" in n for n in names) == 1
    assert not any("-night-" in n for n in names)


def test_the_project_file_wins_over_the_users(runner, desk, monkeypatch):
    user = desk / "home-config" / "cards"
    user.mkdir(parents=True)
    (user / "cards.toml").write_text('template = "bold"\nsize = "square"\n', encoding="utf-8")
    (desk / "cards.toml").write_text('template = "night"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(desk / "home-config"))
    monkeypatch.chdir(desk / "stories")
    result = run(runner, "config")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()[1:]}
    assert rows["template"] == ["night", str(desk / "cards.toml")]
    assert rows["size"] == ["square", str(user / "cards.toml")]
    assert result.output.splitlines()[0] == (
        f"files read: {user / 'cards.toml'}, {desk / 'cards.toml'}")


def test_config_shows_each_value_and_its_source(runner, desk, monkeypatch):
    (desk / "cards.toml").write_text(
        'default_site = "The Riverside Courier"\n[batch]\nout = "week/"\njobs = 2\n',
        encoding="utf-8")
    monkeypatch.chdir(desk)
    result = run(runner, "config", "--json", env={"CARDS_NO_QR": "yes"})
    assert result.exit_code == 0, result.output
    values = {v["key"]: (v["value"], v["source"]) for v in json.loads(result.output)["values"]}
    here = str(desk / "cards.toml")
    assert values["default_site"] == ("The Riverside Courier", here)
    assert values["no_qr"] == ("true", "CARDS_NO_QR")
    assert values["batch.out"] == (str(desk / "week") + "/", f"{here} [batch]")
    assert values["render.out"] == (".", "default")
    assert values["preview.out"] == ("preview.png", "default")
    assert values["batch.jobs"] == ("2", f"{here} [batch]")
    assert values["preview.jobs"] == ("(not set)", "default")
    assert values["render.template"] == ("classic", "default")


def test_a_top_level_out_is_for_render_and_batch_not_the_preview_sheet(runner, desk,
                                                                       monkeypatch):
    (desk / "cards.toml").write_text('out = "cards-out/"\n', encoding="utf-8")
    monkeypatch.chdir(desk)
    values = {v["key"]: v["value"] for v in json.loads(
        run(runner, "config", "--json").output)["values"]}
    assert values["render.out"] == values["batch.out"] == str(desk / "cards-out") + "/"
    assert values["preview.out"] == "preview.png"


@pytest.mark.parametrize("text,message", [
    ('tempalte = "night"\n', 'unknown key "tempalte" (did you mean "template"?)'),
    ('[render]\njobs = 2\n', 'unknown key "jobs"'),
    ('quote = "We will"\n', '"quote" belongs to one card, so it cannot have a default;'
     " give it on the command line"),
    ('unverified = true\n', '"unverified" belongs to one card'),
    ('speaker = "Staff"\n', '"speaker" belongs to one card'),
    ('site = "The Desk"\n', '"site" belongs to one card, so it cannot have a default; set'
     ' "default_site"'),
    ('no_qr = "maybe"\n', '"no_qr" is true or false, not \'maybe\''),
    ('size = "squar"\n', '"size": no preset "squar" (did you mean "square"?)'),
    ('size = 3\n', '"size" is a list of names, not 3'),
    ('template = ["a", "b"]\n', '"template" takes one value'),
    ('[batch]\njobs = "two"\n', "\"jobs\": Invalid value: 'two' is not a valid integer range"),
    ('render = "x"\n', "[render] is a table of options"),
    ('[rendr]\nout = "x/"\n', 'unknown key "rendr" (did you mean "render"?)'),
    ('template = "nigth"\n', '"template": no template "nigth" (did you mean "night"?)'),
    ('size = [\n', "not valid TOML"),
])
def test_a_bad_file_is_one_line_naming_the_file_and_key(runner, desk, monkeypatch, text,
                                                        message):
    (desk / "cards.toml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(desk / "stories")
    result = run(runner, "render", "story.md", "-q", "1")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {desk / 'cards.toml'}")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not list(desk.rglob("*.png"))


def test_a_bad_variable_names_itself(runner, desk, monkeypatch):
    monkeypatch.chdir(desk / "stories")
    result = run(runner, "render", "story.md", "-q", "1", env={"CARDS_SIZE": "huge"})
    assert result.exit_code == 2
    assert result.stderr == ('Error: CARDS_SIZE: "size": no preset "huge"; choose from'
                             " landscape, wide, square, portrait, story or all\n")


def test_cards_config_names_a_file_to_read_instead(runner, desk, monkeypatch):
    (desk / "team.toml").write_text('template = "photo"\n', encoding="utf-8")
    (desk / "cards.toml").write_text('template = "night"\n', encoding="utf-8")
    monkeypatch.chdir(desk)
    result = run(runner, "config", env={"CARDS_CONFIG": str(desk / "team.toml")})
    assert "photo" in result.output and "night" not in result.output
    result = run(runner, "config", env={"CARDS_CONFIG": str(desk / "none.toml")})
    assert result.exit_code == 2
    assert result.stderr == f"Error: CARDS_CONFIG names {desk / 'none.toml'}, which is not a file\n"


def test_config_init_writes_a_starter_that_works_once_uncommented(runner, desk, monkeypatch):
    monkeypatch.chdir(desk)
    result = run(runner, "config", "init")
    assert result.exit_code == 0
    assert result.output == f"wrote {desk / 'cards.toml'}\n"
    text = (desk / "cards.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text) == {}  # every line a comment: nothing changes until edited
    again = run(runner, "config", "init")
    assert again.exit_code == 2
    assert "is already there" in again.stderr
    # Each suggestion in it is a key the commands take.
    uncommented = re.sub(r"(?m)^# (?=[a-z_]+ = |\[)", "", text)
    (desk / "cards.toml").write_text(uncommented, encoding="utf-8")
    assert tomllib.loads(uncommented)["batch"]["jobs"] == 2
    shown = run(runner, "config")
    assert shown.exit_code == 0, shown.output
    assert "night" not in shown.output  # a sanity check on what was read
    assert "The Riverside Courier" in shown.output


def test_every_key_names_an_option_of_a_command(tmp_path):
    keys = config.options(main)
    assert {"template", "size", "out", "brand", "default_site", "no_qr", "lang", "jobs"} <= set(keys)
    assert not set(keys) & config.PER_CARD
    assert set(keys["out"]) == {"render", "batch", "preview"}


def test_without_a_file_nothing_changes_and_nothing_is_read(runner, desk, monkeypatch):
    monkeypatch.chdir(desk / "stories")
    result = run(runner, "config")
    assert result.output.splitlines()[0] == "files read: none (cards config init writes one)"
    assert run(runner, "render", "story.md", "-q", "1").exit_code == 0
    [(name, size)] = made(desk / "stories")
    assert "-classic-" in name and size == (1200, 630)


def test_a_template_set_once_is_the_only_one_preview_shows(runner, desk, monkeypatch):
    # preview's --template is repeatable and render's is not: one key serves both.
    monkeypatch.chdir(desk / "stories")
    args = ["preview", "story.md", "-q", "1", "-s", "landscape", "--jobs", "1"]
    assert run(runner, *args, "-o", "every.png").exit_code == 0
    (desk / "cards.toml").write_text('template = "night"\n', encoding="utf-8")
    result = run(runner, *args, "-o", "night.png")
    assert result.exit_code == 0, result.output
    every = Image.open(desk / "stories" / "every.png").size
    night = Image.open(desk / "stories" / "night.png").size
    assert night[1] * 3 < every[1]  # one row of five


def test_a_default_site_never_replaces_the_articles_own(runner, desk, monkeypatch):
    (desk / "cards.toml").write_text('default_site = "The Desk"\n', encoding="utf-8")
    monkeypatch.chdir(desk / "stories")
    text = (desk / "stories" / "story.md").read_text(encoding="utf-8")
    assert "site: The Riverside Courier" in text  # the article names its publication
    (desk / "stories" / "bare.md").write_text(text.replace("site: The Riverside Courier\n", ""),
                                             encoding="utf-8")
    sites = {}
    for name in ("story.md", "bare.md"):
        result = run(runner, "render", name, "-q", "1", "--explain", "-o", f"{name}.png")
        assert result.exit_code == 0, result.output
        layout = json.loads(result.stdout)[0]["layout"]
        sites[name] = next(t["text"] for t in layout["texts"] if t["role"] == "site")
    assert sites == {"story.md": "The Riverside Courier", "bare.md": "The Desk"}


def test_a_true_default_is_turned_off_on_the_command_line(runner, desk, monkeypatch):
    (desk / "cards.toml").write_text("no_qr = true\nalt_text = true\n", encoding="utf-8")
    monkeypatch.chdir(desk / "stories")
    result = run(runner, "render", "story.md", "-q", "1", "--explain", "-o", "a.png")
    assert json.loads(result.stdout)[0]["layout"]["qr"] is None
    assert Path("a.txt").is_file()
    result = run(runner, "render", "story.md", "-q", "1", "--qr", "--no-alt-text", "--explain",
                 "-o", "b.png")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["layout"]["qr"] is not None
    assert not Path("b.txt").exists()


def test_preview_shows_every_design_again_with_all(runner, desk, monkeypatch):
    (desk / "cards.toml").write_text('template = "night"\n', encoding="utf-8")
    monkeypatch.chdir(desk / "stories")
    args = ["preview", "story.md", "-q", "1", "-s", "landscape", "--jobs", "1", "--html"]
    assert run(runner, *args, "one").exit_code == 0
    result = run(runner, *args, "every", "-t", "All")
    assert result.exit_code == 0, result.output
    one = (desk / "stories" / "one" / "index.html").read_text(encoding="utf-8")
    every = (desk / "stories" / "every" / "index.html").read_text(encoding="utf-8")
    assert one.count("<figure") == 1 and every.count("<figure") == 5
