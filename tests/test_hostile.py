"""Inputs written to break cards, each answered with one line naming it and no card: a
picture whose header claims billions of pixels, a folder where a picture should be, a
template with impossible numbers, a full disk or closed pipe behind `-o -`."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from cards.cli.main import main
from tests.conftest import EXAMPLE


def png_header(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims `width` x `height` pixels, with no pixels behind it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize("option", ["--image", "--photo"])
def test_a_picture_of_billions_of_pixels_is_refused_before_decoding(runner, tmp_path, option):
    huge = png_header(tmp_path / "huge.png", 30000, 30000)
    args = ["render", str(EXAMPLE), "-q", "1", option, str(huge), "-o", "card.png"]
    result = runner.invoke(main, [*args, "-t", "photo"] if option == "--image" else args)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {option}: {huge} is far more than 40 megapixels, the limit\n"
    assert not (tmp_path / "card.png").exists()


def test_a_picture_over_the_limit_says_its_size(runner, tmp_path):
    big = png_header(tmp_path / "big.png", 8000, 6000)
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "--photo", str(big)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: --photo: {big} is 8000 x 6000 (48 megapixels); the limit"
                             " is 40\n")


def test_an_article_picture_that_is_huge_is_a_warning_and_the_templates_own_is_used(
        runner, tmp_path):
    png_header(tmp_path / "huge.png", 30000, 30000)
    (tmp_path / "story.md").write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("---\n", "---\nimage: huge.png\n", 1),
        encoding="utf-8")
    result = runner.invoke(main, ["render", "story.md", "-q", "1", "-t", "photo", "-o",
                                  "card.png"])
    assert result.exit_code == 0, result.output
    assert ("Warning: the article's image was not used: the article's image: huge.png is far"
            " more than 40 megapixels, the limit") in result.stderr
    assert (tmp_path / "card.png").is_file()


def test_a_folder_given_as_a_photo_says_so(runner, tmp_path):
    (tmp_path / "faces").mkdir()
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "--photo", "faces"])
    assert result.stderr == "Error: --photo: faces is a folder, not a picture\n"


def test_a_missing_image_is_refused_even_by_a_design_that_shows_none(runner, tmp_path):
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "--image", "nope.jpg",
                                  "-o", "card.png"])
    assert result.exit_code == 1
    assert result.stderr == "Error: --image: nope.jpg does not exist\n"
    assert not (tmp_path / "card.png").exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_behind_stdout_is_one_line():
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "cards", "render", str(EXAMPLE), "-q", "1",
                               "-o", "-"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1
    assert done.stderr == ("Error: --out -: cannot write the card to standard output: No space"
                           " left on device\n")


def test_a_closed_stdout_is_one_line():
    done = subprocess.run([sys.executable, "-m", "cards", "render", str(EXAMPLE), "-q", "1",
                           "-o", "-"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, pass_fds=(), close_fds=True,
                          preexec_fn=lambda: __import__("os").close(1))
    assert done.returncode == 1
    assert done.stderr == "Error: --out -: standard output is closed; give a file or folder\n"


@pytest.mark.parametrize("body,message", [
    ("[quote]\nline_height = nan\n", "quote.line_height: expected a number, got nan"),
    ("[quote]\nline_height = 9\n", "quote.line_height: 9 is outside 0.5 to 3"),
    ("[quote]\nsize = [36, 100000000]\n",
     "quote.size: 100000000 px is larger than any card; give at most 1000"),
    ("[quote]\nmax_lines = 0\n", "quote.max_lines: 0 is outside 1 to 50"),
    ("[quote]\nbox = [0.1, 0.1, nan, 0.5]\n",
     "quote.box: [0.1, 0.1, nan, 0.5] does not lie inside the canvas (0 to 1 on each axis)"),
    ('rules = [{ box = [0.06, 0.5, 0.5, 0.0001] }]\n',
     "rules[0].box: is 600 x 0 px at landscape, thinner than a pixel; make it at least 1 px"
     " in both directions"),
])
def test_validate_refuses_impossible_numbers(runner, tmp_path, body, message):
    folder = tmp_path / "templates" / "odd"
    folder.mkdir(parents=True)
    (folder / "template.toml").write_text(f'name = "odd"\nextends = "classic"\n{body}',
                                          encoding="utf-8")
    result = runner.invoke(main, ["templates", "validate", "odd"])
    assert result.exit_code == 1
    assert f"Error: templates/odd/template.toml: {message}" in result.stderr
    assert "Traceback" not in result.stderr


def outside_picture(tmp_path: Path) -> Path:
    from PIL import Image

    secret = tmp_path / "elsewhere" / "secret.png"
    secret.parent.mkdir()
    Image.new("RGB", (400, 300), (200, 30, 30)).save(secret)
    return secret


def test_a_template_picture_that_links_out_of_its_folder_is_refused(runner, tmp_path):
    secret = outside_picture(tmp_path)
    folder = tmp_path / "templates" / "leaky"
    folder.mkdir(parents=True)
    (folder / "bg.jpg").symlink_to(secret)
    (folder / "template.toml").write_text(
        'name = "leaky"\nextends = "photo"\n[background]\nimage = "bg.jpg"\n', encoding="utf-8")
    result = runner.invoke(main, ["templates", "validate", "leaky"])
    assert result.exit_code == 1
    assert ("background.image: 'bg.jpg' must be a path inside the folder of template.toml"
            in result.stderr)


def test_a_brand_logo_in_a_linked_folder_is_refused(runner, tmp_path):
    secret = outside_picture(tmp_path)
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "art").symlink_to(secret.parent, target_is_directory=True)
    (kit / "brand.toml").write_text('name = "Leak"\nlogo = "art/secret.png"\n', encoding="utf-8")
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "--brand", "kit"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: kit/brand.toml: logo: 'art/secret.png' must be a path"
                             " inside the folder of brand.toml\n")


@pytest.mark.parametrize("image", ["{secret}", "../elsewhere/secret.png", "link.png"])
def test_an_article_may_name_only_a_picture_beside_it(runner, tmp_path, image):
    secret = outside_picture(tmp_path)
    desk = tmp_path / "desk"
    desk.mkdir()
    (desk / "link.png").symlink_to(secret)
    named_image = image.format(secret=secret)
    (desk / "story.md").write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("---\n", f"---\nimage: {named_image}\n", 1),
        encoding="utf-8")
    result = runner.invoke(main, ["render", str(desk / "story.md"), "-q", "1", "-t", "photo",
                                  "-o", str(tmp_path / "card.png")])
    assert result.exit_code == 0, result.output
    assert (f"Warning: the article's image was not used: {named_image}: not a file in the"
            " article's folder") in result.stderr
    assert 'set the quote over its own stand-in picture' in result.stderr


def test_a_page_with_an_element_of_100000_attributes_is_refused_before_parsing(runner, tmp_path):
    attributes = " ".join(f'a{i}="x"' for i in range(100_000))
    (tmp_path / "attrs.html").write_text(
        f"<html><head><title>T</title></head><body><div {attributes}>hi</div></body></html>",
        encoding="utf-8")
    result = runner.invoke(main, ["info", "attrs.html"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: attrs.html: an element at character 41 has more than"
                             " 10,000 attributes; this is not a page cards will read\n")


def test_absurdly_nested_json_ld_is_passed_over_and_the_rest_of_the_page_read(runner, tmp_path):
    deep = "[" * 50_000 + "]" * 50_000
    (tmp_path / "deep.html").write_text(
        "<html lang=en><head><title>Pier opens on time</title>"
        f'<script type="application/ld+json">{deep}</script></head><body><article>'
        "<h1>Pier opens on time</h1><p>“We will open the pier on time this year,” said Ana"
        " Ruiz at the meeting.</p></article></body></html>", encoding="utf-8")
    result = runner.invoke(main, ["quotes", "deep.html"])
    assert result.exit_code == 0, result.output
    assert "We will open the pier on time this year" in result.stdout


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_out_naming_a_device_says_it_is_not_a_folder(runner):
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "-o", "/dev/null"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: --out /dev/null: /dev/null is there and is not a folder;"
                             " name a .png, .jpg or .webp file, or a folder\n")


def test_a_pale_accent_on_a_light_design_is_told_to_be_darker(runner, tmp_path):
    (tmp_path / "pale.toml").write_text('name = "Pale"\n[colors]\naccent = "#F0F0F0"\n',
                                        encoding="utf-8")
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "--brand", "pale.toml"])
    assert result.exit_code == 1
    assert result.stderr.endswith("; choose a darker accent\n")


def test_an_article_file_larger_than_the_cap_is_refused_and_the_cap_can_be_raised(
        runner, tmp_path, monkeypatch):
    (tmp_path / "long.txt").write_text(
        "A long story\n\n" + "“We will open the pier on time this year,” said Ana Ruiz. " * 400,
        encoding="utf-8")  # about 24 KB
    monkeypatch.setenv("CARDS_MAX_ARTICLE_MB", "0.01")  # 10 KB, for the test's sake
    refused = runner.invoke(main, ["quotes", "long.txt"])
    assert refused.exit_code == 1
    assert refused.stderr == ("Error: long.txt is larger than 0.01 MB, the most cards reads of"
                              " an article; pass --max-article-mb N to read more\n")
    raised = runner.invoke(main, ["quotes", "long.txt", "--max-article-mb", "1"])
    assert raised.exit_code == 0, raised.output
    assert "We will open the pier on time this year" in raised.stdout


def test_a_font_cut_short_is_refused_by_validate_and_by_render(runner, tmp_path):
    from cards.files import bundled_dir

    whole = (bundled_dir("fonts") / "vollkorn" / "Vollkorn-Regular.ttf").read_bytes()
    folder = tmp_path / "templates" / "cut"
    folder.mkdir(parents=True)
    (folder / "Cut.ttf").write_bytes(whole[:34020])  # its map whole, its outlines cut off
    (folder / "template.toml").write_text(
        'name = "cut"\nextends = "classic"\n[quote]\nfont = "Cut.ttf"\n', encoding="utf-8")
    message = ("templates/cut/template.toml: quote.font: templates/cut/Cut.ttf draws nothing"
               " for '0', though it lists it: the file is damaged (cut short?); use a whole copy")
    validated = runner.invoke(main, ["templates", "validate", "cut"])
    assert validated.exit_code == 1 and validated.stderr == f"Error: {message}\n"
    rendered = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "-t", "cut", "-o", "c.png"])
    assert rendered.exit_code == 1 and rendered.stderr == f"Error: {message}\n"
    assert not (tmp_path / "c.png").exists()


def test_a_card_with_a_character_drawn_without_ink_is_never_written(runner, tmp_path,
                                                                     monkeypatch):
    """A face that draws its sample letters but not one the card needs."""
    from cards.text import faces

    real = faces.draws_ink
    monkeypatch.setattr(faces, "draws_ink", lambda f, c: c != "y" and real(f, c))
    import cards.pipeline

    monkeypatch.setattr(cards.pipeline, "missing_ink", lambda f, text: next(
        (c for c in text if not faces.draws_ink(f, c)), None))
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "-o", "c.png"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the quote would be drawn without its 'y': the font ")
    assert not (tmp_path / "c.png").exists()


def test_rows_asking_for_the_same_card_are_counted_once(runner, tmp_path):
    (tmp_path / "s.md").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "dup.csv").write_text("article,quote\ns.md,1\ns.md,1\ns.md,1\n", encoding="utf-8")
    result = runner.invoke(main, ["batch", "dup.csv", "--jobs", "1", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == (
        "1 made, 0 already there, 2 the same as an earlier row's, 0 rows failed; manifest:"
        " out/manifest.json")
    assert len(list((tmp_path / "out").glob("*.png"))) == 1


def test_a_yaml_job_with_a_python_tag_is_one_line(runner, tmp_path):
    (tmp_path / "jobs.yaml").write_text(
        '- article: s.md\n  quote: !!python/object/apply:os.system ["echo owned"]\n',
        encoding="utf-8")
    result = runner.invoke(main, ["batch", "jobs.yaml", "--jobs", "1", "--quiet"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the job file jobs.yaml: cannot be read (could not"
                                    " determine a constructor for the tag")
    assert "owned" not in result.output


def test_a_template_nested_beyond_reason_is_one_line(runner, tmp_path):
    folder = tmp_path / "templates" / "deep"
    folder.mkdir(parents=True)
    (folder / "template.toml").write_text('name = "deep"\nx = ' + "[" * 100_000 + "]" * 100_000
                                          + "\n", encoding="utf-8")
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "-t", "deep"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: the template templates/deep/template.toml: nested too"
                             " deeply to read\n")


def test_an_output_folder_that_cannot_be_written_is_one_line(runner, tmp_path, monkeypatch):
    """As an editor without rights to the folder meets it (tests run as any user, so the
    refusal is the system's answer, stood in for)."""
    import os as os_module

    real_open = os_module.open

    def refusing(path, flags, *args, **kwargs):
        if "locked" in str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    (tmp_path / "locked").mkdir()
    monkeypatch.setattr(os_module, "open", refusing)
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "-o", "locked/"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write locked/")
    assert result.stderr.endswith(": Permission denied; choose another --out\n")


def test_a_templates_own_picture_of_billions_of_pixels_is_refused_by_validate(runner, tmp_path):
    folder = tmp_path / "templates" / "vast"
    folder.mkdir(parents=True)
    png_header(folder / "bg.png", 30000, 30000)
    (folder / "template.toml").write_text(
        'name = "vast"\nextends = "photo"\n[background]\nimage = "bg.png"\n', encoding="utf-8")
    result = runner.invoke(main, ["templates", "validate", "vast"])
    assert result.exit_code == 1
    assert ("background.image: templates/vast/bg.png is far more than 40 megapixels, the"
            " limit") in result.stderr
    assert "Traceback" not in result.stderr


def test_the_article_cap_can_be_lowered_too_and_is_named_as_given(runner, tmp_path):
    (tmp_path / "short.md").write_text("# Short\n\n“We will open the pier on time,” said Ana"
                                       " Ruiz.\n", encoding="utf-8")
    result = runner.invoke(main, ["quotes", "short.md", "--max-article-mb", "0.00001"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: short.md is larger than 1e-05 MB, the most cards")


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names are always UTF-8")
@pytest.mark.parametrize("design", ["classic", "night"])
def test_an_article_whose_file_name_is_not_utf8_makes_a_card(tmp_path, design):
    """café.md saved by a Latin-1 system: its name's odd byte reaches Python as a lone
    surrogate, which a card's text (PNG iTXt, written by cards or by Pillow) cannot hold.
    The card is made, and names the article as a file manager shows it."""
    import os

    name = os.fsdecode(b"caf\xe9.md")
    (tmp_path / name).write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cards", "render", name, "-q", "2", "-t",
                           design, "-o", "card.png"], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    shown = subprocess.run([sys.executable, "-m", "cards", "inspect", "card.png", "--json"],
                           cwd=tmp_path, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["article"] == "caf\ufffd.md"


ZALGO = "We waited for the fe" + "\u0301" * 80 + "rry all night, c" + "\u0327" * 80 + "old"


def test_a_quote_with_marks_stacked_off_the_card_is_refused_naming_the_letter(runner,
                                                                              tmp_path):
    """Pasted "zalgo" text: eighty acutes on one letter and eighty cedillas under another
    would reach off the card, so the card is refused, naming the letter, rather than
    drawn with its marks cut off. (Either alone fits, set small: see the next test.)"""
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", ZALGO, "--unverified",
                                  "-o", "z.png"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "Error: the quote has “e" + "\u0301" * 11 + "…”, a letter with 80 marks stacked on"
        " it, too tall for classic/landscape even at 36 px; remove the extra marks")
    assert not (tmp_path / "z.png").exists()


# Marks stacked twenty high above and below Latin letters, and twenty Devanagari vowel
# signs under one letter, which HarfBuzz sets drifting to the left.
STACKS = [("en", "We wa" + "\u0301" * 20 + "ited for the ferry" + "\u0327" * 20
           + " all night, and the " + "\u0303" * 5 + "harbour was quiet"),
          ("hi", "\u0915" + "\u0941" * 20 + " फाटक बना")]


@pytest.mark.parametrize("design", ["classic", "bold", "minimal"])
@pytest.mark.parametrize("lang,text", STACKS)
def test_stacked_marks_stay_on_the_card_or_the_card_is_refused(design, lang, text):
    """Marks stacked on a letter are drawn whole: the quote is set small enough that its
    ink stays on the card, or, where the box is too short even at the smallest size or
    the stack drifts past the card's edge, the card is refused naming the letter."""
    from cards import load_template, parse_article
    from cards.errors import LayoutError
    from cards.pipeline import card_spec, render_card
    from cards.quotes.verify import unverified_quote
    from cards.render import paint
    from tests.conftest import STORY, STORY_URL

    article = parse_article(STORY, "ferry.md")
    template = load_template(design)
    drawn = 0
    for preset in template.sizes:
        spec = card_spec(article, unverified_quote(text, lang), template, preset, STORY_URL,
                         speaker="Ana Ruiz", lang=lang)
        try:
            card = render_card(spec, False)
        except LayoutError as e:
            assert "marks stacked on it, too tall for" in str(e) \
                or "marks stacked on it, which would reach off the edge of" in str(e)
            continue
        drawn += 1
        box, _ = paint._coverage(card.layout.text("quote"))
        assert 0 <= box.x and 0 <= box.y, preset
        assert box.right <= card.layout.width and box.bottom <= card.layout.height, preset
    assert drawn >= 2
