"""Writing cards: exact palette PNGs, atomic writes, names, output planning."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from cards import load_template, parse_article, verify_quote
from cards.errors import OptionError
from cards.pipeline import card_spec, render_card
from cards.render.png import encode_png, plan_outputs, slugify
from tests.conftest import STORY, STORY_URL


@pytest.fixture(scope="module")
def card():
    article = parse_article(STORY, "ferry.md")
    quote = verify_quote(article, "We missed the sound of the horn more than we expected")
    return render_card(card_spec(article, quote, load_template("classic"), "landscape", STORY_URL))


def test_flat_card_is_an_exact_palette_png(card):
    decoded = Image.open(io.BytesIO(card.png()))
    assert decoded.mode == "P"
    assert ImageChops.difference(decoded.convert("RGB"), card.image.convert("RGB")).getbbox() is None


@pytest.mark.parametrize("preset", ["landscape", "wide", "square", "portrait", "story"])
@pytest.mark.parametrize("design", ["classic", "bold", "minimal"])
def test_palette_snapping_is_invisible(design, preset):
    """Against the same card painted in full RGB, no channel moves by more than 4 of 255,
    and only at the soft edges of letters: every pixel of the page's or an ink's own
    colour is exact. Bold's large quotation mark (square, portrait, story) is an ink of
    its own."""
    import sys

    from cards.render.backdrop import prepare

    article = parse_article(STORY, "ferry.md")
    quote = verify_quote(article, "We missed the sound of the horn more than we expected")
    card = render_card(card_spec(article, quote, load_template(design), preset, STORY_URL))
    assert card.image.mode == "P"
    paint_module = sys.modules["cards.render.paint"]
    rgb = paint_module.paint(card.layout, prepare(card.spec), flat=False)
    assert rgb.mode == "RGB"
    snapped = card.image.convert("RGB")
    diff = ImageChops.difference(rgb, snapped)
    assert 0 < max(high for _, high in diff.getextrema()) <= 4
    solid = {card.layout.background, *(block.color for block in card.layout.texts),
             *(glyph.color for glyph in card.layout.glyphs)}
    moved = ImageChops.difference(rgb, snapped).convert("L").point(lambda v: 255 * (v > 0))
    drawn, solid_bytes = rgb.tobytes(), {bytes(color) for color in solid}
    assert not any(drawn[3 * i:3 * i + 3] in solid_bytes
                   for i, m in enumerate(moved.tobytes()) if m)


def test_rgb_image_with_few_colours_is_stored_as_an_exact_palette():
    image = Image.new("RGB", (40, 20), (10, 20, 30))
    image.paste((200, 100, 50), (0, 0, 20, 20))
    decoded = Image.open(io.BytesIO(encode_png(image, {"Title": "x"})))
    assert decoded.mode == "P"
    assert ImageChops.difference(decoded.convert("RGB"), image).getbbox() is None
    assert decoded.text == {"Title": "x"}


def test_rgb_image_with_many_colours_stays_rgb():
    image = Image.linear_gradient("L").convert("RGB").resize((300, 300))
    image = Image.merge("RGB", (image.getchannel(0), image.getchannel(1).rotate(90), image.getchannel(2)))
    assert Image.open(io.BytesIO(encode_png(image, {}))).mode == "RGB"


def test_text_chunks_keep_any_script(card):
    data = encode_png(card.image, {"Author": "Zoë Ångström — 王小明"})
    assert Image.open(io.BytesIO(data)).text["Author"] == "Zoë Ångström — 王小明"


@pytest.mark.parametrize("text,slug", [
    ("Riverside’s Carnegie library reopens after a two-year restoration",
     "riversides-carnegie-library-reopens-after-a-two"),
    ("Zoë's café: 3 ½ days", "zoes-cafe-3-12-days"),
    ("王小明", "card"),
])
def test_slug(text, slug):
    assert slugify(text) == slug


def test_plan_outputs():
    names = ["a-landscape.png", "a-square.png"]
    no_dir = lambda path: False  # noqa: E731
    assert plan_outputs("out/", names, is_dir=no_dir) == [
        Path("out/a-landscape.png"), Path("out/a-square.png")]
    assert plan_outputs("one.png", names[:1], is_dir=no_dir) == [Path("one.png")]
    assert plan_outputs("one.JPG", names[:1], is_dir=no_dir) == [Path("one.JPG")]
    assert plan_outputs("-", names[:1], is_dir=no_dir) == [None]
    assert plan_outputs("odd.png", names, is_dir=lambda path: True) == [
        Path("odd.png/a-landscape.png"), Path("odd.png/a-square.png")
    ]
    assert plan_outputs("existing", names[:1], is_dir=lambda path: True) == [
        Path("existing/a-landscape.png")]
    for out, count in [("-", 2), ("out", 1), ("out", 2), ("one.png", 2), ("one.gif", 1)]:
        with pytest.raises(OptionError):
            plan_outputs(out, names[:count], is_dir=no_dir)


def test_file_name_changes_with_what_the_card_shows(card):
    import msgspec

    other = render_card(msgspec.structs.replace(card.spec, speaker="Someone Else"))
    assert card.filename != other.filename
    assert card.filename.startswith("we-missed-the-sound-of-the-classic-landscape-")
    assert card.filename == render_card(card.spec).filename


@pytest.mark.parametrize("preset", ["landscape", "story"])
def test_a_gradient_ground_keeps_every_step_of_its_ramp_in_the_file(preset):
    """A gradient (night's) stays RGB in the PNG: down its margin, no two neighbouring
    rows differ by more than one level in any channel, so the file shows no bands."""
    article = parse_article(STORY, "ferry.md")
    template = load_template("night")
    quote = verify_quote(article, "We missed the sound of the horn more than we expected")
    card = render_card(card_spec(article, quote, template, preset, STORY_URL))
    assert card.layout.gradient is not None
    image = Image.open(io.BytesIO(card.png())).convert("RGB")
    column = [image.getpixel((3, y)) for y in range(image.height)]
    assert column[0] != column[-1]  # it is a gradient
    steps = [max(abs(a - b) for a, b in zip(above, below, strict=True))
             for above, below in zip(column, column[1:], strict=False)]
    assert max(steps) <= 1


def test_a_palette_card_is_written_whole_and_smaller_than_pillow_writes_it(card):
    """The palette card's own writer (libdeflate) against Pillow's: the same pixels and
    palette, every chunk's checksum sound, the text read back by Pillow (a long text
    compressed, any script), the same bytes each time, and a smaller file."""
    from cards.render.png import COMPRESS_LEVEL
    from cards.render.pngfile import palette_png

    text = {"Title": "Ferry", "Comment": "Zoë Ångström — 王小明 " * 40, "Verified": "yes"}
    data = palette_png(card.image, text)
    assert data == palette_png(card.image, text)
    with Image.open(io.BytesIO(data)) as check:
        check.verify()  # every chunk's CRC and the image stream, to the end
    decoded = Image.open(io.BytesIO(data))
    assert decoded.mode == "P" and decoded.size == card.image.size
    assert ImageChops.difference(decoded.convert("RGB"), card.image.convert("RGB")).getbbox() is None
    assert decoded.text == text
    assert b"Comment\0\1\0" in data  # the long text went compressed
    pillow = io.BytesIO()
    card.image.save(pillow, "PNG", compress_level=COMPRESS_LEVEL)
    assert len(data) < 0.9 * len(pillow.getvalue())


@pytest.mark.parametrize("design", ["night", "photo"])
def test_a_full_colour_card_is_written_whole_and_smaller_than_pillow_writes_it(design):
    """A gradient or photograph card, each row less the one above (PNG's filter 2)
    and compressed by libdeflate, against Pillow's writer: the same pixels, every
    chunk's checksum sound, the text read back, the same bytes each time, and a
    smaller file."""
    from cards.render.png import COMPRESS_LEVEL
    from cards.render.pngfile import rgb_png

    article = parse_article(STORY, "ferry.md")
    quote = verify_quote(article, "We missed the sound of the horn more than we expected")
    card = render_card(card_spec(article, quote, load_template(design), "landscape",
                                 STORY_URL))
    assert card.image.mode == "RGB"
    text = {"Title": "Ferry", "Comment": "Zoë Ångström — 王小明 " * 40}
    data = rgb_png(card.image, text)
    assert data == rgb_png(card.image, text) == encode_png(card.image, text)
    with Image.open(io.BytesIO(data)) as check:
        check.verify()
    decoded = Image.open(io.BytesIO(data))
    assert decoded.mode == "RGB" and decoded.size == card.image.size
    assert decoded.tobytes() == card.image.tobytes()
    assert decoded.text == text
    pillow = io.BytesIO()
    card.image.save(pillow, "PNG", compress_level=COMPRESS_LEVEL)
    assert len(data) < len(pillow.getvalue())


def test_the_full_colour_writer_keeps_every_byte_of_any_picture():
    """Rows that wrap past 255 going down (a byte less the one above, modulo 256), odd
    widths, one row, one pixel: each is read back exactly."""
    import random

    from cards.render.pngfile import rgb_png

    rng = random.Random(7)
    for width, height in [(1, 1), (7, 1), (1, 9), (33, 17), (256, 3)]:
        image = Image.frombytes("RGB", (width, height), bytes(
            rng.choice((0, 1, 127, 128, 254, 255, rng.randrange(256)))
            for _ in range(3 * width * height)))
        decoded = Image.open(io.BytesIO(rgb_png(image, {})))
        assert decoded.tobytes() == image.tobytes(), (width, height)


def test_only_plain_palette_images_take_the_palette_writer():
    from cards.render.pngfile import writable

    assert writable(Image.new("P", (4, 4)))
    assert not writable(Image.new("RGB", (4, 4)))
    assert not writable(Image.new("L", (4, 4)))
    clear = Image.new("P", (4, 4))
    clear.info["transparency"] = 0
    assert not writable(clear)
    data = encode_png(clear, {"Title": "x"})
    assert Image.open(io.BytesIO(data)).info.get("transparency") == 0  # Pillow kept it


PNGCHECK = shutil.which("pngcheck")


@pytest.mark.skipif(not PNGCHECK and not os.environ.get("CI"),
                    reason="pngcheck is not installed (CI installs it: apt-get install pngcheck)")
@pytest.mark.parametrize("design", ["classic", "bold", "minimal", "night", "photo"])
def test_pngcheck_finds_the_cards_whole(design, tmp_path):
    """An independent reader of PNG (pngcheck, from the libpng world) checks every chunk,
    checksum and the compressed pixels of each design's card at every size, all written
    by `pngfile` (palette cards, and the gradient and photograph ones in full colour),
    with text in several scripts and a text long enough to be stored compressed."""
    assert PNGCHECK is not None, "apt-get install pngcheck"
    article = parse_article(STORY, "ferry.md")
    quote = verify_quote(article, "We missed the sound of the horn more than we expected")
    template = load_template(design)
    palettes = 0
    for preset in template.sizes:
        card = render_card(card_spec(article, quote, template, preset, STORY_URL))
        palettes += card.image.mode == "P"
        path = tmp_path / f"{design}-{preset}.png"
        path.write_bytes(encode_png(card.image, {**card.metadata,
                                                  "Author": "Zoë Ångström — 王小明 — علي",
                                                  "Comment": "A long alt text. " * 20}))
        checked = subprocess.run([PNGCHECK, "-v", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "No errors detected" in checked.stdout
        assert "compressed, no language tag" in checked.stdout
        assert ("8-bit palette" in checked.stdout) == (card.image.mode == "P")
        assert ("24-bit RGB" in checked.stdout) == (card.image.mode == "RGB")
    flat = design in ("classic", "bold", "minimal")
    assert palettes == (len(template.sizes) if flat else 0)


# Quotes of our own whose letters ink past their text box: an italic f ending a line
# (minimal sets quotes in italic), German marks, whose opening „ hangs low in the margin,
# Arabic with its mark in the right margin, Devanagari's headstroke at a line's end.
INKING_PAST_THE_BOX = [
    ("en", "Nobody on this island ever asked us what we were afraid of"),
    ("de", "„Wir haben darauf gewartet, und jetzt kommt es auf jeden Einzelnen auf dem Hof an“"),
    ("ar", "«المكتبة هي المكان الوحيد في المدينة الذي لا يسألك فيه أحد عما تشتريه»"),
    ("hi", "हमने ऐसी उम्मीद कभी नहीं की थी कि लोग इतनी बड़ी संख्या में आएंगे और ऐसी"),
    ("el", "«Το λιμάνι ξύπνησε ξανά μετά από έναν μακρύ και δύσκολο χειμώνα»"),
    # Combining marks stacked far above and below their letters, past any font's ascent
    # and descent: a few stay clear of the other texts, a dozen reach into them.
    ("en", "We wa\u0301\u0301\u0301\u0301ited for the ferry\u0327\u0327\u0327 all night"),
    ("en", "We wai" + "\u0301" * 12 + "ted for the ferry" + "\u0327" * 12 + " all night"),
]


@pytest.mark.parametrize("design", ["classic", "bold", "minimal"])
def test_no_ink_is_lost_when_a_card_becomes_a_palette(design):
    """Every flat card of quotes whose ink reaches past their text box, at every size,
    as a palette image is within 4 of 255 levels of the card drawn in full colour:
    a hook, a hanging mark, a headstroke or a stack of marks outside the box is kept,
    not cut off. Where that ink crosses a text of another colour, the card is the
    full-colour card itself."""
    import sys

    from cards.quotes.verify import unverified_quote
    from cards.render.backdrop import prepare

    paint_module = sys.modules["cards.render.paint"]
    article = parse_article(STORY, "ferry.md")
    template = load_template(design)
    palettes = 0
    for lang, text in INKING_PAST_THE_BOX:
        for preset in template.sizes:
            card = render_card(card_spec(article, unverified_quote(text, lang), template,
                                         preset, STORY_URL, speaker="Ana Ruiz", lang=lang),
                               False)
            rgb = paint_module.paint(card.layout, prepare(card.spec), flat=False)
            if card.image.mode != "P":
                assert card.image.tobytes() == rgb.tobytes()
                continue
            palettes += 1
            diff = ImageChops.difference(rgb, card.image.convert("RGB"))
            worst = max(high for _, high in diff.getextrema())
            assert worst <= 4, f"{lang} {design}/{preset}: a pixel moved {worst} levels"
    assert palettes >= 20
