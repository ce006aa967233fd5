"""Pictures behind cards: a busy photograph still leaves every text block legible, and
a template's picture is checked like any file it ships."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from cards import load_template, parse_article, verify_quote
from cards.cli.main import main
from cards.design.model import PRESETS
from cards.design.rules import contrast
from cards.errors import LayoutError, TemplateError
from cards.files import bundled_dir
from cards.pipeline import card_spec, render_card
from cards.render.backdrop import prepare
from cards.render.paint import paint_backdrop
from tests.conftest import STORY
from tests.render.pictures import BUSY, CALM, card_over


def busy_picture(path: Path) -> Path:
    """Black and white stripes under coloured noise: the worst a text box can sit on."""
    rng = random.Random(7)
    image = Image.new("RGB", (1600, 1000), "white")
    draw = ImageDraw.Draw(image)
    for x in range(0, 1600, 40):
        draw.rectangle((x, 0, x + 19, 999), fill="black")
    noise = Image.effect_noise((1600, 1000), 120).convert("RGB")
    tinted = Image.merge("RGB", [noise.getchannel(0).point(lambda v, k=k: (v * k) % 256)
                                 for k in (1, 3, 7)])
    image = Image.blend(image, tinted, 0.35)
    for _ in range(200):
        x, y = rng.randrange(1600), rng.randrange(1000)
        draw.rectangle((x, y, x + 30, y + 30), fill=(255, 255, rng.randrange(256)))
    image.save(path)
    return path


def render(preset: str, picture: Path | None):
    article = parse_article(STORY, "ferry.md")
    quote = verify_quote(article, "We missed the sound of the horn more than we expected")
    spec = card_spec(article, quote, load_template("photo"), preset, article.url, story_qr=True)
    if picture is not None:
        from msgspec.structs import replace

        spec = replace(spec, picture=picture)
    return render_card(spec)


@pytest.mark.parametrize("preset", PRESETS)
@pytest.mark.parametrize("name", ["busy", *BUSY, *CALM])
def test_text_keeps_its_contrast_over_a_busy_picture(name, preset, tmp_path):
    """Whatever calmed the picture (more blur, a scrim), the tint over it still gives
    every text block its contrast over every pixel behind it."""
    if name == "busy":
        card = render(preset, busy_picture(tmp_path / "busy.png"))
        bare = paint_backdrop(card.layout, prepare(card.spec))
        photo = card.layout.photo
        assert photo.alpha > 0.35 or photo.scrim > 0  # the tint, or a scrim, had to work
    else:
        card, bare = card_over(name, preset)
    layout = card.layout
    image = card.image.convert("RGB")
    assert image.size == bare.size
    for block in [*layout.texts, layout.qr.label]:
        box = block.box
        crop = bare.crop((max(0, box.x), box.y, box.right, box.bottom))
        worst = min(contrast(block.color, c) for _, c in crop.getcolors(1 << 22))
        assert worst >= (3.0 if block.size > 40 else 4.5), (block.role, round(worst, 2))


def test_a_calm_dark_picture_gets_only_the_least_tint(tmp_path):
    Image.new("RGB", (1200, 800), (12, 14, 20)).save(tmp_path / "dark.png")
    card = render("landscape", tmp_path / "dark.png")
    assert card.layout.photo.alpha == pytest.approx(0.35)


def test_photo_from_the_command_line(runner, story, tmp_path):
    busy_picture(tmp_path / "busy.png")
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "photo",
                                  "--image", "busy.png", "--explain", "-o", "c.png"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    assert card["layout"]["photo"]["path"] == "busy.png"
    with Image.open(tmp_path / "c.png") as image:
        assert image.mode == "RGB"
    missing = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "photo",
                                   "--image", "nope.jpg"])
    assert missing.exit_code == 1
    assert missing.stderr == "Error: --image: nope.jpg does not exist\n"


def copy_photo_template(tmp_path: Path, toml_edit) -> Path:
    folder = tmp_path / "templates" / "pic"
    shutil.copytree(bundled_dir("templates") / "photo", folder)
    toml = folder / "template.toml"
    toml.write_text(toml_edit(toml.read_text(encoding="utf-8")).replace(
        'name = "photo"', 'name = "pic"'), encoding="utf-8")
    return folder


@pytest.mark.parametrize("image,message", [
    ("../secret.jpg", "background.image: '../secret.jpg' must be a path inside the folder of template.toml"),
    ("/etc/passwd", "background.image: '/etc/passwd' must be a path inside the folder of template.toml"),
    ("gone.jpg", "background.image: {folder}/gone.jpg does not exist"),
])
def test_picture_paths_stay_inside_the_template(tmp_path, image, message):
    folder = copy_photo_template(tmp_path, lambda t: t.replace('image = "picture.jpg"',
                                                                f'image = "{image}"'))
    with pytest.raises(TemplateError) as info:
        load_template("pic")
    assert str(info.value).endswith(message.format(folder=Path("templates") / "pic"))
    assert str(folder) not in str(info.value) or "templates/pic/template.toml" in str(info.value)


def test_pictures_must_be_png_jpeg_or_webp_and_not_huge(tmp_path):
    folder = copy_photo_template(tmp_path, lambda t: t.replace('"picture.jpg"', '"p.gif"'))
    Image.new("RGB", (10, 10)).save(folder / "p.gif")
    with pytest.raises(TemplateError, match=r"p\.gif is GIF; use PNG, JPEG or WebP$"):
        load_template("pic")
    (folder / "template.toml").write_text(
        (folder / "template.toml").read_text(encoding="utf-8").replace('"p.gif"', '"big.png"'),
        encoding="utf-8")
    Image.new("L", (10000, 5000)).save(folder / "big.png")
    with pytest.raises(TemplateError, match=r"big\.png is 10000 x 5000 \(50 megapixels\); the limit is 40$"):
        load_template("pic")


def test_an_image_background_with_no_picture_says_how_to_give_one(tmp_path):
    copy_photo_template(tmp_path, lambda t: t.replace('image = "picture.jpg"\n', ""))
    article = parse_article(STORY, "ferry.md")
    quote = verify_quote(article, "We missed the sound of the horn more than we expected")
    spec = card_spec(article, quote, load_template("pic"), "landscape", article.url)
    with pytest.raises(LayoutError) as info:
        render_card(spec)
    assert str(info.value) == (
        "pic/landscape sets the quote over a picture, and there is none: pass \"image\" FILE,"
        " or give the article an image"
    )


def test_a_picture_is_measured_and_tinted_once_for_every_card_over_it(tmp_path,
                                                                      monkeypatch):
    """How much a picture must be calmed and tinted depends on the picture and the text
    boxes over it, the same on every card of a story: a batch measures it once, and
    tints it once, and the card is the same as one made afresh."""
    from cards.render import backdrop, paint

    picture = busy_picture(tmp_path / "busy.png")
    backdrop._CALMED.clear()
    paint._GROUNDS.clear()
    first = render("landscape", picture)
    assert len(paint._GROUNDS) == 1
    measured = []
    real = backdrop._calm
    with monkeypatch.context() as m:
        m.setattr(backdrop, "_calm", lambda *args: measured.append(args) or real(*args))
        again = render("landscape", picture)
    assert measured == []
    assert len(paint._GROUNDS) == 1
    backdrop._CALMED.clear()
    paint._GROUNDS.clear()
    fresh = render("landscape", picture)
    assert again.layout.photo == fresh.layout.photo == first.layout.photo
    assert again.image.tobytes() == fresh.image.tobytes()
