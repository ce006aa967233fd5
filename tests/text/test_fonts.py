"""Bundled fonts: licensed, documented, within budget, coverage shipped; runs by grapheme
cluster through the fallback chain; characters no font has are refused by name."""

from __future__ import annotations

import json
import os

import pytest

from cards.errors import FontError
from cards.files import bundled_dir
from cards.text import sysfonts
from cards.text.faces import COVERAGE_FILE, bundled_fonts, coverage, read_cmap, scripts_of, style_of
from cards.text.runs import chain, split_runs

FONTS = bundled_dir("fonts")
LATIN_FAMILIES = sorted(n for n in bundled_fonts() if n.startswith(("Vollkorn", "Inter")))


def _system_fonts_missing() -> str | None:
    """Why the system-font tests cannot run here, or None when they can."""
    if not sysfonts.has_fontconfig():
        return "fontconfig (fc-match) is not installed"
    missing = sorted({o.package for o in sysfonts.offers() if o.face is None})
    return f"no system font from {', '.join(missing)}" if missing else None


needs_system_fonts = pytest.mark.skipif(
    _system_fonts_missing() is not None, reason=str(_system_fonts_missing())
)


def test_ci_has_the_system_fonts_so_nothing_skips_silently():
    """.ci/run installs fontconfig, fonts-noto-cjk, fonts-noto-color-emoji and fonts-thai-tlwg."""
    if not os.environ.get("CI"):
        pytest.skip("only under CI, which installs the system fonts")
    assert _system_fonts_missing() is None


# The files.


def test_bundled_fonts_stay_under_25_mb():
    total = sum(p.stat().st_size for p in FONTS.rglob("*") if p.is_file())
    assert total < 25 * 1024 * 1024


def test_every_family_has_a_license_and_a_readme_line():
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    families = {path.parent for path in bundled_fonts().values()}
    assert {f.name for f in families} == {"inter", "noto", "vollkorn"}
    for family in families:
        assert (family / "OFL.txt").is_file(), family
        assert "SIL Open Font License" in (family / "OFL.txt").read_text(encoding="utf-8")
        assert f"`{family.name}/" in readme, family.name


def test_every_bundled_file_has_a_readme_line_naming_its_source():
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    for name in bundled_fonts():
        if name.startswith("Noto"):
            family = name.split("-")[0]
            line = next((ln for ln in readme.splitlines() if f"`noto/{family}-" in ln), "")
            assert "`fonts-noto-core` 20201225-1" in line, name


@pytest.mark.parametrize("name", sorted(bundled_fonts()))
def test_shipped_coverage_matches_the_fonts_cmap(name):
    """fonts/coverage.json must say what fontTools reads (python scripts/font_coverage.py)."""
    path = bundled_fonts()[name]
    shipped = json.loads((FONTS / COVERAGE_FILE).read_text(encoding="utf-8"))
    entry = shipped[path.relative_to(FONTS).as_posix()]
    assert entry["bytes"] == path.stat().st_size
    assert coverage(name) == read_cmap(path)
    assert len(coverage(name)) > 100


# What the bundled fonts cover.


@pytest.mark.parametrize("name", LATIN_FAMILIES)
def test_bundled_fonts_cover_latin_punctuation_used_on_cards(name):
    needed = "AZaz09 “”‘’—–…·•€£$%&?!«»„‚àéîõüçñßøåæœłşğ"
    missing = [c for c in needed if ord(c) not in coverage(name)]
    assert missing == []


@pytest.mark.parametrize("name", LATIN_FAMILIES)
def test_latin_families_cover_european_languages_vietnamese_greek_and_cyrillic(name):
    alphabets = {
        "Vietnamese": "ĂăÂâĐđÊêÔôƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊị"
                      "ỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ",
        "Central and Northern European": "ȘșȚțŐőŰűŁłĄąĘęĮįŲųŠšŽžĞğİıŞşØøÅåÆæŒœÞþÐð",
        "Greek": "ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰΆΈΉΊΌΎΏ",
        "Cyrillic": "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
                    "ЄєІіЇїҐґЎўЈјЉљЊњЋћЏџЂђЃѓЌќЅѕ",
    }
    missing = {k: [c for c in v if ord(c) not in coverage(name)] for k, v in alphabets.items()}
    assert missing == {k: [] for k in alphabets}
    assert scripts_of(name) == ("Latin", "Greek", "Cyrillic")


def test_noto_files_cover_their_script():
    scripts = {name: scripts_of(name) for name in bundled_fonts() if name.startswith("Noto")}
    assert scripts == {
        "NotoNaskhArabic-Regular": ("Arabic",), "NotoSansArabic-Regular": ("Arabic",),
        "NotoSansArabic-Bold": ("Arabic",), "NotoSerifHebrew-Regular": ("Hebrew",),
        "NotoSansHebrew-Regular": ("Hebrew",), "NotoSansHebrew-Bold": ("Hebrew",),
        "NotoSerifDevanagari-Regular": ("Devanagari",),
        "NotoSansDevanagari-Regular": ("Devanagari",), "NotoSansDevanagari-Bold": ("Devanagari",),
        "NotoSansThai-Regular": ("Thai",), "NotoSansThai-Bold": ("Thai",),
        "NotoSerifThai-Regular": ("Thai",), "NotoSerifThai-Bold": ("Thai",),
    }


# Fallback chains.


def test_semibold_and_bold_sans_fall_back_to_bold_noto():
    assert [style_of(n) for n in ("Vollkorn-SemiBold", "Inter-Regular", "Inter-Medium",
                                  "Inter-SemiBold", "Inter-Bold")] == \
        ["serif-bold", "sans", "sans", "sans-bold", "sans-bold"]
    assert [f.name for f in chain("Inter-SemiBold")] == [
        "Inter-SemiBold", "NotoSansArabic-Bold", "NotoSansHebrew-Bold", "NotoSansDevanagari-Bold",
        "NotoSansThai-Bold"]
    assert [f.name for f in chain("Vollkorn-Regular", ("Inter-Regular",))] == [
        "Vollkorn-Regular", "Inter-Regular", "NotoNaskhArabic-Regular",
        "NotoSerifHebrew-Regular", "NotoSerifDevanagari-Regular", "NotoSerifThai-Regular"]


def ink(face_name: str, text: str) -> int:
    from PIL import ImageFont

    from cards.text.faces import face as face_of

    font = ImageFont.truetype(str(face_of(face_name).path), 48)
    mask = font.getmask(text)
    return sum(1 for i in range(mask.size[0] * mask.size[1]) if mask[i] > 127)


@pytest.mark.parametrize("text", ["قال الوزير", "אמר השר", "कहा मंत्री"])
def test_a_bold_serif_falls_back_to_a_face_of_its_weight(text):
    """An Arabic, Hebrew or Devanagari word in a semi-bold serif quote is drawn as heavy
    as the Latin around it: its ink is that of a bold face, not a regular one."""
    [(_, chosen)] = runs_of(text, "Vollkorn-SemiBold")
    regular = {"ق": "NotoNaskhArabic-Regular", "א": "NotoSerifHebrew-Regular",
               "क": "NotoSerifDevanagari-Regular"}[text[0]]
    assert chosen.endswith("Bold")
    assert ink(chosen, text) > 1.15 * ink(regular, text)


def runs_of(text: str, font: str, lang: str = "") -> list[tuple[str, str]]:
    return [(r.text, r.face.name) for r in split_runs(text, chain(font), "quote", lang)]


def test_text_in_the_roles_font_is_one_run():
    assert runs_of("Café, Ελλάδα, Москва.", "Vollkorn-Regular") == [
        ("Café, Ελλάδα, Москва.", "Vollkorn-Regular")]


def test_a_hebrew_name_in_an_english_sentence_is_a_hebrew_run():
    assert runs_of("Thanks to מרים כהן for this.", "Vollkorn-Regular") == [
        ("Thanks to ", "Vollkorn-Regular"),
        ("מרים כהן ", "NotoSerifHebrew-Regular"),
        ("for this.", "Vollkorn-Regular"),
    ]


@pytest.mark.parametrize(("font", "arabic"), [
    ("Vollkorn-Regular", "NotoNaskhArabic-Regular"),
    ("Inter-Regular", "NotoSansArabic-Regular"),
    ("Inter-SemiBold", "NotoSansArabic-Bold"),
])
def test_arabic_follows_the_style_of_the_roles_font(font, arabic):
    assert runs_of("Said رشيد", font) == [("Said ", font), ("رشيد", arabic)]


def test_devanagari_with_its_vowel_signs_is_one_run():
    assert runs_of("Namaste नमस्ते", "Inter-Regular") == [
        ("Namaste ", "Inter-Regular"), ("नमस्ते", "NotoSansDevanagari-Regular")]


def test_a_combining_mark_is_never_split_from_its_base():
    # The Hebrew font has the letter and its point, Vollkorn neither: one Hebrew run.
    assert runs_of("a שָׁ b", "Vollkorn-Regular") == [
        ("a ", "Vollkorn-Regular"), ("שָׁ ", "NotoSerifHebrew-Regular"), ("b", "Vollkorn-Regular")]
    # A Latin letter with a combining acute stays in the Latin font.
    assert runs_of("Cafe\u0301 שלום", "Vollkorn-Regular")[0] == ("Cafe\u0301 ", "Vollkorn-Regular")


def test_a_letter_and_mark_no_one_font_has_together_is_refused():
    """Devanagari KA is in Noto, the combining tilde only in Vollkorn: drawing them from two
    fonts would misplace the mark (this used to escape as a bare StopIteration)."""
    with pytest.raises(FontError) as info:
        split_runs("a \u0915\u0303", chain("Vollkorn-Regular"), "quote")
    assert str(info.value) == (
        "the quote has 'क̃' (U+0915 DEVANAGARI LETTER KA + U+0303 COMBINING TILDE), which no"
        " one font can draw whole (tried Vollkorn-Regular, NotoNaskhArabic-Regular,"
        " NotoSerifHebrew-Regular, NotoSerifDevanagari-Regular, NotoSerifThai-Regular); remove or replace that character"
    )


@needs_system_fonts
@pytest.mark.parametrize("emoji", [
    "\U0001F469\U0001F3FD\u200D\U0001F4BB",  # woman technologist, medium skin tone (ZWJ)
    "\U0001F44D\U0001F3FF",  # thumbs up, dark skin tone
    "\U0001F3F3\uFE0F\u200D\U0001F308",  # rainbow flag
])
def test_an_emoji_sequence_stays_one_run_in_a_colour_font(emoji):
    runs = split_runs(f"Done {emoji} today", chain("Vollkorn-Regular"), "quote")
    assert [r.text for r in runs] == ["Done ", emoji, " today"]
    assert runs[1].face.strike is not None and runs[1].face.color
    assert runs[0].face.name == runs[2].face.name == "Vollkorn-Regular"


@needs_system_fonts
@pytest.mark.parametrize(("lang", "family"), [
    ("ja", "NotoSerifCJKJP"), ("zh-Hans", "NotoSerifCJKSC"), ("zh-Hant", "NotoSerifCJKTC"),
    ("zh-TW", "NotoSerifCJKTC"), ("ko", "NotoSerifCJKKR"),
])
def test_cjk_comes_from_the_system_in_the_forms_of_the_language(lang, family):
    """fontconfig does not know "zh-Hans"; asked for it, it gives Japanese forms."""
    [run] = split_runs("漢字", chain("Vollkorn-Regular"), "quote", lang)
    assert run.face.name.startswith(family)


def test_fontconfig_is_asked_for_chinese_by_region():
    assert [sysfonts.fc_lang(x) for x in ("zh", "zh-Hans", "zh-Hant", "zh-Hant-HK", "zh_TW",
                                          "ja", "")] == \
        ["zh-cn", "zh-cn", "zh-tw", "zh-hk", "zh-tw", "ja", ""]


# Characters no font has.


def test_a_character_no_font_covers_is_named():
    # TOTO LETTER PA (Unicode 14) is in no Noto font packaged in Debian 12.
    with pytest.raises(FontError) as info:
        split_runs("Rain \U0001E290 again", chain("Vollkorn-Regular"), "quote")
    assert str(info.value) == (
        "the quote has U+1E290 TOTO LETTER PA ('\U0001E290'), which no font can draw (tried"
        " Vollkorn-Regular, NotoNaskhArabic-Regular, NotoSerifHebrew-Regular,"
        " NotoSerifDevanagari-Regular, NotoSerifThai-Regular); remove or replace that character"
    )


def test_an_unnamed_character_is_named_by_its_code_point():
    with pytest.raises(FontError) as info:
        split_runs("x\U0010FFFD", chain("Inter-SemiBold"), "attribution")
    assert str(info.value) == (
        "the attribution has U+10FFFD unnamed character ('\\U0010fffd'), which no font can"
        " draw (tried Inter-SemiBold, NotoSansArabic-Bold, NotoSansHebrew-Bold,"
        " NotoSansDevanagari-Bold, NotoSansThai-Bold); give the name another way with \"speaker\""
    )


def test_without_system_cjk_fonts_the_error_names_the_package(monkeypatch):
    monkeypatch.setattr(sysfonts, "system_face", lambda cluster, lang, style: None)
    with pytest.raises(FontError) as info:
        split_runs("港湾日报", chain("Inter-Bold"), "site")
    assert str(info.value) == (
        "the site has U+6E2F CJK UNIFIED IDEOGRAPH-6E2F ('港'), which no font can draw (tried"
        " Inter-Bold, NotoSansArabic-Bold, NotoSansHebrew-Bold, NotoSansDevanagari-Bold, NotoSansThai-Bold);"
        " install a font that has it (Debian: apt-get install fonts-noto-cjk), or give the"
        " publication's name with \"site\""
    )


@pytest.mark.parametrize("text,package", [
    ("ພວກເຮົາ", "fonts-lao"), ("យើងនឹង", "fonts-khmeros"),
    ("ကျွန်ုပ်", "fonts-sil-padauk"),
])
def test_without_a_system_font_for_a_spaceless_script_the_error_names_the_package(
        monkeypatch, text, package):
    monkeypatch.setattr(sysfonts, "system_face", lambda cluster, lang, style: None)
    with pytest.raises(FontError) as info:
        split_runs(text, chain("Vollkorn-Regular"), "quote")
    assert f"install a font that has it (Debian: apt-get install {package})" in str(info.value)


def test_without_a_colour_emoji_font_the_error_names_the_package(monkeypatch):
    monkeypatch.setattr(sysfonts, "system_face", lambda cluster, lang, style: None)
    with pytest.raises(FontError, match=r"U\+1F6A2 SHIP .*apt-get install fonts-noto-color-emoji"):
        split_runs("Aboard \U0001F6A2", chain("Vollkorn-Regular"), "quote")


@pytest.mark.parametrize("font,expected", [
    ("Vollkorn-Regular", "NotoSerifThai-Regular"), ("Vollkorn-SemiBold", "NotoSerifThai-Bold"),
    ("Inter-Regular", "NotoSansThai-Regular"), ("Inter-SemiBold", "NotoSansThai-Bold"),
])
def test_thai_is_drawn_by_a_bundled_face_of_the_roles_style(monkeypatch, font, expected):
    """No system font is needed for Thai: the bundled Noto Thai matches serif or sans, and
    the weight."""
    monkeypatch.setattr(sysfonts, "system_face", lambda cluster, lang, style: None)
    assert runs_of("เราจะเปิดท่าเรือ", font) == [("เราจะเปิดท่าเรือ", expected)]


@pytest.mark.parametrize("name", sorted(bundled_fonts()))
def test_a_bundled_font_as_shipped_inks_every_character_it_maps(name):
    """`draws_ink` trusts a bundled font of its shipped size (it skips drawing each new
    character to look for ink): every letter, figure, mark and symbol the font maps has
    an outline that inks something."""
    import unicodedata

    from cards.text.faces import draws_ink, face, get_font, shipped_whole

    f = face(name)
    assert shipped_whole(f)
    font = get_font(f, 48)
    blank = []
    for point in sorted(coverage(f)):
        char = chr(point)
        if f.color or not char.strip() or unicodedata.category(char)[0] not in "LNPS":
            continue
        _, top, _, bottom = font.getbbox(char)
        if bottom <= top:
            blank.append(f"U+{point:04X}")
    assert blank == []
    assert draws_ink(f, "a")


def test_a_bundled_font_cut_short_in_place_is_not_trusted(tmp_path, monkeypatch):
    """A bundled file whose size is not the one shipped (an install cut short) is read
    afresh and its characters checked for ink one by one."""
    from cards.text import faces

    whole = faces.face("Vollkorn-Regular")
    assert faces.shipped_whole(whole) and faces.draws_ink(whole, "0")
    cut = tmp_path / "fonts" / whole.path.relative_to(faces.bundled_dir("fonts"))
    cut.parent.mkdir(parents=True)
    cut.write_bytes(whole.path.read_bytes()[:34020])  # its map whole, its outlines cut off
    monkeypatch.setattr(faces, "bundled_dir", lambda kind: tmp_path / kind)
    monkeypatch.setattr(faces, "_shipped_coverage",
                        lambda: json.loads((FONTS / COVERAGE_FILE).read_text(encoding="utf-8")))
    damaged = faces.Face(whole.name, cut)
    assert not faces.shipped_whole(damaged)
    assert not faces.draws_ink(damaged, "0")


def _truetype_files() -> list[str]:
    from fontTools.ttLib import TTFont

    names = []
    for name in sorted(bundled_fonts()):
        from cards.text.faces import face

        with TTFont(face(name).path, lazy=True) as font:
            if "glyf" in font:
                names.append(name)
    return names


@pytest.mark.parametrize("name", _truetype_files())
def test_no_bundled_truetype_font_is_left_to_the_autohinter(name):
    """FreeType sends a TrueType font with no font program, no control-value program and
    no glyph instructions to its autohinter, which moves stems and spacing to whole
    pixels: each bundled one keeps its own hinting (Noto) or a font program that does
    nothing (Vollkorn, as scripts/unhint_font.py leaves it)."""
    from fontTools.ttLib import TTFont

    from cards.text.faces import face

    with TTFont(face(name).path, lazy=True) as font:
        assert len(font.reader["fpgm"] if "fpgm" in font.reader else b"") > 0


@pytest.mark.parametrize("name", ["Vollkorn-Regular", "Vollkorn-Italic", "Vollkorn-SemiBold"])
def test_vollkorn_is_drawn_as_its_outlines(name):
    """The unhinted Vollkorn is drawn as its outlines are, at text and display sizes:
    each glyph Pillow draws is the one FreeType rasterises with no hinting at all
    (freetype-py's own FreeType), and none is the autohinter's."""
    freetype = pytest.importorskip("freetype")
    from PIL import Image

    from cards.text.faces import face, get_font

    path = str(face(name).path)

    def loaded(size: int, char: str, flags: int) -> bytes:
        ft = freetype.Face(path)
        ft.set_pixel_sizes(0, size)
        ft.load_char(char, flags | freetype.FT_LOAD_RENDER)
        bitmap = ft.glyph.bitmap
        image = Image.frombytes("L", (bitmap.width, bitmap.rows), bytes(bitmap.buffer))
        return image.crop(image.getbbox()).tobytes()

    checked = 0
    for size in (14, 18, 24, 40, 64):
        font = get_font(face(name), size)
        for char in "Hamburgefonstiv,“0":
            mask, _ = font.getmask2(char, mode="L")
            drawn = Image.frombytes("L", mask.size, bytes(mask))
            drawn = drawn.crop(drawn.getbbox()).tobytes()
            assert drawn == loaded(size, char, freetype.FT_LOAD_NO_HINTING), (size, char)
            checked += drawn != loaded(size, char, freetype.FT_LOAD_FORCE_AUTOHINT)
    assert checked > 50  # the autohinter would have drawn most of them otherwise
