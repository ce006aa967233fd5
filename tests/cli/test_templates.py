"""Template commands, the search path and inheritance (`extends`)."""

from __future__ import annotations

import json
from pathlib import Path

from cards.cli.main import main
from tests.conftest import ROOT


def write(folder: Path, name: str, body: str) -> Path:
    (folder / name).mkdir(parents=True, exist_ok=True)
    path = folder / name / "template.toml"
    path.write_text(body, encoding="utf-8")
    return path


def show(runner, ref: str) -> dict:
    result = runner.invoke(main, ["templates", "show", ref])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_shows_bundled_templates(runner):
    result = runner.invoke(main, ["templates", "list", "--json"])
    assert result.exit_code == 0
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["classic"]["origin"] == "bundled"
    assert rows["classic"]["presets"] == ["landscape", "wide", "square", "portrait", "story"]
    assert rows["classic"]["error"] is None


def test_extends_changes_exactly_what_it_sets(runner, tmp_path):
    write(tmp_path / "templates", "red", 'name = "red"\nextends = "classic"\n\n'
          '[colors]\naccent = "#8B1A1A"\n\n[sizes.story]\nquote = { size = [48, 96] }\n')
    base, child = show(runner, "classic"), show(runner, "red")
    assert child["name"] == "red"
    assert child["colors"] == base["colors"] | {"accent": "#8B1A1A"}
    story_quote = child["sizes"]["story"]["texts"]["quote"]
    assert (story_quote["size_min"], story_quote["size_max"]) == (48, 96)
    base["sizes"]["story"]["texts"]["quote"].update(size_min=48, size_max=96)
    assert child["sizes"] == base["sizes"]


def test_a_template_in_the_working_folder_shadows_a_bundled_one(runner, tmp_path):
    write(tmp_path / "templates", "classic", 'name = "classic"\nextends = "'
          + str(ROOT / "templates" / "classic") + '"\n'
          'description = "The house copy"\n')
    rows = {r["name"]: r for r in json.loads(runner.invoke(main, ["templates", "list", "--json"]).stdout)}
    assert rows["classic"]["origin"] == "./templates"
    assert rows["classic"]["description"] == "The house copy"


def test_cards_templates_env_folders_are_searched(runner, tmp_path, monkeypatch):
    shared = tmp_path / "shared-templates"
    write(shared, "night-desk", 'name = "night-desk"\nextends = "classic"\n')
    monkeypatch.setenv("CARDS_TEMPLATES", str(shared))
    rows = {r["name"]: r for r in json.loads(runner.invoke(main, ["templates", "list", "--json"]).stdout)}
    assert rows["night-desk"]["origin"] == "$CARDS_TEMPLATES"
    assert show(runner, "night-desk")["name"] == "night-desk"


def test_extends_needs_its_own_name_and_no_cycle(runner, tmp_path):
    write(tmp_path / "templates", "anon", 'extends = "classic"\n')
    result = runner.invoke(main, ["templates", "validate", "anon"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: templates/anon/template.toml: name: missing (a template that extends another"
        " needs its own name)\n"
    )
    write(tmp_path / "templates", "a", 'name = "a"\nextends = "b"\n')
    write(tmp_path / "templates", "b", 'name = "b"\nextends = "a"\n')
    result = runner.invoke(main, ["templates", "validate", "a"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: templates/a/template.toml: extends: a template cannot"
                                    " extend itself (")


def test_validate_reports_each_template(runner, tmp_path):
    write(tmp_path / "templates", "typo", 'name = "typo"\nextends = "classic"\n[quote]\nsze = 3\n')
    result = runner.invoke(main, ["templates", "validate", "classic", "typo"])
    assert result.exit_code == 1
    assert result.stdout == "ok: classic\n"
    assert result.stderr == (
        'Error: templates/typo/template.toml: quote.sze: unknown key (did you mean "size"?)\n'
    )
    assert runner.invoke(main, ["templates", "validate", "classic"]).exit_code == 0


def test_new_copies_a_template_ready_to_edit_and_render(runner, tmp_path, story):
    result = runner.invoke(main, ["templates", "new", "desk"])
    assert result.exit_code == 0, result.output
    toml = tmp_path / "templates" / "desk" / "template.toml"
    assert result.stdout.strip() == str(Path("templates") / "desk" / "template.toml")
    assert 'name = "desk"' in toml.read_text(encoding="utf-8")
    rendered = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "desk", "--explain"])
    assert rendered.exit_code == 0, rendered.output
    assert json.loads(rendered.stdout)[0]["layout"]["template"] == "desk"
    again = runner.invoke(main, ["templates", "new", "desk"])
    assert again.exit_code == 1
    assert again.stderr == (
        f"Error: {Path('templates') / 'desk'} already exists; choose another name or --dir\n"
    )
    bad = runner.invoke(main, ["templates", "new", "Desk Two"])
    assert bad.stderr == (
        'Error: "Desk Two" is not a template name: use lower-case letters, digits, - and _\n'
    )


def test_show_an_unknown_template(runner):
    result = runner.invoke(main, ["templates", "show", "clasic"])
    assert result.exit_code == 2
    assert result.stderr == ('Error: no template "clasic" (did you mean "classic"?); templates:'
                             " bold, classic, minimal, night, photo\n")


def test_help(runner):
    for args in (["templates"], ["templates", "list"], ["templates", "show"],
                 ["templates", "validate"], ["templates", "new"]):
        result = runner.invoke(main, [*args, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output


def test_validate_lists_every_problem_once(runner, tmp_path):
    write(tmp_path / "templates", "many", 'name = "many"\nextends = "classic"\n\n'
          '[quote]\nsze = 3\n\n[sizes.story]\nsite = { size = "big" }\n'
          'headline = { colour = "muted" }\n')
    result = runner.invoke(main, ["templates", "validate", "many"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'Error: templates/many/template.toml: quote.sze: unknown key (did you mean "size"?)',
    ]
    # Fixing the base mistake brings out the ones in the story preset.
    write(tmp_path / "templates", "many", 'name = "many"\nextends = "classic"\n\n'
          '[sizes.story]\nsite = { size = "big" }\n[sizes.square]\nheadline = { colour = "muted" }\n')
    result = runner.invoke(main, ["templates", "validate", "many"])
    assert result.stderr.splitlines() == [
        'Error: templates/many/template.toml: sizes.square.headline.colour: unknown key (did you'
        ' mean "color"?)',
        "Error: templates/many/template.toml: sizes.story.site.size: expected a size in px, or"
        " [smallest, largest]",
    ]


def test_show_works_for_every_bundled_template(runner):
    # `show photo` once crashed: the picture's path was not JSON.
    for name in ("classic", "bold", "minimal", "night", "photo"):
        shown = show(runner, name)
        assert set(shown["sizes"]) == {"landscape", "wide", "square", "portrait", "story"}
    image = show(runner, "photo")["sizes"]["story"]["background"]["image"]
    assert image.endswith("templates/photo/picture.jpg")


def test_extending_a_template_keeps_its_picture_from_its_own_folder(runner, tmp_path, story):
    # A parent's picture is named relative to the parent's folder, not the child's.
    write(tmp_path / "templates", "myphoto", 'name = "myphoto"\nextends = "photo"\n\n'
          '[colors]\naccent = "#FFD27F"\n')
    assert runner.invoke(main, ["templates", "validate", "myphoto"]).stdout == "ok: myphoto\n"
    image = show(runner, "myphoto")["sizes"]["landscape"]["background"]["image"]
    assert image == show(runner, "photo")["sizes"]["landscape"]["background"]["image"]
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "myphoto", "-o", "c.png"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.png").is_file()


def test_a_parent_template_cannot_reach_outside_its_folder(runner, tmp_path):
    write(tmp_path / "templates", "base", 'name = "base"\nextends = "photo"\n\n'
          '[background]\nimage = "../secret.png"\n')
    write(tmp_path / "templates", "child", 'name = "child"\nextends = "base"\n')
    result = runner.invoke(main, ["templates", "validate", "child"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: templates/base/template.toml: background.image: '../secret.png' must be a path"
        " inside the folder of template.toml\n"
    )


def test_a_key_the_child_sets_holds_at_every_preset(runner, tmp_path):
    # classic gives square its own rules and quote box; a child's own rules and quote
    # font must win there too, while classic's square box stays.
    write(tmp_path / "templates", "ruled", 'name = "ruled"\nextends = "classic"\n\n'
          '[quote]\nfont = "Vollkorn-SemiBold"\n\n'
          '[[rules]]\nbox = [0.0, 0.98, 1.0, 0.02]\ncolor = "muted"\n')
    base, child = show(runner, "classic"), show(runner, "ruled")
    for preset in ("landscape", "square", "story"):
        assert child["sizes"][preset]["rules"] == [
            {"box": {"x": 0.0, "y": 0.98, "w": 1.0, "h": 0.02}, "color": "muted"}]
        assert child["sizes"][preset]["texts"]["quote"]["font"] == "Vollkorn-SemiBold"
        assert (child["sizes"][preset]["texts"]["quote"]["box"]
                == base["sizes"][preset]["texts"]["quote"]["box"])


def test_a_folder_named_like_a_template_does_not_hide_it(runner, tmp_path):
    # `cards render … --out photo/` leaves a folder called photo beside the user.
    (tmp_path / "photo").mkdir()
    (tmp_path / "photo" / "card.png").write_bytes(b"")
    assert show(runner, "photo")["name"] == "photo"


def test_validate_lists_every_mistake_in_the_shared_tables(runner, tmp_path):
    write(tmp_path / "templates", "bad", 'name = "bad"\nextends = "classic"\ncolour = 1\n'
          'descrption = "x"\n[colors]\naccent = "red"\nmuted = "#12345"\nprimary = "#000000"\n')
    result = runner.invoke(main, ["templates", "validate", "bad"])
    assert result.exit_code == 1
    source = "Error: templates/bad/template.toml"
    assert result.stderr.splitlines() == [
        f'{source}: colour: unknown key (did you mean "colors"?)',
        f'{source}: descrption: unknown key (did you mean "description"?)',
        f"{source}: colors.primary: unknown key (one of: background, text, accent, muted,"
        " qr_dark, qr_light, background_end)",
        f"{source}: colors.accent: expected a colour as #RRGGBB, got 'red'",
        f"{source}: colors.muted: expected a colour as #RRGGBB, got '#12345'",
    ]


def test_validate_with_no_name_checks_every_template_on_the_search_path(runner, tmp_path,
                                                                        monkeypatch):
    shared = tmp_path / "shared"
    write(shared, "wire", 'name = "wire"\nextends = "classic"\n')
    write(shared, "late", 'name = "late"\nextends = "night"\n[quote]\nsze = 3\n')
    write(tmp_path / "templates", "desk", 'name = "desk"\nextends = "classic"\n'
          'descripton = "Ours"\ncolr = 1\n')
    monkeypatch.setenv("CARDS_TEMPLATES", str(shared))
    result = runner.invoke(main, ["templates", "validate"])
    assert result.exit_code == 1
    assert result.stdout == ("ok: bold\nok: classic\nok: minimal\nok: night\nok: photo\n"
                             "ok: wire\n")
    errors = result.stderr.splitlines()
    assert len(errors) == 2  # one line a template
    assert errors[0] == ('Error: templates/desk/template.toml: descripton: unknown key (did'
                         ' you mean "description"?) (and 1 more: cards templates validate desk)')
    assert errors[1] == (f'Error: {shared}/late/template.toml: quote.sze: unknown key (did you'
                         ' mean "size"?)')
    # Named, the same template lists every problem.
    named = runner.invoke(main, ["templates", "validate", "desk"])
    assert named.exit_code == 1 and len(named.stderr.splitlines()) == 2


def test_validate_with_no_name_succeeds_when_all_are_sound(runner):
    result = runner.invoke(main, ["templates", "validate"])
    assert result.exit_code == 0
    assert result.stdout == "ok: bold\nok: classic\nok: minimal\nok: night\nok: photo\n"
    assert result.stderr == ""


def test_show_one_size_preset(runner):
    whole = show(runner, "night")
    result = runner.invoke(main, ["templates", "show", "Night", "--size", "Story"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert list(shown["sizes"]) == ["story"]
    assert shown["sizes"]["story"] == whole["sizes"]["story"]
    assert {k: v for k, v in shown.items() if k != "sizes"} == {
        k: v for k, v in whole.items() if k != "sizes"}
    assert len(result.stdout.splitlines()) < len(json.dumps(whole, indent=2).splitlines()) / 4


def test_show_one_size_the_template_does_not_have(runner, tmp_path):
    write(tmp_path / "templates", "tall", 'name = "tall"\nextends = "classic"\n'
          'presets = ["portrait", "story"]\n')
    result = runner.invoke(main, ["templates", "show", "tall", "--size", "landscape"])
    assert result.exit_code == 1
    assert result.stderr == ('Error: --size: give one preset that "tall" has: portrait,'
                             " story\n")
    result = runner.invoke(main, ["templates", "show", "classic", "--size", "all"])
    assert result.exit_code == 1
    assert result.stderr == ('Error: --size: give one preset that "classic" has: landscape,'
                             " wide, square, portrait, story\n")
