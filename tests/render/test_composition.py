"""The quote is the hero at every length, on every design and preset: no band of empty
paper, other text well below it, and a QR plate of one size that stays lighter than the
quote at thumbnail size. Measured from each card's layout and pixels (tests/composition.py;
scripts/composition.py prints the same table)."""

from __future__ import annotations

from functools import cache

import pytest
import zxingcpp
from PIL import Image

from cards import load_template, parse_article, verify_quote
from cards.files import bundled_dir
from cards.pipeline import card_spec, render_card
from cards.render.layout import HIERARCHY
from cards.render.qr import MIN_MODULE_PX
from cards.text.fitting import chars_that_fit
from tests.composition import QUOTES, SPEAKER, article_text, measure

URL = "https://example.org/news/2026/12/island-ferry-winter"
TEMPLATES = sorted(p.parent.name for p in bundled_dir("templates").glob("*/template.toml"))
CASES = [(t, p, n) for t in TEMPLATES for p in load_template(t).sizes for n in QUOTES]


@cache
def card(template: str, preset: str, length: int, url: str = URL, speaker: str | None = SPEAKER,
         headline: bool = True, story_qr: bool = False):
    text = article_text(url)
    if not headline:
        text = text.replace("title: The island ferry will run through the winter\n", "")
    article = parse_article(text, "ferry.md")
    spec = card_spec(article, verify_quote(article, QUOTES[length]), load_template(template),
                     preset, url, speaker, story_qr=story_qr)
    if not headline or speaker is None:
        from msgspec.structs import replace

        spec = replace(spec, headline=None if not headline else spec.headline,
                       speaker=speaker)
    made = render_card(spec)
    return made.layout, made.png()


@pytest.mark.parametrize("template,preset,length", CASES)
def test_the_quote_is_the_hero(template, preset, length):
    layout, png = card(template, preset, length)
    m = measure(layout, png)
    assert m.band <= 0.20, f"an empty band of {m.band:.0%} of the height"
    assert m.cap_ratio >= HIERARCHY, f"the quote's capitals are {m.cap_ratio:.2f}x the rest"
    assert m.qr_share <= 0.16
    assert m.ink_ratio < 1.0, f"the QR plate outweighs the quote ({m.ink_ratio:.2f})"


@pytest.mark.parametrize("template", TEMPLATES)
def test_no_hole_where_a_speaker_or_headline_would_be(template):
    for preset in load_template(template).sizes:
        layout, png = card(template, preset, 140, speaker=None, headline=False)
        assert layout.text("attribution") is None and layout.text("headline") is None
        assert measure(layout, png).band <= 0.20, preset


# Story URLs of every usual length, up to one with tracking parameters.
URLS = [
    "https://ex.org/a",
    URL,
    URL + "?utm_source=instagram&utm_medium=social&utm_campaign=winter-ferry",
]


@pytest.mark.parametrize("template", TEMPLATES)
def test_one_plate_size_whatever_the_url(template):
    for preset in load_template(template).sizes:
        plates = set()
        for url in URLS:
            layout, png = card(template, preset, 140, url=url, story_qr=True)
            qr = layout.qr
            plates.add((qr.plate.w, qr.plate.x, qr.plate.y))
            assert qr.module_px >= MIN_MODULE_PX
            code = (qr.modules + 2 * qr.quiet_modules) * qr.module_px
            assert code <= qr.plate.w < code + qr.modules + 2 * qr.quiet_modules
            import io

            image = Image.open(io.BytesIO(png))
            assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]
        assert len(plates) == 1, (preset, plates)


def test_minimal_holds_as_many_characters_as_classic():
    from cards.render.layout import _box
    from cards.text.fitting import Setting
    from cards.text.runs import chain

    text = "“" + " ".join([QUOTES[280]] * 4)
    for preset in load_template("classic").sizes:
        fits = {}
        for name in ("classic", "minimal"):
            size = load_template(name).size(preset)
            style = size.texts["quote"]
            box = _box(style.box, size.width, size.height, False)
            s = Setting("quote", chain(style.font, style.fallbacks), "en", False, (),
                        style.features, hang=True, room=200)
            fits[name] = chars_that_fit(style, text, box, s)
        assert fits["minimal"] >= fits["classic"], (preset, fits)


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_kicker_aligns_to_the_right_margin_not_the_quote(template):
    """The kicker ends on the card's right margin, as far from the right edge as the site
    line starts from the left: not where the quote's column happens to end."""
    article = parse_article(article_text(URL).replace("---\n\n", "kicker: Interview\n---\n\n", 1),
                            "ferry.md")
    loaded = load_template(template)
    for preset in loaded.sizes:
        spec = card_spec(article, verify_quote(article, QUOTES[140]), loaded, preset, URL,
                         SPEAKER, story_qr=True)
        layout = render_card(spec).layout
        kicker = layout.text("kicker")
        assert kicker is not None and kicker.lines[0].text == "INTERVIEW"
        right = layout.width - layout.text("site").box.x
        assert right - 3 <= kicker.extent.right <= right, (preset, kicker.extent, right)


@pytest.mark.parametrize("template,preset,length", CASES)
def test_nothing_moves_up_against_the_qr_plate(template, preset, length):
    """The moved quote group keeps its distance from the QR code: no rule or line of
    text that shares the plate's columns comes within 2% of the short side of it (a
    square card's rule under the quote once ran into the plate's side)."""
    layout, _ = card(template, preset, length, story_qr=True)
    plate = layout.qr.plate
    near = round(0.02 * min(layout.width, layout.height)) - 1
    drawn = [("rule", box) for box, _ in layout.rules] + [
        (t.role, t.extent) for t in layout.texts]
    for name, box in drawn:
        if box.x < plate.right and plate.x < box.right:
            if box.h > layout.height / 2:
                continue  # a column rule beside the code, not above it
            apart = plate.y - box.bottom if box.bottom <= plate.y else box.y - plate.bottom
            assert apart >= near, (name, box, plate)
