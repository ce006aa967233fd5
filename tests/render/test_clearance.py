"""The layout keeps the clear space as drawn even where a template's boxes were not
checked (a `Template` built in code, not parsed): a decoration that would crowd the logo
or the QR plate is left off with a note, anything else too close is noted."""

from __future__ import annotations

import tempfile
from pathlib import Path

from msgspec.structs import replace
from PIL import Image

from cards import load_template, parse_article, verify_quote
from cards.design.model import Rect, Rule
from cards.pipeline import card_spec, render_card
from cards.render.clearance import keep_clear
from cards.text.fitting import Box
from tests.conftest import STORY

_FOLDER = tempfile.TemporaryDirectory(prefix="cards-test-")


def with_logo(template: str):
    """The bundled template with a wide logo of our own, as a brand kit gives it."""
    path = Path(_FOLDER.name) / "logo.png"
    image = Image.new("RGBA", (500, 100), (0, 0, 0, 0))
    image.paste((20, 40, 90, 255), (0, 0, 500, 100))
    image.save(path)
    loaded = load_template(template)
    return replace(loaded, sizes={p: replace(s, logo=replace(s.logo, file=path))
                                  for p, s in loaded.sizes.items()})


def test_a_rule_on_the_logo_is_left_off_with_a_note():
    """Classic's story card had its accent bar on the logo's top edge; built so by hand
    (no template file to refuse), the card is still made, without the bar."""
    template = with_logo("classic")
    story = template.sizes["story"]
    bar = Rule(Rect(0.105, 0.13, 0.12, 0.004), "accent")
    template = replace(template, sizes={**template.sizes,
                                        "story": replace(story, rules=(bar,))})
    article = parse_article(STORY, "ferry.md")
    quote = verify_quote(article, "We missed the sound of the horn more than we expected")
    card = render_card(card_spec(article, quote, template, "story", None))
    assert card.layout.rules == ()
    assert card.layout.notes == (
        "rules[0] is left off at classic/story: it would be over the logo, inside the 22 px"
        " kept clear around it",)


def test_what_is_noted():
    boxes = {
        "logo": Box(100, 100, 300, 80),
        "QR plate": Box(800, 700, 200, 200),
        "QR label": Box(800, 910, 200, 30),  # the plate's own label: its gap, not clear space
        "quote": Box(100, 190, 600, 400),  # 10 px under the logo
        "rules[0]": Box(100, 180, 100, 5),  # touching the logo
        "glyphs[1]": Box(700, 650, 80, 60),  # 20 px from the plate
        "headline": Box(100, 700, 500, 60),  # far from both
    }
    off, notes = keep_clear(boxes, 22, "mine/square")
    assert off == {"rules[0]", "glyphs[1]"}
    assert notes == [
        "the quote is 10 px from the logo at mine/square, inside the 22 px the design keeps"
        " clear around it",
        "rules[0] is left off at mine/square: it would be against the logo, inside the 22 px"
        " kept clear around it",
        "glyphs[1] is left off at mine/square: it would be 20 px from the QR plate, inside the"
        " 22 px kept clear around it",
    ]
    assert keep_clear(boxes, 10, "mine/square") == (frozenset({"rules[0]"}), [
        "rules[0] is left off at mine/square: it would be against the logo, inside the 10 px"
        " kept clear around it"])
