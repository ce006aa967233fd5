"""Brand kits: a newsroom's colours, fonts, name and URL tracking over any template."""

from __future__ import annotations

import json
from pathlib import Path

import zxingcpp
from PIL import Image

from cards.cli.main import main

KIT = """name = "The Harbour Gazette"

[colors]
accent = "#0B5FA5"
background = "#FFFFFF"

[fonts]
quote = "Vollkorn-SemiBold"
attribution = "Inter-Bold"

[url_params]
utm_source = "cards"
utm_medium = "social"
"""


def show(runner, *args: str) -> dict:
    result = runner.invoke(main, ["templates", "show", "classic", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_brand_kit_changes_exactly_what_it_sets(runner, tmp_path):
    (tmp_path / "kit.toml").write_text(KIT, encoding="utf-8")
    base, branded = show(runner), show(runner, "--brand", "kit.toml")
    assert branded.pop("brand") == {"source": "kit.toml", "name": "The Harbour Gazette",
                                    "logo": None, "logo_dark": None,
                                    "url_params": {"utm_source": "cards", "utm_medium": "social"}}
    # background_end, not set by classic, follows the background.
    assert branded["colors"] == base["colors"] | {"accent": "#0B5FA5", "background": "#FFFFFF",
                                                  "background_end": "#FFFFFF"}
    for preset, spec in branded["sizes"].items():
        texts = spec["texts"]
        assert texts["quote"]["font"] == "Vollkorn-SemiBold", preset
        assert texts["attribution"]["font"] == "Inter-Bold", preset
        for role in ("quote", "attribution"):
            base["sizes"][preset]["texts"][role]["font"] = texts[role]["font"]
    assert branded["sizes"] == base["sizes"]


def test_brand_name_and_tracking_reach_the_card(runner, story, tmp_path):
    (tmp_path / "kit.toml").write_text(KIT, encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "kit.toml",
                                  "-o", "c.png", "--explain"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    url = "https://example.org/news/2026/11/harbour-ferry-returns?utm_source=cards&utm_medium=social"
    assert card["layout"]["qr"]["url"] == url
    texts = {t["role"]: t for t in card["layout"]["texts"]}
    assert texts["site"]["text"] == "The Harbour Gazette"
    assert texts["quote"]["font"] == "Vollkorn-SemiBold"
    with Image.open(tmp_path / "c.png") as image:
        assert image.text["Source"] == url
        assert [r.text for r in zxingcpp.read_barcodes(image.convert("RGB"))] == [url]
        assert image.convert("RGB").getpixel((5, 300)) == (255, 255, 255)


def test_brand_toml_beside_the_templates_applies_by_default(runner, story, tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "brand.toml").write_text(KIT, encoding="utf-8")
    assert show(runner)["colors"]["accent"] == "#0B5FA5"
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--explain"])
    [card] = json.loads(result.stdout)
    assert "utm_source=cards" in card["layout"]["qr"]["url"]


def test_tracking_keeps_parameters_the_url_already_has(runner, story, tmp_path):
    (tmp_path / "kit.toml").write_text(KIT, encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "kit.toml",
                                  "--url", "https://example.org/s?utm_source=newsletter",
                                  "--explain"])
    [card] = json.loads(result.stdout)
    assert card["layout"]["qr"]["url"] == "https://example.org/s?utm_source=newsletter&utm_medium=social"


def test_brand_kit_mistakes_are_one_line(runner, story, tmp_path):
    cases = {
        'colour = "x"\n': 'kit.toml: colour: unknown key (did you mean "colors"?)',
        '[colors]\naccent = "blue"\n': "kit.toml: colors.accent: expected a colour as #RRGGBB, got 'blue'",
        '[fonts]\nquote = "Vollkorn-Bld"\n': 'kit.toml: fonts.quote: no font "Vollkorn-Bld" (did you mean "Vollkorn-SemiBold"?)',
        '[fonts]\nqoute = "Inter-Bold"\n': 'kit.toml: fonts.qoute: unknown key (did you mean "quote"?)',
        '[colors]\ntext = "#EEEEEE"\n': "contrast",
    }
    for body, message in cases.items():
        (tmp_path / "kit.toml").write_text(body, encoding="utf-8")
        result = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "kit.toml"])
        assert result.exit_code == 1, body
        [line] = result.stderr.splitlines()
        assert message in line, (body, line)
    missing = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "nope.toml"])
    assert missing.stderr == "Error: brand kit not found: nope.toml\n"
    assert not list(Path(tmp_path).glob("*.png"))


def make_logo(path: Path) -> Path:
    image = Image.new("RGBA", (400, 100), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (0, 0, 400, 100))
    image.save(path)
    return path


def test_a_brand_logo_takes_the_site_line(runner, story, tmp_path):
    make_logo(tmp_path / "logo.png")
    (tmp_path / "kit.toml").write_text('name = "The Harbour Gazette"\nlogo = "logo.png"\n',
                                       encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "kit.toml",
                                  "-o", "c.png", "--explain", "-s", "square"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    layout = card["layout"]
    assert "site" not in {t["role"] for t in layout["texts"]}  # the logo replaces the name
    box, placed = layout["logo"]["box"], layout["logo"]["placed"]
    assert placed["x"] == box["x"] and placed["w"] <= box["w"] and placed["h"] <= box["h"]
    assert abs(placed["w"] / placed["h"] - 4.0) < 0.1  # its shape kept
    with Image.open(tmp_path / "c.png") as image:
        middle = (placed["x"] + placed["w"] // 2, placed["y"] + placed["h"] // 2)
        assert image.convert("RGB").getpixel(middle) == (200, 30, 30)
    assert "The Harbour Gazette" in card["alt_text"]


def test_a_brand_logo_is_checked_like_any_picture(runner, story, tmp_path):
    (tmp_path / "kit.toml").write_text('logo = "../logo.png"\n', encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "kit.toml"])
    assert result.stderr == (
        "Error: kit.toml: logo: '../logo.png' must be a path inside the folder of kit.toml\n"
    )
    (tmp_path / "kit.toml").write_text('logo = "missing.png"\n', encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "kit.toml"])
    assert result.stderr == "Error: kit.toml: logo: missing.png does not exist\n"


def test_dark_designs_take_the_kits_dark_colours_and_logo(runner, story, tmp_path):
    make_logo(tmp_path / "logo.png")
    Image.new("RGBA", (400, 100), (250, 250, 250, 255)).save(tmp_path / "white.png")
    (tmp_path / "kit.toml").write_text(
        'logo = "logo.png"\nlogo_dark = "white.png"\n[colors]\naccent = "#1B6B43"\n'
        '[colors_dark]\naccent = "#F6C07A"\n', encoding="utf-8")
    for template, accent, logo in (("classic", "#1B6B43", "logo.png"),
                                   ("night", "#F6C07A", "white.png")):
        shown = show(runner, "--brand", "kit.toml") if template == "classic" else json.loads(
            runner.invoke(main, ["templates", "show", "night", "--brand", "kit.toml"]).stdout)
        assert shown["colors"]["accent"] == accent
        result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", template,
                                      "--brand", "kit.toml", "--explain"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)[0]["layout"]["logo"]["path"].endswith(logo)


def test_a_contrast_the_kit_breaks_names_the_kit(runner, story, tmp_path):
    (tmp_path / "kit.toml").write_text('[colors]\naccent = "#1B6B43"\n', encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "night",
                                  "--brand", "kit.toml"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: kit.toml: colors.accent: accent #1B6B43 on night's background #17223A has"
        " contrast 2.44:1, below WCAG AA 4.5:1 (night uses it for quote.emphasis at"
        ' landscape); choose a lighter accent, or give the kit [colors_dark] for dark designs'
        ' like "night"\n')
    (tmp_path / "kit.toml").write_text('[colors]\naccent = "#A8D5BA"\n', encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "kit.toml"])
    assert result.stderr == (
        "Error: kit.toml: colors.accent: accent #A8D5BA on classic's background #F4EEE2 has"
        " contrast 1.41:1, below WCAG AA 4.5:1 (classic uses it for quote.emphasis at"
        " landscape); choose a darker accent\n")


def test_a_logo_the_kit_brings_must_show_on_the_background(runner, story, tmp_path):
    image = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    image.paste((255, 255, 255, 255), (20, 20, 280, 80))
    image.save(tmp_path / "white.png")
    (tmp_path / "kit.toml").write_text('logo = "white.png"\n', encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "kit.toml"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: kit.toml: logo: white.png (mostly #FFFFFF) has contrast 1.16:1 on classic's"
        " background #F4EEE2, below the 3:1 a logo needs; give a dark-on-transparent logo"
        " here (logo_dark is the one for dark designs)\n")
    make_logo(tmp_path / "red.png")
    (tmp_path / "kit.toml").write_text('logo = "red.png"\n', encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "night",
                                  "--brand", "kit.toml"])
    assert result.exit_code == 0  # an opaque logo brings its own ground


def test_kit_mistakes_a_designer_makes(runner, story, tmp_path):
    cases = {
        # A plain key written after a [table] joins that table: here it would have
        # gone into the QR code's URL.
        '[url_params]\nutm_source = "cards"\nname = "The Ledger"\n':
            'kit.toml: url_params.name: "name" belongs at the top of the file, above the first'
            " [table] (in TOML a key after a [table] header is part of that table)",
        '[colors]\naccent = "#1B6B43"\nlogo_dark = "w.png"\n':
            'kit.toml: colors.logo_dark: "logo_dark" belongs at the top of the file, above the'
            " first [table] (in TOML a key after a [table] header is part of that table)",
        'dark_logo = "w.png"\n': 'kit.toml: dark_logo: unknown key (did you mean "logo_dark"?)',
        '[colors]\nprimary = "#112233"\n': "kit.toml: colors.primary: unknown key (one of:"
            " background, text, accent, muted, qr_dark, qr_light, background_end)",
    }
    for body, message in cases.items():
        (tmp_path / "kit.toml").write_text(body, encoding="utf-8")
        result = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "kit.toml"])
        assert result.exit_code == 1, body
        assert result.stderr == f"Error: {message}\n"
    (tmp_path / "kits").mkdir()
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "kits"])
    assert result.stderr == "Error: kits is a folder with no brand.toml in it; give the kit's file\n"
    (tmp_path / "kits" / "brand.toml").write_text('name = "The Ledger"\n', encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--brand", "kits",
                                  "--explain", "-o", "c.png"])
    assert result.exit_code == 0
    assert "The Ledger" in json.loads(result.stdout)[0]["alt_text"]


def test_validate_takes_a_kit_of_any_name(runner, tmp_path):
    (tmp_path / "ledger.toml").write_text('name = "The Ledger"\n[colors]\naccent = "#1B6B43"\n'
                                          '[colors_dark]\naccent = "#8FD3A8"\n', encoding="utf-8")
    for args in (["ledger.toml"], ["--brand", "ledger.toml"]):
        result = runner.invoke(main, ["templates", "validate", *args])
        assert result.exit_code == 0, result.output
        assert result.stdout.split() == ["ok:", "bold", "ok:", "classic", "ok:", "minimal",
                                         "ok:", "night", "ok:", "photo"]
    result = runner.invoke(main, ["templates", "validate"])  # with no kit here: each on its own
    assert result.exit_code == 0, result.output
    assert result.stdout.split() == ["ok:", "bold", "ok:", "classic", "ok:", "minimal",
                                     "ok:", "night", "ok:", "photo"]


def test_validate_a_kit_with_every_template(runner, tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "brand.toml").write_text('[colors]\naccent = "#1B6B43"\n',
                                                       encoding="utf-8")
    result = runner.invoke(main, ["templates", "validate", "templates/brand.toml"])
    assert result.exit_code == 1
    assert "ok: classic" in result.stdout and "ok: minimal" in result.stdout
    failing = [line.split(" on ")[1].split("'")[0] for line in result.stderr.splitlines()]
    assert failing == ["bold", "night", "photo"]
