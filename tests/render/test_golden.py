"""Golden images: `classic` at every preset and the other bundled templates at landscape,
compared with committed PNGs.

Compared by mode and size exactly, then by pixels within a tolerance: FreeType and
HarfBuzz releases may move anti-aliased edges by a few levels, which stays far below a
mean difference of 1 level in 255 and touches few pixels by more than 48 levels; a
moved, missing or re-broken line changes thousands of pixels by far more than that.

On failure the actual, expected and difference images are written to
tests/golden/_failed/. After a deliberate change of the design, regenerate with:

    pytest tests/render/test_golden.py --regen-golden
"""

from __future__ import annotations

import io

import pytest
from PIL import Image

from cards import load_template, parse_article, verify_quote
from cards.design.model import PRESETS
from cards.pipeline import card_spec, render_card
from tests.conftest import GOLDEN_DIR, STORY, STORY_URL
from tests.images import MAX_MEAN_DIFFERENCE, MAX_STRONG_FRACTION, difference

GOLDEN = GOLDEN_DIR


def render(preset: str, template: str = "classic") -> Image.Image:
    article = parse_article(STORY, "ferry.md")
    quote = verify_quote(article, "We missed the sound of the horn more than we expected")
    card = render_card(card_spec(article, quote, load_template(template), preset, STORY_URL))
    return Image.open(io.BytesIO(card.png()))


def assert_matches_golden(actual: Image.Image, name: str, request: pytest.FixtureRequest) -> None:
    """Compare with tests/golden/NAME.png, or rewrite it with --regen-golden."""
    path = GOLDEN / f"{name}.png"
    if request.config.getoption("--regen-golden"):
        path.parent.mkdir(exist_ok=True)
        actual.save(path)
        pytest.skip(f"regenerated {path.name}")
    expected = Image.open(path)
    assert (actual.mode, actual.size) == (expected.mode, expected.size)
    mean, fraction, diff = difference(actual, expected)
    if mean > MAX_MEAN_DIFFERENCE or fraction > MAX_STRONG_FRACTION:
        failed = GOLDEN / "_failed"
        failed.mkdir(exist_ok=True)
        actual.save(failed / f"{name}-actual.png")
        expected.save(failed / f"{name}-expected.png")
        diff.point(lambda v: min(255, v * 4)).save(failed / f"{name}-diff.png")
    assert mean <= MAX_MEAN_DIFFERENCE, f"mean difference {mean:.3f}; see {GOLDEN / '_failed'}"
    assert fraction <= MAX_STRONG_FRACTION, f"{fraction:.2%} of pixels differ; see {GOLDEN / '_failed'}"


@pytest.mark.parametrize("preset", PRESETS)
def test_classic_matches_its_golden_image(preset, request):
    assert_matches_golden(render(preset), f"classic-{preset}", request)


@pytest.mark.parametrize("template", ["bold", "minimal", "night", "photo"])
def test_templates_match_their_golden_images(template, request):
    assert_matches_golden(render("landscape", template), f"{template}-landscape", request)


@pytest.mark.parametrize("case", ["ar", "ja", "emoji"])
def test_scripts_match_their_golden_images(case, request):
    """One right-to-left, one CJK and one colour-emoji card (fixtures/scripts)."""
    from tests.render.test_scripts import render as render_script

    card, _ = render_script(case, "landscape")
    assert_matches_golden(Image.open(io.BytesIO(card.png())), f"script-{case}-landscape", request)
