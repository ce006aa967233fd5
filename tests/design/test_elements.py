"""Optional template elements: the speaker's portrait, the kicker, a template's own
logo, and templates that offer only some presets."""

from __future__ import annotations

import json
import re
from pathlib import Path

from PIL import Image

from cards.cli.main import main
from tests.cli.test_templates import show, write


def photo(path: Path, size: tuple[int, int] = (300, 400)) -> Path:
    image = Image.new("RGB", size, (20, 150, 90))
    image.paste((200, 40, 40), (size[0] // 3, size[1] // 4, 2 * size[0] // 3, 3 * size[1] // 5))
    image.save(path)
    return path


def explain(runner, *args: str) -> dict:
    result = runner.invoke(main, ["render", *args, "--explain", "-o", "out/"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    return card["layout"]


def fails(runner, *args: str) -> str:
    result = runner.invoke(main, list(args))
    assert result.exit_code != 0, result.output
    assert not list(Path().glob("out/*.png")) and not list(Path().glob("*-landscape.png"))
    return result.stderr


def test_photo_puts_the_speaker_in_a_ringed_circle(runner, story, tmp_path):
    photo(tmp_path / "lena.png")
    plain = explain(runner, str(story), "-q", "2")
    layout = explain(runner, str(story), "-q", "2", "--photo", "lena.png")
    circle, box = layout["portrait"]["circle"], layout["portrait"]["box"]
    assert circle["w"] == circle["h"] == min(box["w"], box["h"]) and circle["x"] == box["x"]
    assert layout["portrait"]["ring"] == [164, 38, 44]  # classic's accent
    texts = {t["role"]: t for t in layout["texts"]}
    before = {t["role"]: t for t in plain["texts"]}
    for role in ("attribution", "headline"):
        assert texts[role]["box"]["x"] >= box["x"] + box["w"]
        assert texts[role]["box"]["x"] + texts[role]["box"]["w"] == (
            before[role]["box"]["x"] + before[role]["box"]["w"])  # the far edge stays
    # The quote is set as before; the group (quote and byline) may sit a little higher
    # to make room for the circle.
    assert [line["text"] for line in texts["quote"]["lines"]] == [
        line["text"] for line in before["quote"]["lines"]]
    assert texts["quote"]["size"] == before["quote"]["size"]
    assert texts["quote"]["extent"]["y"] + texts["quote"]["extent"]["h"] <= circle["y"]


def test_photo_is_cut_from_around_its_focus_and_drawn_in_the_card(runner, story, tmp_path):
    photo(tmp_path / "wide.png", (900, 300))  # a wide photo: the square crop is central
    layout = explain(runner, str(story), "-q", "2", "--photo", "wide.png", "-s", "square")
    with Image.open(next((tmp_path / "out").glob("*.png"))) as card:
        c = layout["portrait"]["circle"]
        centre = card.convert("RGB").getpixel((c["x"] + c["w"] // 2, c["y"] + c["h"] // 2))
    assert centre[0] > 150 and centre[1] < 90  # the red middle of the photo


def test_photo_on_a_right_to_left_card_sits_at_the_right(runner, tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: مكتبة المدينة\nurl: https://example.org/ar\nlang: ar\n---\n\n"
        "قالت مريم: «المكتبة مكان للجميع في هذه المدينة».\n", encoding="utf-8")
    photo(tmp_path / "p.png")
    layout = explain(runner, "a.md", "-q", "1", "--photo", "p.png", "--speaker", "مريم")
    box = layout["portrait"]["box"]
    attribution = next(t for t in layout["texts"] if t["role"] == "attribution")
    assert box["x"] > layout["width"] // 2
    assert attribution["box"]["x"] + attribution["box"]["w"] <= box["x"]


def test_photo_errors(runner, story, tmp_path):
    assert fails(runner, "render", str(story), "-q", "1", "--photo", "nobody.jpg") == (
        "Error: --photo: nobody.jpg does not exist\n")
    (tmp_path / "notes.png").write_text("not a picture", encoding="utf-8")
    assert fails(runner, "render", str(story), "-q", "1", "--photo", "notes.png") == (
        "Error: --photo: notes.png is not a picture cards can read (PNG, JPEG or WebP)\n")
    runner.invoke(main, ["templates", "new", "bare"])
    toml = tmp_path / "templates" / "bare" / "template.toml"
    text = toml.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^\[portrait\]\n.*?\n\n", "", text)
    toml.write_text(re.sub(r"(?m)^portrait = .*\n", "", text), encoding="utf-8")
    photo(tmp_path / "p.png")
    assert fails(runner, "render", str(story), "-q", "1", "-t", "bare", "--photo", "p.png") == (
        'Error: --photo: template "bare" has no place for a speaker photo at landscape (a'
        " [portrait] table); choose a template that has one\n")


def test_kicker_from_the_option_or_the_article_in_capitals(runner, story, tmp_path):
    layout = explain(runner, str(story), "-q", "1", "--kicker", "Analysis")
    kicker = next(t for t in layout["texts"] if t["role"] == "kicker")
    assert kicker["text"] == "ANALYSIS" and kicker["color"] == [87, 80, 74]  # classic muted
    assert "kicker" not in {t["role"] for t in explain(runner, str(story), "-q", "1")["texts"]}
    story.write_text(story.read_text(encoding="utf-8").replace(
        "lang: en\n", "lang: en\nkicker: Interview\n"), encoding="utf-8")
    layout = explain(runner, str(story), "-q", "1")
    assert next(t for t in layout["texts"] if t["role"] == "kicker")["text"] == "INTERVIEW"
    layout = explain(runner, str(story), "-q", "1", "--kicker", "")  # off on purpose
    assert "kicker" not in {t["role"] for t in layout["texts"]}


def test_turkish_capitals_keep_the_dot_on_i(runner, story):
    layout = explain(runner, str(story), "-q", "1", "--kicker", "inceleme", "--lang", "tr")
    assert next(t for t in layout["texts"] if t["role"] == "kicker")["text"] == "İNCELEME"


def test_a_kicker_too_long_for_its_box_is_left_off_with_a_warning(runner, story):
    """Only the quote can refuse a card."""
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--kicker", "x" * 60,
                                  "--explain"])
    assert result.exit_code == 0, result.output
    assert (f"Warning: the kicker {'x' * 60!r} does not fit at classic/landscape; the card"
            " leaves it off") in result.stderr
    [card] = json.loads(result.stdout)
    assert "kicker" not in {t["role"] for t in card["layout"]["texts"]}


def test_portrait_and_kicker_mistakes_are_named(runner, tmp_path):
    cases = {
        '[portrait]\npush = ["atribution"]\n':
            'portrait.push: no text element "atribution" (did you mean "attribution"?)',
        "[portrait]\nbox = [0.06, 0.745, 0.7, 0.19]\n":
            "portrait.push: attribution.box has no room left beside the portrait at landscape,"
            " wide, square, portrait; make portrait.box narrower or attribution.box wider",
        "[portrait]\npush = []\n": "attribution.box and portrait.box overlap at every size"
            " with a speaker photo; move one of them",
        "[portrait]\nring = \"acent\"\n": 'portrait.ring: "acent" is not allowed (did you mean'
            ' "accent"?)',
        "[quote]\nuppercase = true\n": "quote.uppercase: the quote is shown as it was said",
        "[kicker]\nuppercase = \"yes\"\n": "kicker.uppercase: expected true or false, got 'yes'",
        "[kicker]\nbox = [0.06, 0.5, 0.3, 0.06]\n": "quote.box and kicker.box overlap at"
            " every size; move one of them",
    }
    for body, message in cases.items():
        write(tmp_path / "templates", "t", f'name = "t"\nextends = "classic"\n\n{body}')
        result = runner.invoke(main, ["templates", "validate", "t"])
        assert result.exit_code == 1, body
        first = result.stderr.splitlines()[0]
        assert first == f"Error: templates/t/template.toml: {message}", body


def test_a_template_may_offer_some_presets_only(runner, story, tmp_path):
    write(tmp_path / "templates", "feed", 'name = "feed"\nextends = "classic"\n'
          'presets = ["square", "portrait"]\n')
    rows = {r["name"]: r for r in json.loads(
        runner.invoke(main, ["templates", "list", "--json"]).stdout)}
    assert rows["feed"]["presets"] == ["square", "portrait"]
    listed = runner.invoke(main, ["templates", "list"]).stdout.splitlines()
    at = next(i for i, line in enumerate(listed) if line.startswith("feed "))
    assert listed[at + 2].split() == ["sizes:", "square,", "portrait"]
    assert set(show(runner, "feed")["sizes"]) == {"square", "portrait"}
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "feed", "-s", "all"])
    assert result.exit_code == 0, result.output
    assert [Path(line).stem.rsplit("-", 2)[1] for line in result.stdout.split()] == [
        "square", "portrait"]
    assert fails(runner, "render", str(story), "-q", "1", "-t", "feed", "-s", "story") == (
        'Error: template "feed" has no size "story" (it has: square, portrait)\n')
    write(tmp_path / "templates", "typo", 'name = "typo"\nextends = "classic"\n'
          'presets = ["sqare"]\n')
    assert runner.invoke(main, ["templates", "validate", "typo"]).stderr == (
        'Error: templates/typo/template.toml: presets: no size preset "sqare" (did you mean'
        ' "square"?)\n')


def logo(path: Path, color: tuple[int, int, int], opaque: bool = False) -> Path:
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 255 if opaque else 0))
    image.paste((*color, 255), (20, 20, 280, 80))
    image.save(path)
    return path


def test_a_template_logo_in_its_own_box_keeps_the_site_line(runner, story, tmp_path):
    folder = tmp_path / "templates" / "inked"
    write(tmp_path / "templates", "inked", 'name = "inked"\nextends = "classic"\n'
          'presets = ["landscape", "wide"]\n\n'
          '[logo]\nfile = "mark.png"\nbox = [0.765, 0.16, 0.185, 0.12]\nalign = "right"\n'
          "replaces_site = false\n")
    logo(folder / "mark.png", (20, 60, 140))
    assert runner.invoke(main, ["templates", "validate", "inked"]).stdout == "ok: inked\n"
    layout = explain(runner, str(story), "-q", "1", "-t", "inked")
    assert "site" in {t["role"] for t in layout["texts"]}
    placed, box = layout["logo"]["placed"], layout["logo"]["box"]
    assert placed["x"] + placed["w"] == box["x"] + box["w"]  # aligned right
    assert layout["logo"]["path"].endswith("inked/mark.png")


def test_a_logo_that_would_not_show_on_the_background_is_refused(runner, tmp_path):
    folder = tmp_path / "templates" / "faint"
    write(tmp_path / "templates", "faint", 'name = "faint"\nextends = "classic"\n\n'
          '[logo]\nfile = "mark.png"\n')
    logo(folder / "mark.png", (250, 248, 240))  # near-white on warm paper
    assert runner.invoke(main, ["templates", "validate", "faint"]).stderr == (
        "Error: templates/faint/template.toml: logo.file: mark.png (mostly #FAF8F0) has"
        " contrast 1.09:1 on the background, below the 3:1 a logo needs; use a version made for"
        " this background (logo_dark in a brand kit for dark designs)\n")
    logo(folder / "mark.png", (250, 248, 240), opaque=True)  # brings its own ground
    assert runner.invoke(main, ["templates", "validate", "faint"]).stdout == "ok: faint\n"


def test_a_picture_template_says_when_it_uses_its_stand_in(runner, story, tmp_path):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "photo"])
    assert result.exit_code == 0
    assert result.stderr == ('Note: "photo" set the quote over its own stand-in picture; pass'
                             " --image FILE to use the story's picture instead\n")
    photo(tmp_path / "harbour.png", (1200, 800))
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "photo",
                                  "--image", "harbour.png"])
    assert result.exit_code == 0 and result.stderr == ""


def test_the_qr_label_speaks_the_cards_language_unless_the_template_says_otherwise(
        runner, story, tmp_path):
    def label(*args: str) -> str:
        return explain(runner, str(story), "-q", "1", *args)["qr"]["label"]["text"]

    assert label() == "Read the story"
    assert label("--lang", "de") == "Zum Artikel"
    assert label("--lang", "zh-Hant") == "閱讀全文"
    assert label("--lang", "pt-BR") == "Leia a matéria"
    assert label("--lang", "eu") == "Read the story"  # no translation: the template's
    write(tmp_path / "templates", "own", 'name = "own"\nextends = "classic"\n\n'
          '[qr]\nlabel = "Scan for the story"\n')
    assert label("--lang", "de", "-t", "own") == "Scan for the story"


def test_file_names_say_which_design_they_are(runner, story, tmp_path):
    for template in ("classic", "night"):
        result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", template,
                                      "-o", "cards/"])
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "cards").glob("*.png"))
    assert [re.sub(r"-[0-9a-f]{6}\.", "-HASH.", n) for n in names] == [
        "we-missed-the-sound-of-the-classic-landscape-HASH.png",
        "we-missed-the-sound-of-the-night-landscape-HASH.png"]
