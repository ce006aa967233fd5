"""The painter's backgrounds: flat colours and gradients."""

from __future__ import annotations

import pytest

from cards.render.backdrop import NO_PICTURES
from cards.render.layout import Gradient, Layout
from cards.render.paint import paint_backdrop

START, END = (200, 40, 40), (20, 20, 120)


def backdrop(gradient: Gradient | None):
    layout = Layout("t", "landscape", 1200, 630, START, (), (), None, gradient)
    return paint_backdrop(layout, NO_PICTURES)


def close(a, b, tolerance=3):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_flat():
    image = backdrop(None)
    assert image.getcolors() == [(1200 * 630, START)]


@pytest.mark.parametrize("angle,first,last", [
    (90, (600, 0), (600, 629)),     # top to bottom
    (0, (0, 300), (1199, 300)),     # left to right
    (180, (1199, 300), (0, 300)),   # right to left
    (45, (0, 0), (1199, 629)),      # top left to bottom right
])
def test_linear_runs_from_start_to_end(angle, first, last):
    image = backdrop(Gradient("linear", START, END, angle))
    assert close(image.getpixel(first), START)
    assert close(image.getpixel(last), END)
    middle = image.getpixel(((first[0] + last[0]) // 2, (first[1] + last[1]) // 2))
    assert not close(middle, START, 20) and not close(middle, END, 20)


@pytest.mark.parametrize("kind", ["linear", "radial"])
def test_a_gradient_is_computed_once_and_each_card_gets_its_own_copy(kind):
    """Every card of a gradient design has the same ground: it is computed once, and
    what one card draws on its copy never reaches the next card's."""
    from PIL import ImageDraw

    from cards.render import paint

    gradient = Gradient(kind, START, END, 30)
    paint._GRADIENTS.clear()
    first = backdrop(gradient)
    ImageDraw.Draw(first).rectangle((0, 0, 600, 300), fill=(255, 255, 255))
    assert len(paint._GRADIENTS) == 1
    second = backdrop(gradient)
    assert len(paint._GRADIENTS) == 1
    paint._GRADIENTS.clear()
    assert second.tobytes() == backdrop(gradient).tobytes() != first.tobytes()


def test_radial_from_the_centre_out():
    image = backdrop(Gradient("radial", START, END, 0))
    assert close(image.getpixel((600, 315)), START, 6)
    assert close(image.getpixel((0, 315)), END, 6)


@pytest.mark.parametrize("design", ["classic", "night"])
def test_text_a_story_repeats_is_rendered_once_and_draws_the_same(design):
    """A line drawn once goes straight onto the card; the headline, site line,
    attribution and QR label, which every card of a story repeats, are kept from the
    second card on and set down from then. Either way the card is the same, pixel for
    pixel, as one drawn with nothing kept. Classic's flat cards keep each line's
    coverage, for the palette; night's gradient cards keep it drawn in colour."""
    from cards.article.load import parse_article
    from cards.design.catalog import load_template
    from cards.pipeline import card_spec, render_card
    from cards.quotes.verify import unverified_quote
    from cards.render import paint
    from tests.conftest import STORY, STORY_URL

    article = parse_article(STORY, "ferry.md")
    template = load_template(design)
    flat = design == "classic"
    kept = paint._MASKS if flat else paint._SPANS

    def card(quote: str):
        spec = card_spec(article, unverified_quote(quote), template, "landscape", STORY_URL,
                         speaker="Tomasz Nowak")
        return render_card(spec, False)

    def forget() -> None:
        for cache in (paint._SPANS, paint._SEEN, paint._MASKS, paint._MASKS_SEEN):
            cache.clear()

    forget()
    first = card("We missed the sound of the horn more than we expected")
    assert first.image.mode == ("P" if flat else "RGB")
    assert len(kept) == 0  # every text drawn once, straight onto the card
    later = "It is slower than the bridge, but nobody ever wrote a song about it"
    second = card(later)
    blocks = [*second.layout.texts, *([second.layout.qr.label] if second.layout.qr
                                      and second.layout.qr.label else [])]
    spans = sum(len(line.spans) for block in blocks for line in block.lines)
    assert 0 < len(kept) < spans  # the story's own lines kept, the quote's not
    third = card(later)  # every line now set down from a kept picture
    assert len(kept) == spans
    forget()
    fresh = card(later)
    assert fresh.image.tobytes() == second.image.tobytes() == third.image.tobytes()


@pytest.mark.parametrize("site", ["\u01de Gazette", "\u00c9\u0301\u0301 Gazette",
                                  "Port \u00c7\u0327\u0327\u0327"])
def test_spaced_out_capitals_keep_marks_stacked_past_the_font_ascent(site):
    """Minimal spaces out its site line: each letter is drawn into a picture of its own
    line, which must hold marks stacked above the font's ascent (Ǟ, É with two more acutes)
    or below its descent (Ç with more cedillas), not cut them off at its edge."""
    from cards.article.load import parse_article
    from cards.design.catalog import load_template
    from cards.pipeline import card_spec, render_card
    from cards.quotes.verify import unverified_quote
    from cards.render import paint
    from tests.conftest import STORY, STORY_URL

    article = parse_article(STORY, "ferry.md")
    spec = card_spec(article, unverified_quote("We rebuilt every gate by hand"),
                     load_template("minimal"), "landscape", STORY_URL, speaker="Ana Ruiz",
                     site=site)
    block = render_card(spec, False).layout.text("site")
    tracked = [(line, span) for line in block.lines for span in line.spans if span.tracking]
    assert tracked
    for line, span in tracked:
        mask, _, _ = paint._tracked(span, line.baseline, block.lang,
                                    block.features + span.features)
        left, top, right, bottom = mask.getbbox()
        assert 0 < top and bottom < mask.height and 0 < left and right < mask.width


def test_spaced_out_capitals_are_drawn_once_for_a_batch(monkeypatch):
    """Minimal's small-capital site line, the same on every card, is drawn letter by
    letter once and set down from then on; the card is the same, pixel for pixel, as one
    drawn with nothing kept."""
    from cards.article.load import parse_article
    from cards.design.catalog import load_template
    from cards.pipeline import card_spec, render_card
    from cards.quotes.verify import unverified_quote
    from cards.render import paint
    from tests.conftest import STORY, STORY_URL

    article = parse_article(STORY, "ferry.md")

    def card(quote: str):
        spec = card_spec(article, unverified_quote(quote), load_template("minimal"),
                         "landscape", STORY_URL, speaker="Ana Ruiz")
        return render_card(spec, False)

    paint._TRACKED.clear()
    card("We missed the sound of the horn more than we expected")
    assert len(paint._TRACKED) == 1
    drawn = paint._draw_tracked
    calls = []
    with monkeypatch.context() as m:
        m.setattr(paint, "_draw_tracked", lambda *args: calls.append(args) or drawn(*args))
        kept = card("It is slower than the bridge, but nobody ever wrote a song about it")
    assert calls == []
    paint._TRACKED.clear()
    fresh = card("It is slower than the bridge, but nobody ever wrote a song about it")
    assert kept.image.tobytes() == fresh.image.tobytes()
