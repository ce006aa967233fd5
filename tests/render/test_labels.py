"""Only the quote can refuse a card: a QR label that does not fit is set smaller, then
shortened, then in English, then left off, with a note, at every design and preset; an
attribution is set smaller, then shown as the name without its role."""

from __future__ import annotations

import pytest

from cards import card_spec, load_template, parse_article, render_card, verify_quote
from cards.design.model import PRESETS
from cards.files import bundled_dir
from cards.text.languages import READ_THE_STORY, SHORT_LABEL

TEMPLATES = sorted(p.parent.name for p in bundled_dir("templates").glob("*/template.toml"))
# The longest translation of the label, by width in most faces: the hardest to fit.
LONGEST = max(READ_THE_STORY, key=lambda lang: len(READ_THE_STORY[lang]))


def story(lang: str):
    return parse_article(
        f"---\ntitle: Harbour\nurl: https://example.org/h\nlang: {lang}\n---\n\n"
        "“We will open the pier on time this year, as we promised everyone,” said Ana Ruiz.\n",
        "story.md")


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("lang", sorted({LONGEST, "el", "pl", "hi", "es"}))
def test_no_label_refuses_a_card(template, preset, lang):
    article = story(lang)
    quote = verify_quote(article, "We will open the pier on time this year")
    loaded = load_template(template)
    if preset not in loaded.sizes:
        pytest.skip(f"{template} has no {preset}")
    card = render_card(card_spec(article, quote, loaded, preset, "https://example.org/h",
                                 story_qr=True))
    label = card.layout.qr.label
    notes = card.layout.notes
    if label is None:
        assert any("the card has none" in n for n in notes)
        return
    shown = "".join(span.text for line in label.lines for span in line.spans)
    assert shown in (READ_THE_STORY[lang], SHORT_LABEL.get(lang), "Read the story")
    if shown == SHORT_LABEL.get(lang):  # it gave way, and says so
        assert any(f"it is shortened to '{shown}'" in n for n in notes)
    elif shown != READ_THE_STORY[lang]:
        assert any("it is in English ('Read the story')" in n for n in notes)
    assert label.size >= 22
    width = max(sum(span.width for span in line.spans) for line in label.lines)
    assert width <= card.layout.qr.box.w


def test_a_french_opening_guillemet_hangs_with_its_space():
    """The narrow no-break space after « hangs with it: the first line's letters start
    where the lines below start."""
    article = parse_article(
        "---\ntitle: Port\nurl: https://example.org/p\nlang: fr\n---\n\n« Nous avons promis"
        " d’ouvrir la jetée à temps cette année, et nous tiendrons parole devant tous les"
        " habitants », a déclaré Claire Roux.\n", "port.md")
    quote = verify_quote(article, "Nous avons promis d’ouvrir la jetée à temps cette année")
    card = render_card(card_spec(article, quote, load_template("classic"), "landscape",
                                 "https://example.org/p"))
    lines = card.layout.text("quote").lines
    assert len(lines) >= 2
    mark, letters = lines[0].spans[0], lines[0].spans[1]
    assert mark.text == "«\u202f" and letters.text.startswith("Nous")
    assert {letters.x} == {line.spans[0].x for line in lines[1:]}


def test_preview_says_what_gave_way(runner, tmp_path):
    from cards.cli.main import main

    (tmp_path / "el.md").write_text(
        "---\ntitle: Λιμάνι\nurl: https://example.org/el\nlang: el\n---\n\n«Θα ανοίξουμε το"
        " λιμάνι εγκαίρως φέτος, όπως υποσχεθήκαμε», είπε η Άννα Ρουίζ.\n", encoding="utf-8")
    result = runner.invoke(main, ["preview", "el.md", "-q", "1", "-t", "bold", "-s",
                                  "landscape", "-o", "sheet.png", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert ("Warning: the QR label 'Διαβάστε το άρθρο' does not fit under the code at"
            " bold/landscape; it is shortened to 'Το άρθρο'") in result.stderr


# A speaker with a role, too long together for any design's attribution line.
NAME = "Dr. Maximiliane von Hohenzollern-Sigmaringen"
LONG_ROLE = f"{NAME}, harbourmaster of the Riverside port authority and of its pilots"


@pytest.mark.parametrize("preset", list(PRESETS))
@pytest.mark.parametrize("template", TEMPLATES)
def test_an_attribution_gives_way_but_never_loses_its_name(template, preset):
    article = story("en")
    quote = verify_quote(article, "We will open the pier on time this year")
    loaded = load_template(template)
    if preset not in loaded.sizes:
        pytest.skip(f"{template} has no {preset}")
    card = render_card(card_spec(article, quote, loaded, preset, "https://example.org/h",
                                 speaker=LONG_ROLE))
    block = card.layout.text("attribution")
    shown = " ".join(line.text for line in block.lines)
    notes = card.layout.notes
    assert NAME in shown  # whole, never cut with "…"
    assert "…" not in shown
    if "harbourmaster" not in shown:
        assert any(f"the attribution is shown as '{NAME}'" in n for n in notes), notes
    smallest = loaded.size(preset).texts["attribution"].size_min
    if block.size < smallest:
        assert any(f"at {block.size} px" in n for n in notes), notes
    assert block.size >= min(22, smallest)
    assert block.box.contains(block.extent)


@pytest.mark.parametrize("speaker,name", [
    ("Ana Ruiz, Jr., harbourmaster of the Riverside port authority and of its pilots, who"
     " has run the harbour for thirty years", "Ana Ruiz, Jr."),
    ("سارة الحسيني، مديرة هيئة الميناء في المدينة ورئيسة نقابة المرشدين البحريين منذ"
     " ثلاثين عاماً وأكثر", "سارة الحسيني"),
])
def test_the_name_alone_keeps_its_suffix_and_takes_any_comma(speaker, name):
    article = story("en")
    quote = verify_quote(article, "We will open the pier on time this year")
    card = render_card(card_spec(article, quote, load_template("minimal"), "landscape",
                                 "https://example.org/h", speaker=speaker))
    assert " ".join(line.text for line in card.layout.text("attribution").lines).endswith(
        name)
