"""`cards fonts` and `cards fonts check`: what they print, as text and JSON, and their errors."""

from __future__ import annotations

import json

import pytest

from cards.cli.main import main
from cards.text import sysfonts
from tests.text.test_fonts import needs_system_fonts


def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sysfonts, "system_face", lambda cluster, lang, style: None)
    monkeypatch.setattr(sysfonts, "match", lambda cluster, lang, style: None)


@pytest.mark.parametrize("command", [["fonts"], ["fonts", "check"]])
def test_help(runner, command):
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: main {' '.join(command)} [OPTIONS]")


# cards fonts


def test_fonts_lists_every_bundled_font_with_its_scripts(runner):
    result = runner.invoke(main, ["fonts"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Bundled fonts:"
    assert [ln.split()[0] for ln in lines[1:21]] == [
        "Inter-Bold", "Inter-Medium", "Inter-Regular", "Inter-SemiBold",
        "NotoNaskhArabic-Regular", "NotoSansArabic-Bold", "NotoSansArabic-Regular",
        "NotoSansDevanagari-Bold", "NotoSansDevanagari-Regular", "NotoSansHebrew-Bold",
        "NotoSansHebrew-Regular", "NotoSansThai-Bold", "NotoSansThai-Regular",
        "NotoSerifDevanagari-Regular", "NotoSerifHebrew-Regular", "NotoSerifThai-Bold",
        "NotoSerifThai-Regular", "Vollkorn-Italic", "Vollkorn-Regular", "Vollkorn-SemiBold",
    ]
    assert lines[1].split(None, 2)[1:] == ["inter/Inter-Bold.otf", "Latin, Greek, Cyrillic"]
    assert lines[5].split(None, 2)[1:] == ["noto/NotoNaskhArabic-Regular.ttf", "Arabic"]
    assert lines[21] == "System fonts (through fontconfig):"


@needs_system_fonts
def test_fonts_lists_the_system_faces_for_cjk_and_emoji(runner):
    lines = runner.invoke(main, ["fonts"]).output.splitlines()[22:]
    assert [ln.split()[:3] for ln in lines] == [
        ["ja", "(serif)", "NotoSerifCJKJP-Regular"], ["ja", "(sans)", "NotoSansCJKJP-Regular"],
        ["zh-Hans", "(serif)", "NotoSerifCJKSC-Regular"],
        ["zh-Hans", "(sans)", "NotoSansCJKSC-Regular"],
        ["zh-Hant", "(serif)", "NotoSerifCJKTC-Regular"],
        ["zh-Hant", "(sans)", "NotoSansCJKTC-Regular"],
        ["ko", "(serif)", "NotoSerifCJKKR-Regular"], ["ko", "(sans)", "NotoSansCJKKR-Regular"],
        ["emoji", "NotoColorEmoji-Regular", "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf"],
    ]


def test_fonts_says_how_to_install_missing_system_fonts(runner, monkeypatch):
    monkeypatch.setattr(sysfonts, "has_fontconfig", lambda: True)
    no_system_fonts(monkeypatch)
    lines = runner.invoke(main, ["fonts"]).output.splitlines()[22:]
    assert lines[0] == "  ja (serif)       none found; on Debian or Ubuntu: sudo apt-get install fonts-noto-cjk"
    assert lines[-1] == "  emoji            none found; on Debian or Ubuntu: sudo apt-get install fonts-noto-color-emoji"
    assert len(lines) == 9


def test_fonts_says_how_to_install_fontconfig(runner, monkeypatch):
    monkeypatch.setattr(sysfonts, "has_fontconfig", lambda: False)
    result = runner.invoke(main, ["fonts"])
    assert result.exit_code == 0
    assert result.output.splitlines()[21:] == [
        "System fonts (through fontconfig):",
        "  fontconfig (fc-match) is not installed, so CJK and emoji cannot be drawn; on Debian"
        " or Ubuntu: sudo apt-get install fontconfig fonts-noto-cjk fonts-noto-color-emoji",
    ]


def test_fonts_json(runner, monkeypatch):
    no_system_fonts(monkeypatch)
    result = runner.invoke(main, ["fonts", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert len(report["bundled"]) == 20
    assert report["bundled"][0] == {"name": "Inter-Bold", "file": "inter/Inter-Bold.otf",
                                    "scripts": ["Latin", "Greek", "Cyrillic"]}
    assert report["system"][0] == {"for": "ja", "style": "serif", "package": "fonts-noto-cjk",
                                   "name": None, "file": None, "index": None, "color": None}
    assert report["system"][-1]["for"] == "emoji"
    assert report["system"][-1]["style"] is None


# cards fonts check


def test_check_names_each_character_and_its_font(runner):
    result = runner.invoke(main, ["fonts", "check", "Hé שָׁ"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "H   U+0048 LATIN CAPITAL LETTER H           Vollkorn-Regular",
        "é   U+00E9 LATIN SMALL LETTER E WITH ACUTE  Vollkorn-Regular",
        "ש   U+05E9 HEBREW LETTER SHIN               NotoSerifHebrew-Regular",
        # A mark alone is shown on a dotted circle, or it would sit on the column before.
        "\u25CC\u05B8   U+05B8 HEBREW POINT QAMATS              NotoSerifHebrew-Regular",
        "\u25CC\u05C1   U+05C1 HEBREW POINT SHIN DOT            NotoSerifHebrew-Regular",
    ]


def test_check_follows_the_chain_of_the_font_given(runner):
    result = runner.invoke(main, ["fonts", "check", "Ali علي", "--font", "Inter-SemiBold"])
    assert result.exit_code == 0, result.output
    assert [ln.split()[-1] for ln in result.output.splitlines()] == [
        "Inter-SemiBold"] * 3 + ["NotoSansArabic-Bold"] * 3


@needs_system_fonts
def test_check_finds_system_faces_by_language(runner):
    result = runner.invoke(main, ["fonts", "check", "漢 👍🏿", "--lang", "zh-Hant", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [(i["char"], i["code"], i["font"], i["color"]) for i in items] == [
        ("漢", "U+6F22", "NotoSerifCJKTC-Regular", False),
        ("👍", "U+1F44D", "NotoColorEmoji-Regular", True),
        ("🏿", "U+1F3FF", "NotoColorEmoji-Regular", True),
    ]


def test_check_json(runner):
    result = runner.invoke(main, ["fonts", "check", "a א", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [i.pop("file") for i in items][1].endswith("fonts/noto/NotoSerifHebrew-Regular.ttf")
    assert items == [
        {"char": "a", "code": "U+0061", "name": "LATIN SMALL LETTER A",
         "font": "Vollkorn-Regular", "color": False},
        {"char": "א", "code": "U+05D0", "name": "HEBREW LETTER ALEF",
         "font": "NotoSerifHebrew-Regular", "color": False},
    ]


def error_of(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert result.stdout == ""
    return lines[0]


@pytest.mark.parametrize("as_json", [[], ["--json"]])
def test_check_a_character_no_font_has_is_the_render_error(runner, as_json):
    message = error_of(runner.invoke(main, ["fonts", "check", "ok \U0001E290", *as_json]))
    assert message == (
        "Error: the text has U+1E290 TOTO LETTER PA ('\U0001E290'), which no font can draw"
        " (tried Vollkorn-Regular, NotoNaskhArabic-Regular, NotoSerifHebrew-Regular,"
        " NotoSerifDevanagari-Regular, NotoSerifThai-Regular); remove or replace that character"
    )


def test_check_without_cjk_fonts_names_the_package(runner, monkeypatch):
    no_system_fonts(monkeypatch)
    message = error_of(runner.invoke(main, ["fonts", "check", "東京", "--font", "Inter-Regular"]))
    assert message == (
        "Error: the text has U+6771 CJK UNIFIED IDEOGRAPH-6771 ('東'), which no font can draw"
        " (tried Inter-Regular, NotoSansArabic-Regular, NotoSansHebrew-Regular,"
        " NotoSansDevanagari-Regular, NotoSansThai-Regular); install a font that has it (Debian: apt-get install"
        " fonts-noto-cjk), or remove or replace that character"
    )


def test_check_an_unknown_font_suggests_the_nearest(runner):
    message = error_of(runner.invoke(main, ["fonts", "check", "x", "--font", "Inter-Bld"]))
    assert message == 'Error: no font "Inter-Bld" (did you mean "Inter-Bold"?)'


def test_check_empty_text(runner):
    message = error_of(runner.invoke(main, ["fonts", "check", "  "]))
    assert message == "Error: TEXT is empty; give the characters to check"
