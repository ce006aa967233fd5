"""A template or brand kit may name a font file in its own folder instead of a bundled
font: it is found there (a parent's in the parent's folder), checked on loading, drawn
like a bundled face, and shown in the layout by its file's stem."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cards.cli.main import main
from cards.design.brand import load_brand
from cards.design.catalog import load_template
from cards.text.faces import bundled_fonts
from tests.conftest import EXAMPLE

ACME = 'name = "acme"\nextends = "classic"\n\n'


def font_file(path: Path) -> Path:
    """A stand-in for a newsroom's own font: a copy of a bundled one, made per test so
    the repository holds no extra font file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bundled_fonts()["Inter-Bold"], path)
    return path


def acme(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "templates" / "acme"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.toml").write_text(ACME + body, encoding="utf-8")
    return folder


def explain(runner, *args: str) -> dict:
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "-o", "card.png",
                                  "--explain", *args])
    assert result.exit_code == 0, result.output
    layout: dict = json.loads(result.stdout)[0]["layout"]
    return layout


def fonts_of(layout: dict) -> dict[str, str]:
    return {t["role"]: t["font"] for t in layout["texts"]}


def test_a_template_draws_with_a_font_file_in_its_folder(runner, tmp_path):
    font = font_file(tmp_path / "templates" / "acme" / "fonts" / "Brand-Bold.ttf")
    acme(tmp_path, '[quote]\nfont = "fonts/Brand-Bold.ttf"\n')
    result = runner.invoke(main, ["templates", "validate", "acme"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "ok: acme\n", "")
    layout = explain(runner, "-t", "acme")
    classic = explain(runner, "-t", "classic")
    assert fonts_of(layout) == fonts_of(classic) | {"quote": "Brand-Bold"}
    spans = [s for line in layout["texts"][0]["lines"] for s in line["spans"]]
    assert {s["face"]["path"] for s in spans} == {str(font.resolve())}


def test_every_font_key_takes_a_font_file(runner, tmp_path):
    # The suffix is matched in any case; the file is found as written.
    font_file(tmp_path / "templates" / "acme" / "fonts" / "BRAND-BOLD.TTF")
    acme(tmp_path, '[quote]\nfallbacks = ["fonts/BRAND-BOLD.TTF", "Vollkorn-Regular"]\n'
         'emphasis_font = "fonts/BRAND-BOLD.TTF"\n\n'
         '[qr]\nlabel_font = "fonts/BRAND-BOLD.TTF"\n\n'
         '[[glyphs]]\ntext = "“"\nfont = "fonts/BRAND-BOLD.TTF"\nsize = 0.2\nat = [0.85, 0.17]\n'
         'color = "muted"\n\n[sizes.square]\nglyphs = []\n\n[sizes.portrait]\nglyphs = []\n\n'
         '[sizes.story]\nglyphs = []\n\n'
         '[sizes.square.attribution]\nfont = "fonts/BRAND-BOLD.TTF"\n')
    result = runner.invoke(main, ["templates", "validate", "acme"])
    assert (result.exit_code, result.stderr) == (0, ""), result.output
    landscape = explain(runner, "-t", "acme")
    assert landscape["qr"]["label"]["font"] == "BRAND-BOLD"
    assert [g["font"] for g in landscape["glyphs"]] == ["BRAND-BOLD"]
    assert fonts_of(landscape)["attribution"] == "Inter-SemiBold"
    assert fonts_of(explain(runner, "-t", "acme", "-s", "square"))["attribution"] == "BRAND-BOLD"
    quote = load_template("acme").size("landscape").texts["quote"]
    assert [Path(f).name for f in quote.fallbacks] == ["BRAND-BOLD.TTF", "Vollkorn-Regular"]
    assert Path(quote.emphasis_font or "").name == "BRAND-BOLD.TTF"


SOURCE = "templates/acme/template.toml"


@pytest.mark.parametrize(("value", "message"), [
    ("../x.otf", "'../x.otf' must be a path inside the folder of template.toml"),
    ("/etc/x.ttf", "'/etc/x.ttf' must be a path inside the folder of template.toml"),
    ("fonts/Brand.otf", "templates/acme/fonts/Brand.otf does not exist"),
    ("fonts/x.ttf", "templates/acme/fonts/x.ttf is not a font FreeType can read"),
    ("fonts/", "templates/acme/fonts does not exist"),  # a folder is not a font file
    # Without a "/" or a font suffix, a name is a bundled font's.
    ("Brand-Bold", 'no font "Brand-Bold" (did you mean "Inter-Bold"?)'),
])
def test_a_bad_font_file_is_refused_in_one_line(runner, tmp_path, value, message):
    folder = acme(tmp_path, f'[quote]\nfont = "{value}"\n')
    font_file(folder / "fonts" / "Brand-Bold.ttf")
    (folder / "fonts" / "x.ttf").write_bytes(bytes(range(256)) * 4)
    result = runner.invoke(main, ["templates", "validate", "acme"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {SOURCE}: quote.font: {message}\n"


def test_a_bad_font_file_is_named_by_the_key_that_names_it(runner, tmp_path):
    acme(tmp_path, '[quote]\nfallbacks = ["Inter-Bold", "fonts/Gone.ttf"]\n')
    result = runner.invoke(main, ["templates", "validate", "acme"])
    assert result.stderr == (f"Error: {SOURCE}: quote.fallbacks: templates/acme/fonts/Gone.ttf"
                             " does not exist\n")
    acme(tmp_path, '[sizes.story.headline]\nfont = "fonts/Gone.ttf"\n')
    result = runner.invoke(main, ["templates", "validate", "acme"])
    assert result.stderr == (f"Error: {SOURCE}: sizes.story.headline.font:"
                             " templates/acme/fonts/Gone.ttf does not exist\n")
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "-t", "acme"])
    assert result.stderr == (f"Error: {SOURCE}: sizes.story.headline.font:"
                             " templates/acme/fonts/Gone.ttf does not exist\n")


def house(tmp_path: Path, body: str) -> Path:
    """A parent template in a folder of its own, away from ./templates."""
    folder = tmp_path / "house" / "base"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.toml").write_text('name = "base"\nextends = "classic"\n\n' + body,
                                          encoding="utf-8")
    return folder


def test_a_parents_font_file_is_found_in_the_parents_folder(runner, tmp_path):
    font = font_file(tmp_path / "house" / "base" / "fonts" / "House-Bold.ttf")
    house(tmp_path, '[quote]\nfont = "fonts/House-Bold.ttf"\n'
          'fallbacks = ["fonts/House-Bold.ttf"]\n\n'
          '[sizes.square.attribution]\nfont = "fonts/House-Bold.ttf"\n')
    acme(tmp_path, "").joinpath("template.toml").write_text(
        'name = "acme"\nextends = "../../house/base"\n\n[colors]\naccent = "#8B1A1A"\n',
        encoding="utf-8")
    result = runner.invoke(main, ["templates", "validate", "acme"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "ok: acme\n", "")
    assert fonts_of(explain(runner, "-t", "acme"))["quote"] == "House-Bold"
    square = explain(runner, "-t", "acme", "-s", "square")
    assert fonts_of(square)["attribution"] == "House-Bold"
    quote = load_template("acme").size("landscape").texts["quote"]
    assert quote.font == quote.fallbacks[0] == str(font.resolve())


def test_a_parents_font_path_outside_its_folder_names_the_parent(runner, tmp_path):
    house(tmp_path, '[quote]\nfallbacks = ["Inter-Bold", "../x.ttf"]\n')
    acme(tmp_path, "").joinpath("template.toml").write_text(
        'name = "acme"\nextends = "../../house/base"\n', encoding="utf-8")
    result = runner.invoke(main, ["templates", "validate", "acme"])
    assert result.stderr == (
        "Error: templates/acme/../../house/base/template.toml: quote.fallbacks: '../x.ttf'"
        " must be a path inside the folder of template.toml\n"
    )


def test_a_changed_font_file_changes_the_template_digest(tmp_path):
    font = font_file(tmp_path / "templates" / "acme" / "fonts" / "Brand-Bold.ttf")
    acme(tmp_path, '[quote]\nfont = "fonts/Brand-Bold.ttf"\n')
    before = load_template("acme").digest
    assert load_template("acme").digest == before
    shutil.copyfile(bundled_fonts()["Inter-SemiBold"], font)
    assert load_template("acme").digest != before


def kit(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "kit" / "brand.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def test_a_brand_kit_names_a_font_file_beside_it(runner, tmp_path):
    font = font_file(tmp_path / "kit" / "fonts" / "Brand-Bold.ttf")
    kit(tmp_path, '[fonts]\nquote = "fonts/Brand-Bold.ttf"\nlabel = "fonts/Brand-Bold.ttf"\n')
    for template in ("classic", "minimal"):
        layout = explain(runner, "-t", template, "--brand", "kit/brand.toml")
        assert fonts_of(layout)["quote"] == "Brand-Bold", template
        assert layout["qr"]["label"]["font"] == "Brand-Bold", template
    before = load_template("classic", load_brand("kit/brand.toml")).digest
    shutil.copyfile(bundled_fonts()["Inter-SemiBold"], font)
    assert load_template("classic", load_brand("kit/brand.toml")).digest != before


@pytest.mark.parametrize(("value", "message"), [
    ("../x.ttf", "'../x.ttf' must be a path inside the folder of brand.toml"),
    ("fonts/Gone.ttf", "kit/fonts/Gone.ttf does not exist"),
    ("x.ttf", "kit/x.ttf is not a font FreeType can read"),
])
def test_a_brand_kits_bad_font_file_is_refused(runner, tmp_path, value, message):
    kit(tmp_path, f'[fonts]\nquote = "{value}"\n')
    (tmp_path / "kit" / "x.ttf").write_bytes(b"not a font at all" * 64)
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "--brand",
                                  "kit/brand.toml"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: kit/brand.toml: fonts.quote: {message}\n"


def test_a_card_in_bundled_fonts_does_not_import_fonttools(tmp_path):
    """Bundled fonts ship their coverage: only a template's own font file needs fontTools
    (importing it would add a fifth to a cold render)."""
    code = ("import sys\nfrom cards.cli import main\n"
            f"main(['render', {str(EXAMPLE)!r}, '-q', '1', '-o', 'card.png'],"
            " standalone_mode=False)\n"
            "assert not [m for m in sys.modules if m.startswith('fontTools')]\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "card.png").is_file()
