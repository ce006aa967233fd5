"""The rules every card obeys (DESIGN.md), checked on every preset of every bundled
template from the layout's numbers and from the pixels of the final PNG."""

from __future__ import annotations

import io
import tempfile
from functools import cache
from pathlib import Path

import pytest
import zxingcpp
from msgspec.structs import replace
from PIL import Image, ImageChops

from cards import load_template, parse_article, verify_quote
from cards.design.model import PRESETS
from cards.design.rules import contrast
from cards.errors import LayoutError
from cards.files import bundled_dir
from cards.pipeline import card_spec, render_card
from cards.render.backdrop import prepare
from cards.render.clearance import crowded
from cards.render.layout import Layout, layout
from cards.render.paint import paint_backdrop
from cards.text.fitting import Box
from tests.conftest import STORY

URL = "https://example.org/news/2026/11/harbour-ferry-returns?utm_source=cards&utm_medium=social"
QUOTES = {
    "short": "We missed the sound of the horn more than we expected",
    "medium": "It is slower than the bridge, but nobody ever wrote a song about a bridge",
}
LONG = (
    "When the ferry stopped last winter the whole island went quiet, and we learned how much of "
    "our week was built around that blue boat: the market on Thursday, the school run, the "
    "doctor, the Sunday visit to my mother."
)


TEMPLATES = sorted(p.parent.name for p in bundled_dir("templates").glob("*/template.toml"))


# Removed when the test process ends (a folder of pytest's would go with one test).
_PHOTOS = tempfile.TemporaryDirectory(prefix="cards-test-")


@cache
def speaker_photo() -> Path:
    """A portrait-shaped photo: a green field with a red square where the face is."""
    path = Path(_PHOTOS.name) / "speaker.png"
    photo = Image.new("RGB", (300, 400), (20, 150, 90))
    photo.paste((200, 40, 40), (110, 120, 190, 200))
    photo.save(path)
    return path


@cache
def rendered(template: str, preset: str, key: str):
    text = STORY.replace("Lena Fischer, who", "Lena Fischer, who said “" + LONG + "” and who")
    article = parse_article(text, "ferry.md")
    quote = verify_quote(article, QUOTES.get(key, QUOTES["medium"] if key == "dressed" else LONG))
    # The design rules of the QR code hold on a story too, when it keeps one.
    spec = card_spec(article, quote, load_template(template), preset, URL, story_qr=True)
    if key == "dressed":  # every optional element: a speaker photo and a kicker
        spec = replace(spec, photo=speaker_photo(), kicker="Analysis")
    card = render_card(spec)
    png = card.png()
    return card, Image.open(io.BytesIO(png)).convert("RGB"), png


CASES = [(template, preset, key) for template in TEMPLATES for preset in PRESETS
         for key in ("short", "medium", "long", "dressed")]
ONE_A_PRESET = [(template, preset) for template in TEMPLATES for preset in PRESETS]


def margin(layout: Layout) -> int:
    return round(0.06 * min(layout.width, layout.height))


def drawn_boxes(layout: Layout) -> dict[str, Box]:
    """What each content element actually occupies: text lines, the hanging mark, the QR
    plate (quiet zone included) and its label."""
    boxes = {t.role: t.extent for t in layout.texts}
    quote = layout.text("quote")
    if quote.mark is not None:
        boxes["quote mark"] = quote.mark
    boxes["qr plate"] = layout.qr.plate
    boxes["qr label"] = layout.qr.label.extent
    if layout.portrait is not None:
        boxes["portrait"] = layout.portrait.circle
    return boxes


@pytest.mark.parametrize("template,preset,key", CASES)
def test_png_has_the_preset_size(template, preset, key):
    _, image, _ = rendered(template, preset, key)
    assert image.size == PRESETS[preset]


@pytest.mark.parametrize("template,preset,key", CASES)
def test_qr_decodes_to_the_story_url_from_the_final_png(template, preset, key):
    _, image, _ = rendered(template, preset, key)
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [URL]
    assert results[0].format == zxingcpp.BarcodeFormat.QRCode
    assert results[0].ec_level == "M"


@pytest.mark.parametrize("template,preset,key", CASES)
def test_every_element_inside_its_box_and_none_overlap(template, preset, key):
    card, _, _ = rendered(template, preset, key)
    layout = card.layout
    for block in layout.texts:
        assert block.box.contains(block.extent), block.role
        if block.mark is not None:
            assert block.box.contains(block.mark)
    qr = layout.qr
    assert qr.box.contains(qr.plate) and qr.box.contains(qr.label.extent)
    if layout.portrait is not None:
        assert layout.portrait.box.contains(layout.portrait.circle)
    assert not qr.plate.overlaps(qr.label.extent)
    boxes = layout.content_boxes()
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not boxes[a].overlaps(boxes[b]), (a, b)


@pytest.mark.parametrize("template,preset,key", CASES)
def test_nothing_is_drawn_outside_the_boxes(template, preset, key):
    """Every pixel outside the content boxes and decorations is the bare background (a
    flat colour or the template's gradient), but for a letter's overhang: a line is
    measured by its letters' advances, and an italic letter ending it (minimal's t) may
    ink up to an eighth of an em past the text box's side."""
    card, image, _ = rendered(template, preset, key)
    layout = card.layout
    bare = paint_backdrop(layout, prepare(card.spec))
    masked = image.copy()
    decorations = [*(b for b, _ in layout.rules), *(g.ink for g in layout.glyphs)]
    overhang = {t.role: -(-t.size // 8) for t in layout.texts}
    for role, box in [*layout.content_boxes().items(), *(("", d) for d in decorations)]:
        side = overhang.get(role, 0)
        region = (max(0, box.x - side), box.y, min(layout.width, box.right + side), box.bottom)
        masked.paste(bare.crop(region), region[:2])
    assert ImageChops.difference(masked, bare).getbbox() is None


@pytest.mark.parametrize("template,preset,key", CASES)
def test_nothing_comes_within_the_clear_space_of_the_qr_plate(template, preset, key):
    """Text, rules, glyphs and the speaker's photo keep 2% of the short side from the
    plate, however far the quote and its byline move (tests/cli/test_clear_space.py
    measures the logo's too, with a brand kit's)."""
    card, _, _ = rendered(template, preset, key)
    layout = card.layout
    assert layout.clear_space == round(0.02 * min(layout.width, layout.height))
    assert crowded(layout.drawn(), layout.clear_space) == []
    assert not [note for note in layout.notes if "kept clear" in note]


@pytest.mark.parametrize("template,preset,key", CASES)
def test_text_contrast_measured_on_the_card(template, preset, key):
    """WCAG contrast of each text colour against the lightest and darkest background
    pixel behind its box, measured on the bare background the card is painted on."""
    card, _, _ = rendered(template, preset, key)
    layout = card.layout
    bare = paint_backdrop(layout, prepare(card.spec))
    for block in [*layout.texts, layout.qr.label]:
        box = block.box
        crop = bare.crop((max(box.x, 0), box.y, min(box.right, layout.width), box.bottom))
        colors = {c for _, c in crop.getcolors(1 << 20)}
        worst = min(contrast(block.color, c) for c in colors)
        needed = 3.0 if block.size > 40 else 4.5
        assert worst >= needed, (block.role, worst)


@pytest.mark.parametrize("template,preset,key", CASES)
def test_margins_and_story_safe_zone(template, preset, key):
    card, _, _ = rendered(template, preset, key)
    layout = card.layout
    m = margin(layout)
    top, bottom = (250, 1920 - 340) if preset == "story" else (m, layout.height - m)
    for name, box in drawn_boxes(layout).items():
        assert box.x >= m and box.right <= layout.width - m, (name, box)
        assert box.y >= top and box.bottom <= bottom, (name, box)


@pytest.mark.parametrize("template,preset,key", CASES)
def test_quote_size_is_the_largest_that_fits(template, preset, key):
    card, _, _ = rendered(template, preset, key)
    style = load_template(template).size(preset).texts["quote"]
    quote = card.layout.text("quote")
    assert style.size_min <= quote.size <= style.size_max
    assert fits_at(card.spec, quote.size)
    if quote.size < style.size_max:
        assert not fits_at(card.spec, quote.size + 1)


def fits_at(spec, size: int) -> bool:
    """Whether the layout can set the quote at exactly `size`: the template's quote
    pinned to that one size, laid out again."""
    sized = spec.template.size(spec.preset)
    pinned = replace(sized.texts["quote"], size_min=size, size_max=size)
    template = replace(spec.template, sizes={
        **spec.template.sizes, spec.preset: replace(sized, texts={**sized.texts, "quote": pinned})})
    try:
        pinned = replace(spec, template=template)
        layout(pinned, prepare(pinned))
    except LayoutError:
        return False
    return True


@pytest.mark.parametrize("template,preset,key", CASES)
def test_type_is_legible_in_a_feed(template, preset, key):
    """A landscape card shows at about 0.45x in a feed: the quote at 36 px or more and
    nothing under 22 px (DESIGN.md); larger presets scale those floors with their width."""
    card, _, _ = rendered(template, preset, key)
    scale = card.layout.width / 1200 if preset != "landscape" else 1
    sizes = {t.role: t.size for t in card.layout.texts} | {"qr label": card.layout.qr.label.size}
    assert sizes.pop("quote") >= 36 * min(scale, 1)
    assert min(sizes.values()) >= 22


@pytest.mark.parametrize("template,preset,key", CASES)
def test_text_contrast_meets_wcag_aa(template, preset, key):
    layout = rendered(template, preset, key)[0].layout
    for block in [*layout.texts, layout.qr.label]:
        assert contrast(block.color, layout.background) >= 4.5, block.role


@pytest.mark.parametrize("template,preset", ONE_A_PRESET)
def test_qr_modules_are_whole_pixels_with_a_quiet_zone(template, preset):
    card, image, _ = rendered(template, preset, "short")
    qr = card.layout.qr
    assert qr.module_px >= 3
    code = (qr.modules + 2 * qr.quiet_modules) * qr.module_px
    assert qr.plate.w == qr.plate.h
    assert code <= qr.plate.w < code + qr.modules + 2 * qr.quiet_modules  # modules whole
    assert qr.quiet_modules >= 4
    assert contrast(qr.dark, qr.light) >= 7
    quiet = qr.inset + qr.quiet_modules * qr.module_px
    plate = image.crop((qr.plate.x, qr.plate.y, qr.plate.right, qr.plate.bottom))
    inner = Image.new("RGB", plate.size, qr.light)
    inner.paste(plate.crop((quiet, quiet, plate.width - quiet, plate.height - quiet)), (quiet, quiet))
    # Only the code itself may differ from the light plate: the quiet zone is untouched.
    assert ImageChops.difference(inner, plate).getbbox() is None
    # Modules are crisp: the plate holds only the two QR colours.
    assert {c for _, c in plate.getcolors()} == {qr.dark, qr.light}


@pytest.mark.parametrize("template,preset", ONE_A_PRESET)
def test_opening_mark_hangs_so_letters_align_with_the_box(template, preset):
    card, _, _ = rendered(template, preset, "medium")
    quote = card.layout.text("quote")
    box_left = quote.box.x + quote.hang
    first, second = quote.lines[0], quote.lines[1]
    assert quote.hang > 0
    led = [g for g in card.layout.glyphs if g.stands_for_mark]
    if led:  # bold's tall presets: the mark is drawn large above the first line instead
        [glyph] = led
        assert glyph.text == "“" and first.text.startswith("It is")
        assert first.x == box_left == second.x
        assert glyph.ink.x < box_left < glyph.ink.right and glyph.ink.bottom < quote.extent.y
        return
    assert first.text.startswith("“")
    assert first.x + quote.hang == box_left == second.x
    # The mark's ink lies wholly in the margin, left of the letters' edge.
    assert quote.mark.right <= box_left
    assert quote.mark.w > 0


@pytest.mark.parametrize("template", TEMPLATES)
def test_same_inputs_give_the_same_bytes(template):
    a = rendered(template, "square", "medium")[2]
    rendered.cache_clear()
    assert rendered(template, "square", "medium")[2] == a


@pytest.mark.parametrize("template,preset", ONE_A_PRESET)
def test_speaker_photo_is_a_circle_beside_the_attribution(template, preset):
    card, image, _ = rendered(template, preset, "dressed")
    layout = card.layout
    c = layout.portrait.circle
    assert c.w == c.h and c.w >= 60
    # The photo's face (red) at the centre; the box's corners show the ground, not the
    # photo's green: it is cut to a circle.
    r, g, b = image.getpixel((c.x + c.w // 2, c.y + c.h // 2))
    assert r > 150 and g < 90 and b < 90
    bare = paint_backdrop(layout, prepare(card.spec))
    for corner in ((c.x + 1, c.y + 1), (c.right - 2, c.y + 1), (c.x + 1, c.bottom - 2)):
        assert image.getpixel(corner) == bare.getpixel(corner)
    # The attribution and headline move over to start after the portrait.
    for role in ("attribution", "headline"):
        block = layout.text(role)
        assert block.box.x >= layout.portrait.box.right
        assert block.extent.x >= c.right
    kicker = layout.text("kicker")
    assert kicker.text == "ANALYSIS"
    site = layout.text("site")
    assert kicker.box.y == site.box.y and kicker.extent.x > site.extent.right  # one row
