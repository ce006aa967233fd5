"""Decorations follow the brand: a glyph is set in the quote's face unless the design
names one, and bold's giant mark leads the quote (it is the quote's own opening mark,
drawn large above the first line in its place) instead of repeating it at the end of
the first line. Measured from `cards render --explain` and the pixels of the card."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from cards.cli.main import main

BOLD_ACCENT = [255, 210, 63]
BOLD_TEXT = (255, 255, 255)

ARTICLE = """---
title: The tram depot becomes a covered market
url: https://example.org/city/2026/06/tram-depot-market
site: The Northgate Post
lang: {lang}
---

{body}
"""
ENGLISH = ('"We kept the rails in the floor so that nobody forgets what this building was,"'
           " said Nadia Brandt, the architect.")
FRENCH = ("« Nous avons gardé les rails dans le sol pour que personne n’oublie ce bâtiment »,"
          " a dit Nadia Brandt, l’architecte.")
GERMAN = ("„Wir haben die Schienen im Boden gelassen, damit niemand vergisst, was dieses"
          " Gebäude war“, sagte Nadia Brandt, die Architektin.")
SERIF_KIT = 'name = "The Northgate Post"\n[fonts]\nquote = "Vollkorn-SemiBold"\n'


def cards(runner, *args: str, lang: str = "en", body: str = ENGLISH) -> list[dict]:
    Path("depot.md").write_text(ARTICLE.format(lang=lang, body=body), encoding="utf-8")
    result = runner.invoke(main, ["render", "depot.md", "-q", "1", "--explain", "-o", "out/",
                                  *args])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.stderr
    return json.loads(result.stdout)


def quote_of(layout: dict) -> dict:
    return next(t for t in layout["texts"] if t["role"] == "quote")


@pytest.mark.parametrize("kit,font", [(None, "Inter-Bold"), (SERIF_KIT, "Vollkorn-SemiBold")])
def test_bolds_mark_leads_the_quote_in_the_quotes_face(runner, tmp_path, kit, font):
    args = ["-t", "bold", "-s", "all"]
    if kit:
        (tmp_path / "kit.toml").write_text(kit, encoding="utf-8")
        args += ["--brand", "kit.toml"]
    made = cards(runner, *args)
    for card in made:
        layout = card["layout"]
        quote = quote_of(layout)
        assert quote["font"] == font
        if layout["preset"] in ("landscape", "wide"):
            # No room above the quote there: no mark, and the quote hangs its own.
            assert layout["glyphs"] == []
            assert quote["lines"][0]["text"].startswith("“")
            continue
        [glyph] = layout["glyphs"]
        assert (glyph["text"], glyph["font"], glyph["color"]) == ("“", font, BOLD_ACCENT)
        ink, first = glyph["ink"], quote["lines"][0]
        letters = quote["box"]["x"] + quote["hang"]
        # Above the first line, by the design's gap (1% of the height)...
        assert ink["y"] + ink["h"] == quote["extent"]["y"] - round(0.01 * layout["height"])
        # ...hanging from the letters' edge into the margin, as the quote's mark did...
        assert ink["x"] < letters < ink["x"] + ink["w"]
        assert ink["x"] >= round(0.06 * layout["width"])
        # ...and in its place: the first line starts with its first word.
        assert first["text"].startswith("We kept") and first["x"] == letters
        assert quote["extent"]["x"] == letters  # the lines' extent starts at the letters
        assert quote["text"].startswith("“We kept") and quote["mark"] is None
        # As tall as the design says: 5% of the height (4% on a story).
        share = 0.04 if layout["preset"] == "story" else 0.05
        assert round(share * layout["height"]) - 2 <= ink["h"] <= round(share * layout["height"])
        # The card shows it so: the accent in the mark's ink, no white mark where the
        # small one hung.
        with Image.open(card["file"]) as png:
            image = png.convert("RGB")
        mark = image.crop((ink["x"], ink["y"], ink["x"] + ink["w"], ink["y"] + ink["h"]))
        assert any(c == tuple(BOLD_ACCENT) for _, c in mark.getcolors(1 << 20))
        line_top = first["baseline"] - quote["size"]
        hang = image.crop((ink["x"], line_top, letters, first["baseline"]))
        assert all(c != BOLD_TEXT for _, c in hang.getcolors(1 << 20))
    assert {c["layout"]["preset"] for c in made if c["layout"]["glyphs"]} == {
        "square", "portrait", "story"}


def test_no_mark_repeats_the_quotes_at_the_end_of_its_first_line(runner, tmp_path):
    """bold's giant mark sat top right, level with the quote's first line. Every glyph of
    every bundled design now sits above the quote's first line, at its start."""
    (tmp_path / "kit.toml").write_text(SERIF_KIT, encoding="utf-8")
    for design in ("bold", "classic", "minimal", "night", "photo"):
        for card in cards(runner, "-t", design, "-s", "all", "--brand", "kit.toml"):
            layout = card["layout"]
            quote = quote_of(layout)
            for glyph in layout["glyphs"]:
                ink = glyph["ink"]
                assert ink["y"] + ink["h"] < quote["extent"]["y"], (design, layout["preset"])
                assert ink["x"] < quote["box"]["x"] + quote["hang"], (design, layout["preset"])


@pytest.mark.parametrize("lang,body,mark,first", [
    ("fr", FRENCH, "«", "Nous avons"),
    ("de", GERMAN, "„", "Wir haben"),
])
def test_the_mark_is_the_quotes_own_in_its_language(runner, lang, body, mark, first):
    for card in cards(runner, "-t", "bold", "-s", "portrait", lang=lang, body=body):
        quote = quote_of(card["layout"])
        [glyph] = card["layout"]["glyphs"]
        assert glyph["text"] == mark
        assert quote["lines"][0]["text"].startswith(first)


def test_a_right_to_left_quote_is_led_from_the_right(runner):
    body = "قالت مريم: «المكتبة مكان للجميع في هذه المدينة».\n"
    [card] = cards(runner, "-t", "bold", "-s", "portrait", "--speaker", "مريم", lang="ar",
                   body=body)
    layout = card["layout"]
    quote = quote_of(layout)
    [glyph] = layout["glyphs"]
    ink, first = glyph["ink"], quote["lines"][0]
    letters = quote["box"]["x"] + quote["box"]["w"] - quote["hang"]
    assert glyph["text"] == "«" and glyph["direction"] == "rtl"
    assert ink["x"] < letters < ink["x"] + ink["w"]  # hanging into the right margin
    assert first["x"] + first["width"] == letters
    assert ink["x"] + ink["w"] <= layout["width"] - round(0.06 * layout["width"])
    assert not first["text"].startswith("«")


def write(body: str) -> None:
    folder = Path("templates") / "mine"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.toml").write_text('name = "mine"\nextends = "bold"\n' + body,
                                          encoding="utf-8")


def test_a_design_may_name_the_marks_font(runner, tmp_path):
    write('[sizes.portrait]\nglyphs = [{ at = "quote", height = 0.05, font = "Inter-Bold",'
          ' color = "accent" }]\n')
    (tmp_path / "kit.toml").write_text(SERIF_KIT, encoding="utf-8")
    [card] = cards(runner, "-t", "mine", "-s", "portrait", "--brand", "kit.toml")
    [glyph] = card["layout"]["glyphs"]
    assert glyph["font"] == "Inter-Bold" and quote_of(card["layout"])["font"] == "Vollkorn-SemiBold"


def test_glyph_mistakes_are_named(runner):
    cases = {
        '[sizes.portrait]\nglyphs = [{ at = "quote", size = 0.2 }]\n':
            'sizes.portrait.glyphs[0].size: a glyph that leads the quote (at = "quote") has no'
            " size; give its height",
        '[sizes.portrait]\nglyphs = [{ text = "*", at = [0.5, 0.5], size = 0.1,'
        ' height = 0.05 }]\n':
            "sizes.portrait.glyphs[0].height: a glyph that is placed at [x, y] has no height;"
            " give its size",
        '[sizes.portrait]\nglyphs = [{ at = "top" }]\n':
            'sizes.portrait.glyphs[0].at: expected [x, y] as fractions of the canvas, or'
            ' "quote" to lead the quote, got \'top\'',
        '[sizes.portrait]\nglyphs = [{ at = [0.5, 0.5], size = 0.1 }]\n':
            "sizes.portrait.glyphs[0].text: missing",
        # A mark as tall as a fifth of the card has no room above bold's quote.
        '[sizes.portrait]\nglyphs = [{ at = "quote", height = 0.2 }]\n':
            "glyphs[0]: at portrait the glyph has no room above the quote (it"
            " would run off the top); make it smaller or move quote.box down",
        # Hostile: a dot asked to be half the card tall is set no larger than a card.
        '[sizes.portrait]\nglyphs = [{ at = "quote", height = 0.5, text = "." }]\n':
            "glyphs[0]: at portrait the glyph has no room above the quote (it would run off"
            " the top); make it smaller or move quote.box down",
        '[sizes.portrait]\nglyphs = [{ at = "quote", height = 0.07 }]\n':
            "glyphs[0] overlaps logo.box at portrait, inside the 22 px kept clear around the"
            " logo (clear_space = 0.02 of the short side); move one of them",
        '[sizes.portrait]\nglyphs = [{ at = "quote", height = 0.05, text = "☃" }]\n':
            "glyphs[0].text: the quote's font \"Inter-Bold\" has no '☃' (at"
            " portrait); give the glyph a font that has",
    }
    for body, message in cases.items():
        write(body)
        result = runner.invoke(main, ["templates", "validate", "mine"])
        assert result.exit_code == 1, body
        assert result.stderr == f"Error: templates/mine/template.toml: {message}\n", body


def test_templates_show_gives_the_leading_mark(runner):
    result = runner.invoke(main, ["templates", "show", "bold", "--size", "story"])
    assert json.loads(result.stdout)["sizes"]["story"]["glyphs"] == [
        {"text": None, "font": None, "size": 0.0, "at": None, "color": "accent",
         "height": 0.04, "gap": 0.01}]


def test_a_brand_font_without_curly_marks_still_leads_with_the_quotes_mark(runner, tmp_path):
    """The mark is drawn large in whichever face draws it in the quote: a kit's font
    without “ (here Vollkorn cut down to Latin letters) is not refused for it."""
    from fontTools import subset

    from cards.text.faces import bundled_fonts

    options = subset.Options()
    font = subset.load_font(str(bundled_fonts()["Vollkorn-SemiBold"]), options)
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[*range(0x20, 0x250), 0x2019])
    cutter.subset(font)
    subset.save_font(font, str(tmp_path / "Plain.ttf"), options)
    (tmp_path / "kit.toml").write_text('[fonts]\nquote = "Plain.ttf"\n', encoding="utf-8")
    assert runner.invoke(main, ["templates", "validate", "bold", "--brand", "kit.toml"]
                         ).stdout == "ok: bold\n"
    [card] = cards(runner, "-t", "bold", "-s", "portrait", "--brand", "kit.toml")
    quote = quote_of(card["layout"])
    [glyph] = card["layout"]["glyphs"]
    assert quote["font"] == "Plain" and glyph["text"] == "“" and glyph["font"] != "Plain"
    closing = quote["lines"][-1]["spans"][-1]
    assert closing["text"].endswith("”") and closing["face"]["name"] == glyph["font"]
