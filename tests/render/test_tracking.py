"""Capitals and small capitals are spaced out (tracked), evenly: each letter lands at its
fraction of a pixel, so the gaps between them are equal on the card, not a pixel wider
every third letter. Measured on the PNG: the distance between the ink centres of
identical letters."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from cards import load_article, load_template, verify_quote
from cards.design.model import CAPS_TRACKING
from cards.design.parse import TemplateError
from cards.pipeline import card_spec, render_card
from cards.text.faces import face
from cards.text.measuring import advance

STORY = """---
title: The ferry returns
url: https://example.org/ferry
kicker: {kicker}
---

“The ferry is back on the water and it runs every day,” said Ines Duarte.
"""


def card(tmp_path: Path, template: str, site: str, kicker: str = "Interview",
         style: str | None = None):
    path = tmp_path / "ferry.md"
    path.write_text(STORY.format(kicker=kicker), encoding="utf-8")
    article = load_article(str(path))
    spec = card_spec(article, verify_quote(article, "The ferry is back on the water"),
                     load_template(style or template), "landscape", article.url,
                     site=site, kicker=kicker)
    made = render_card(spec)
    return made.layout, Image.open(io.BytesIO(made.png())).convert("L")


def centres(image: Image.Image, top: int, bottom: int, x0: int, x1: int) -> list[float]:
    """The ink centre of each stretch of inked columns between x0 and x1."""
    histogram = image.crop((x0, top, x1, bottom)).histogram()
    ground = histogram.index(max(histogram))  # the paper: the commonest shade
    out, mass, moment = [], 0.0, 0.0
    for x in range(x0, x1):
        ink = sum(abs(image.getpixel((x, y)) - ground) for y in range(top, bottom))
        if ink > 40:
            mass, moment = mass + ink, moment + ink * x
        elif mass:
            out.append(moment / mass)
            mass = moment = 0.0
    return out


def pitches(layout, image, role: str) -> tuple[list[float], float]:
    block = layout.text(role)
    line = block.lines[0]
    found = centres(image, line.baseline - block.size, line.baseline + 2, line.x - 2,
                    line.x + line.width + 4)
    return [b - a for a, b in zip(found, found[1:], strict=False)], block.size


def test_small_capitals_are_tracked_evenly(tmp_path):
    layout, image = card(tmp_path, "minimal", "IIIIIIIIIIIIIIII")
    steps, size = pitches(layout, image, "site")
    assert len(steps) == 15
    vollkorn = face("Vollkorn-Regular")
    glyph = advance(vollkorn, size, "I", ("kern", "c2sc", "smcp", "lnum"))
    # Each step is the letter's advance and the tracking: wider than untracked...
    assert min(steps) > glyph + 0.5 * CAPS_TRACKING * size, steps
    # ...and even: whole-pixel pens gave steps of 9 and 10 px in one line.
    assert max(steps) - min(steps) < 0.6, steps


@pytest.mark.parametrize("template", ["classic", "bold", "night"])
def test_capital_kickers_take_the_design_tracking(tmp_path, template):
    layout, image = card(tmp_path, template, "Riverside Courier", kicker="Hhhhhhhhhhhh")
    block = layout.text("kicker")
    assert block.lines[0].text == "HHHHHHHHHHHH"
    span = block.lines[0].spans[0]
    assert span.tracking == pytest.approx(CAPS_TRACKING * span.size)
    steps, _ = pitches(layout, image, "kicker")
    assert len(steps) == 11
    assert max(steps) - min(steps) < 0.6, steps


def test_lower_case_and_joined_scripts_are_not_tracked(tmp_path):
    layout, _ = card(tmp_path, "classic", "Riverside Courier", kicker="Interview")
    assert all(s.tracking == 0 for line in layout.text("site").lines for s in line.spans)
    layout, _ = card(tmp_path, "classic", "Riverside Courier", kicker="مقابلة")
    # Arabic has no capitals, and spacing its letters would break their joins.
    assert all(s.tracking == 0 for line in layout.text("kicker").lines for s in line.spans)


def test_a_template_sets_its_own_tracking(tmp_path):
    folder = tmp_path / "wide"
    folder.mkdir()
    (folder / "template.toml").write_text(
        'name = "wide"\nextends = "classic"\n[kicker]\ntracking = 0.2\n', encoding="utf-8")
    layout, image = card(tmp_path, "", "Riverside Courier", kicker="Hhhhhhhhhhhh",
                         style=str(folder))
    span = layout.text("kicker").lines[0].spans[0]
    assert span.tracking == pytest.approx(0.2 * span.size)
    steps, size = pitches(layout, image, "kicker")
    assert max(steps) - min(steps) < 0.6, steps
    (folder / "template.toml").write_text(
        'name = "wide"\nextends = "classic"\n[kicker]\ntracking = 2\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="tracking"):
        load_template(str(folder))
