"""`cards render` as a user runs it: files written, messages, exit codes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from cards.cli.main import main
from cards.design.model import PRESETS
from tests.conftest import EXAMPLE, STORY_URL


def pngs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.png"))


def preset_of(name: str) -> str:
    """The preset a default file name states: QUOTE-DESIGN-PRESET-HASH.png."""
    return re.fullmatch(r".+-([a-z]+)-[0-9a-f]{6}\.(?:png|jpg|webp)", name).group(1)


def test_render_writes_one_landscape_card_named_after_the_quote(runner, story, tmp_path):
    result = runner.invoke(main, ["render", str(story), "--quote", "1", "--out", "out/"])
    assert result.exit_code == 0, result.output
    [card] = pngs(tmp_path / "out")
    assert result.stdout.strip() == str(Path("out") / card.name)
    assert re.fullmatch(r"we-missed-the-sound-of-the-classic-landscape-[0-9a-f]{6}\.png",
                        card.name), card.name
    with Image.open(card) as image:
        assert image.size == (1200, 630)
        assert image.text["Title"] == "The harbour ferry returns after a winter in dry dock"
        assert image.text["Description"] == (
            "“We missed the sound of the horn more than we expected”"
        )
        assert image.text["Source"] == STORY_URL
        assert image.text["Author"] == "Tomasz Nowak"
        assert image.text["Software"].startswith("cards ")
        assert "Warning" not in image.text
    assert not list((tmp_path / "out").glob(".*tmp"))


def test_size_all_writes_every_preset_at_its_pixel_size(runner, story, tmp_path):
    result = runner.invoke(main, ["render", str(story), "-q", "2", "--size", "all", "-o", "out/"])
    assert result.exit_code == 0, result.output
    sizes = {}
    for card in pngs(tmp_path / "out"):
        with Image.open(card) as image:
            sizes[preset_of(card.name)] = image.size
    assert sizes == PRESETS


def test_size_is_repeatable_and_takes_commas(runner, story, tmp_path):
    result = runner.invoke(
        main, ["render", str(story), "-q", "1", "-s", "square,story", "-s", "square", "-o", "o/"]
    )
    assert result.exit_code == 0, result.output
    assert sorted(preset_of(p.name) for p in pngs(tmp_path / "o")) == ["square", "story"]


def test_out_file_and_missing_folders_are_created(runner, story, tmp_path):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-o", "a/b/card.png"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "a" / "b" / "card.png").is_file()


def test_out_dash_writes_the_png_to_stdout(runner, story):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-o", "-"])
    assert result.exit_code == 0, result.stderr
    with Image.open(io.BytesIO(result.stdout_bytes)) as image:
        assert image.format == "PNG" and image.size == (1200, 630)


def test_same_inputs_give_the_same_bytes_and_name(runner, story, tmp_path):
    for out in ("one/", "two/"):
        assert runner.invoke(main, ["render", str(story), "-q", "1", "-o", out]).exit_code == 0
    [a], [b] = pngs(tmp_path / "one"), pngs(tmp_path / "two")
    assert a.name == b.name
    assert a.read_bytes() == b.read_bytes()


def test_quote_text_with_straight_marks_is_verified_and_set_in_curly_ones(runner, story, tmp_path):
    quote = '"It is slower than the bridge, but nobody ever wrote a song about a bridge"'
    result = runner.invoke(main, ["render", str(story), "-q", quote, "-o", "card.png"])
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "card.png") as image:
        assert image.text["Description"] == (
            "“It is slower than the bridge, but nobody ever wrote a song about a bridge”"
        )
        assert image.text["Author"] == "Lena Fischer"


def test_options_override_speaker_site_and_url(runner, story, tmp_path):
    url = "https://example.com/ferry?utm_source=cards"
    result = runner.invoke(main, [
        "render", str(story), "-q", "1", "--speaker", "Captain Nowak", "--site", "Gazette",
        "--url", url, "-o", "c.png", "--explain",
    ])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    texts = {t["role"]: t["text"] for t in card["layout"]["texts"]}
    assert texts["attribution"] == "— Captain Nowak"
    assert texts["site"] == "Gazette"
    assert card["layout"]["qr"]["url"] == url


def test_no_qr_makes_a_card_without_a_code(runner, tmp_path):
    article = tmp_path / "plain.md"
    article.write_text('---\ntitle: A quiet day\n---\n\n"Nothing happened at all today," she said.\n')
    result = runner.invoke(main, ["render", str(article), "-q", "1", "--no-qr", "--explain"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    assert card["layout"]["qr"] is None
    assert Path(card["file"]).is_file()


def test_explain_prints_layout_and_alt_text(runner, story):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--explain", "-s", "square"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    assert card["alt_text"] == (
        "Quote card: “We missed the sound of the horn more than we expected” — Tomasz Nowak, "
        "in ‘The harbour ferry returns after a winter in dry dock’, The Harbour Gazette."
    )
    assert card["layout"]["preset"] == "square"
    assert card["verified"] is True


def test_alt_text_is_written_beside_the_png(runner, story, tmp_path):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--alt-text", "-o", "c.png"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.txt").read_text(encoding="utf-8").startswith("Quote card: “We missed")


def test_article_from_stdin(runner, story, tmp_path):
    result = runner.invoke(
        main, ["render", "-", "-q", "2", "-o", "c.png"], input=story.read_bytes()
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.png").is_file()


def test_unverified_quote_is_rendered_and_marked_in_the_png(runner, story, tmp_path):
    result = runner.invoke(main, [
        "render", str(story), "-q", "The ferry is the best thing here.", "--unverified",
        "-o", "c.png",
    ])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Warning: the quote was not found in the article; the card's Warning metadata says so.\n"
    )
    with Image.open(tmp_path / "c.png") as image:
        assert image.text["Warning"] == "The quote was not verified against the article."


def test_bundled_example_renders(runner, tmp_path):
    result = runner.invoke(main, ["render", str(EXAMPLE), "-q", "1", "-o", "c.png"])
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "c.png") as image:
        assert image.size == (1200, 630)


@pytest.mark.parametrize("command", [[], ["render"], ["quotes"]])
def test_help(runner, command):
    result = runner.invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage: " in result.output


# Errors: one line naming the thing and what to do, a non-zero exit, no traceback, no file.


def error_of(result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def assert_nothing_written(folder: Path) -> None:
    leftovers = [p for p in folder.rglob("*") if p.suffix in (".png", ".txt", ".tmp")]
    assert leftovers == []


def test_missing_article(runner, tmp_path):
    result = runner.invoke(main, ["render", "nope.md", "-q", "1"])
    assert error_of(result) == "Error: article not found: nope.md (check the path)"
    assert_nothing_written(tmp_path)


def test_empty_article(runner, tmp_path):
    (tmp_path / "empty.txt").write_text("  \n\n")
    result = runner.invoke(main, ["render", "empty.txt", "-q", "1"])
    assert error_of(result) == "Error: article is empty: empty.txt"


def test_article_that_is_not_utf8(runner, tmp_path):
    # Bytes that read as no text in any encoding; a Latin-1 file is read by detection.
    (tmp_path / "latin1.txt").write_bytes(b"Caf\xe9" + bytes(range(256)) * 2)
    result = runner.invoke(main, ["render", "latin1.txt", "-q", "1"])
    assert error_of(result) == (
        "Error: latin1.txt is not UTF-8 text (invalid byte 0xe9 at offset 3); save it as UTF-8"
    )


def test_quote_not_in_the_article_shows_the_closest_passage(runner, story, tmp_path):
    result = runner.invoke(main, ["render", str(story), "-q", "We missed the sound of the bell"])
    message = error_of(result)
    assert message.startswith("Error: quote not found in ")
    assert "closest passage: “We missed the sound of the horn" in message
    assert message.endswith("(use --unverified to render it anyway)")
    assert_nothing_written(tmp_path)


def test_quote_number_out_of_range(runner, story):
    message = error_of(runner.invoke(main, ["render", str(story), "-q", "9"]))
    assert message == (
        f"Error: quote number 9 is out of range: {story} has 2 quotations (see cards quotes {story})"
    )


def test_quote_too_long_says_how_many_characters_fit(runner, tmp_path):
    words = " ".join(["the harbour ferry crossed the bay again"] * 30)
    (tmp_path / "long.md").write_text(
        f"---\ntitle: Long\nurl: https://example.org/long\n---\n\n“{words},” said Ann Lee.\n"
    )
    message = error_of(runner.invoke(main, ["render", "long.md", "-q", "1", "-o", "out"]))
    assert message.startswith(
        f"Error: the quote is too long for classic/landscape: {len(words) + 2} characters, and about "
    )
    fits = int(message.split("and about ")[1].split()[0])
    assert 150 < fits < 450
    assert "fit at the smallest size (36 px)" in message
    assert_nothing_written(tmp_path)


def test_one_size_too_small_writes_no_card_at_all(runner, tmp_path):
    words = " ".join(["the ferry crossed the bay"] * 16)
    (tmp_path / "l.md").write_text(f"---\ntitle: L\nurl: https://example.org/l\n---\n\n“{words}.”\n")
    result = runner.invoke(main, ["render", "l.md", "-q", "1", "-s", "story", "-s", "landscape"])
    assert "too long for classic/landscape" in error_of(result)
    assert_nothing_written(tmp_path)


@pytest.mark.parametrize("url", ["ftp://example.org/x", "example.org/story", "javascript:alert(1)"])
def test_url_must_be_http_or_https(runner, story, url):
    message = error_of(runner.invoke(main, ["render", str(story), "-q", "1", "--url", url]))
    assert message == (
        f"Error: --url: {url!r} is not an http or https URL; give the story's full address,"
        " such as https://example.org/story"
    )


def test_card_without_url_is_refused(runner, tmp_path):
    (tmp_path / "n.md").write_text('---\ntitle: N\n---\n\n"A fine day for it," said Bo Kim.\n')
    message = error_of(runner.invoke(main, ["render", "n.md", "-q", "1"]))
    assert message == (
        "Error: n.md has no story URL for the QR code; set --url, or --no-qr for a card"
        " without one"
    )


def usage_error_of(result) -> str:
    """A usage error: exit status 2, one line, nothing written."""
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert not list(Path().glob("*.png"))
    return lines[0]


def test_unknown_template_is_a_usage_error_with_a_suggestion(runner, story):
    message = usage_error_of(runner.invoke(main, ["render", str(story), "-q", "1", "-t", "clasic"]))
    assert message == ('Error: --template: no template "clasic" (did you mean "classic"?);'
                       " templates: bold, classic, minimal, night, photo")


def test_unknown_preset_is_a_usage_error_with_a_suggestion(runner, story):
    message = usage_error_of(runner.invoke(main, ["render", str(story), "-q", "1", "-s", "sqare"]))
    assert message == (
        'Error: --size: no preset "sqare" (did you mean "square"?); choose from landscape, wide,'
        " square, portrait, story or all"
    )


def test_output_that_cannot_be_written(runner, story, tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder")
    message = error_of(runner.invoke(main, ["render", str(story), "-q", "1", "-o", "taken/c.png"]))
    assert message == "Error: cannot write taken/c.png: taken is a file, not a folder; choose another --out"
    assert (tmp_path / "taken").read_text() == "a file, not a folder"


def test_several_sizes_into_one_file_is_refused(runner, story, tmp_path):
    message = error_of(runner.invoke(main, ["render", str(story), "-q", "1", "-s", "all", "-o", "c.png"]))
    assert message == ("Error: --out c.png names one file, but 5 sizes were asked; give a folder"
                       " (end it with /)")
    assert_nothing_written(tmp_path)


def test_debug_shows_the_traceback(runner, story):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-t", "nope.toml", "--debug"])
    assert result.exit_code != 0
    assert type(result.exception).__name__ == "TemplateError"


def test_article_that_is_a_folder(runner, tmp_path):
    (tmp_path / "drafts").mkdir()
    message = error_of(runner.invoke(main, ["render", "drafts", "-q", "1"]))
    assert message == "Error: cannot read article drafts: Is a directory"


def test_character_no_font_can_draw_is_named(runner, story, tmp_path):
    # TOTO LETTER PA: in no bundled font, nor in any Noto font Debian 12 packages.
    text = story.read_text(encoding="utf-8").replace("expected,", "expected \U0001E290,")
    (tmp_path / "toto.md").write_text(text, encoding="utf-8")
    message = error_of(runner.invoke(main, ["render", "toto.md", "-q", "1", "-o", "out"]))
    assert message == (
        "Error: the quote has U+1E290 TOTO LETTER PA ('\U0001E290'), which no font can draw"
        " (tried Vollkorn-Regular, NotoNaskhArabic-Regular, NotoSerifHebrew-Regular,"
        " NotoSerifDevanagari-Regular, NotoSerifThai-Regular); remove or replace that character"
    )
    assert message.endswith("); remove or replace that character")
    assert_nothing_written(tmp_path)


def test_typed_dashes_and_ellipsis_are_set_properly(runner, tmp_path):
    (tmp_path / "d.md").write_text(
        "---\ntitle: D\nurl: https://example.org/d\n---\n\n"
        "\"We waited -- all winter -- for the boat, and then it came back,\" said Ann Lee.\n"
    )
    quote = "We waited -- all winter -- for the boat ... it came back"
    result = runner.invoke(main, ["render", "d.md", "-q", quote, "-o", "c.png", "--explain"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    quote_block = next(t for t in card["layout"]["texts"] if t["role"] == "quote")
    assert quote_block["text"] == "“We waited — all winter — for the boat … it came back”"


@pytest.mark.parametrize("flag", ["--explain", "--alt-text", "--json", "--open"])
def test_stdout_cannot_also_carry_the_explanation(runner, story, flag):
    message = usage_error_of(runner.invoke(main, ["render", str(story), "-q", "1", "-o", "-", flag],
                                           prog_name="cards"))
    assert message == (
        f"Error: --out - writes the card to stdout; it cannot go with {flag} (give a file or"
        " folder) (see cards render --help)"
    )


def test_stdout_takes_one_card_only(runner, story):
    message = error_of(runner.invoke(main, ["render", str(story), "-q", "1", "-o", "-", "-s", "all"]))
    assert message == "Error: --out - writes one card to stdout, but 5 sizes were asked; give a folder"


def test_unverified_flag_with_a_quote_that_is_found_gives_a_verified_card(runner, story, tmp_path):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--unverified", "-o", "c.png"])
    assert result.exit_code == 0 and result.stderr == ""
    with Image.open(tmp_path / "c.png") as image:
        assert "Warning" not in image.text


def test_empty_speaker_and_site_leave_those_lines_off(runner, story):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "--speaker", "", "--site", "",
                                  "--explain"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    assert {t["role"] for t in card["layout"]["texts"]} == {"quote", "headline"}


def test_speaker_found_in_the_article_starts_with_a_capital(runner, tmp_path):
    (tmp_path / "e.md").write_text(
        "---\ntitle: E\nurl: https://example.org/e\n---\n\n"
        "“Nobody told us anything about the plan,” one employee said.\n"
    )
    result = runner.invoke(main, ["render", "e.md", "-q", "1", "--explain"])
    [card] = json.loads(result.stdout)
    texts = {t["role"]: t["text"] for t in card["layout"]["texts"]}
    assert texts["attribution"] == "— One employee"


def test_no_qr_still_names_the_site_from_the_url(runner, tmp_path):
    (tmp_path / "n.md").write_text('---\ntitle: N\n---\n\n"A fine day for it," said Bo Kim.\n')
    result = runner.invoke(main, ["render", "n.md", "-q", "1", "--no-qr", "--explain",
                                  "--url", "https://www.harbourgazette.example/n"])
    [card] = json.loads(result.stdout)
    texts = {t["role"]: t["text"] for t in card["layout"]["texts"]}
    assert texts["site"] == "harbourgazette.example"
    assert card["layout"]["qr"] is None


def test_empty_size_is_refused(runner, story):
    message = error_of(runner.invoke(main, ["render", str(story), "-q", "1", "-s", ""]))
    assert message == (
        "Error: --size: no preset given; choose from landscape, wide, square, portrait, story or all"
    )


def test_too_long_for_landscape_suggests_a_size_where_it_fits(runner, tmp_path):
    words = " ".join(["the ferry crossed the bay"] * 16)
    (tmp_path / "l.md").write_text(f"---\ntitle: L\nurl: https://example.org/l\n---\n\n“{words}.”\n")
    message = error_of(runner.invoke(main, ["render", "l.md", "-q", "1"]))
    assert message.endswith("where words are left out, or use --size portrait, where it fits")
    words = " ".join(["the ferry crossed the bay"] * 40)
    (tmp_path / "l.md").write_text(f"---\ntitle: L\nurl: https://example.org/l\n---\n\n“{words}.”\n")
    message = error_of(runner.invoke(main, ["render", "l.md", "-q", "1"]))
    assert message.endswith("with an ellipsis (…) where words are left out")


def test_url_too_long_for_a_qr_code(runner, story):
    url = "https://example.org/" + "a" * 3000
    message = error_of(runner.invoke(main, ["render", str(story), "-q", "1", "--url", url]))
    assert message == (
        "Error: the story URL is 3020 characters, more than a QR code holds at error correction M;"
        " use a shorter URL"
    )


def test_url_with_a_space(runner, story):
    message = error_of(runner.invoke(main, ["render", str(story), "-q", "1", "--url",
                                            "https://exa mple.org/x"]))
    assert message == (
        "Error: --url: 'https://exa mple.org/x' has a space or control character; percent-encode"
        " it (a space is %20)"
    )


def test_out_with_another_image_suffix_is_refused(runner, story, tmp_path):
    message = error_of(runner.invoke(main, ["render", str(story), "-q", "1", "-o", "card.gif"]))
    assert message == ("Error: --out card.gif: cards are .png, .jpg or .webp files; name one of"
                       " those, or end it with / for a folder")
    assert list(tmp_path.glob("card.gif")) == []


def test_out_dash_refuses_a_terminal(story, tmp_path):
    import os
    import pty
    import subprocess
    import sys

    main_fd, terminal = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "cards", "render", str(story), "-q", "1", "-o", "-"],
        stdout=terminal, stderr=subprocess.PIPE, cwd=tmp_path, timeout=60,
    )
    os.close(terminal)
    os.close(main_fd)
    assert done.returncode == 1
    assert done.stderr.decode() == (
        "Error: --out - would write an image to the terminal; redirect it (> card.png) or give a"
        " file or folder\n"
    )


@pytest.mark.parametrize("args,start,end", [
    (["render", "x.md"], "Error: Missing option '--quote' / '-q'.", "(see cards render --help)"),
    (["render", "x.md", "-q", "1", "--colour", "red"],
     "Error: No such option '--colour'.", "(see cards render --help)"),
    (["rendr"], "Error: No such command 'rendr'.", "(see cards --help)"),
])
def test_usage_errors_are_one_line_too(runner, args, start, end):
    """Click words the reason itself (its wording moves between releases); cards puts it
    on one line with where to look."""
    result = runner.invoke(main, args, prog_name="cards")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(start) and line.endswith(end)


def test_a_headline_too_long_for_its_box_is_never_cut(runner, tmp_path):
    """It is set smaller, down to what stays legible, or else left off, with a warning:
    a headline cut with "…" reads as a different headline."""
    headline = " ".join(["The harbour ferry returns after a long winter in the dry dock"] * 3)
    (tmp_path / "h.md").write_text(
        f"---\ntitle: {headline}\nurl: https://example.org/h\n---\n\n"
        "“We missed the sound of the horn more than we expected,” said Tomasz Nowak.\n"
    )
    result = runner.invoke(main, ["render", "h.md", "-q", "1", "--explain"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    blocks = [t for t in card["layout"]["texts"] if t["role"] == "headline"]
    if blocks:
        shown = " ".join(line["text"] for line in blocks[0]["lines"])
        assert shown == headline and "…" not in shown
        assert "Warning: the headline is set at" in result.stderr
    else:
        assert ("Warning: the headline '" + headline + "' does not fit at classic/landscape;"
                " the card leaves it off") in result.stderr
    assert f"‘{headline}’" in card["alt_text"]  # the full headline stays in the alt text


@pytest.mark.parametrize("preset", list(PRESETS))
def test_explain_boxes_hold_their_elements_without_overlap(runner, story, preset):
    """The same rules as test_card_rules, read from what --explain prints."""
    result = runner.invoke(main, ["render", str(story), "-q", "2", "-s", preset, "--explain"])
    assert result.exit_code == 0, result.output
    layout = json.loads(result.stdout)[0]["layout"]

    def inside(inner, outer):
        return (outer["x"] <= inner["x"] and outer["y"] <= inner["y"]
                and inner["x"] + inner["w"] <= outer["x"] + outer["w"]
                and inner["y"] + inner["h"] <= outer["y"] + outer["h"])

    def apart(a, b):
        return (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])

    boxes = {}
    for text in layout["texts"]:
        assert inside(text["extent"], text["box"]), text["role"]
        boxes[text["role"]] = text["box"]
    qr = layout["qr"]
    if preset == "story":  # no code by default: the place is kept for the link sticker
        assert qr is None
        boxes["link sticker"] = layout["sticker"]
    else:
        assert inside(qr["plate"], qr["box"]) and inside(qr["label"]["extent"], qr["box"])
        # The code's whole modules and quiet zone fit the plate, with less than one
        # module's worth of pixels a side left over.
        code = (qr["modules"] + 2 * qr["quiet_modules"]) * qr["module_px"]
        assert code <= qr["plate"]["w"] < code + qr["modules"] + 2 * qr["quiet_modules"]
        boxes["qr"] = qr["box"]
    names = list(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert apart(boxes[a], boxes[b]), (a, b)
    assert (layout["width"], layout["height"]) == PRESETS[preset]


def test_a_site_name_the_font_cannot_draw_points_at_site(runner, story, monkeypatch):
    from cards.text import sysfonts

    # As on a machine without fonts-noto-cjk.
    monkeypatch.setattr(sysfonts, "system_face", lambda cluster, lang, style: None)
    message = error_of(runner.invoke(main, ["render", str(story), "-q", "1", "--site", "港湾日报"]))
    assert message == (
        "Error: the site has U+6E2F CJK UNIFIED IDEOGRAPH-6E2F ('港'), which no font can draw"
        " (tried Inter-Bold, NotoSansArabic-Bold, NotoSansHebrew-Bold, NotoSansDevanagari-Bold, NotoSansThai-Bold"
        "); install a font that has it (Debian: apt-get install fonts-noto-cjk), or"
        " give the publication's name with --site"
    )


def test_emphasised_words_are_drawn_in_the_accent_colour(runner, story, tmp_path):
    result = runner.invoke(main, ["render", str(story), "-q",
                                  "We missed the sound of the *horn* more than we expected",
                                  "-o", "c.png", "--explain"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    quote = next(t for t in card["layout"]["texts"] if t["role"] == "quote")
    accent = (0xA4, 0x26, 0x2C)
    spans = [s for line in quote["lines"] for s in line["spans"]]
    assert [s["text"].strip() for s in spans if tuple(s["color"]) == accent] == ["horn"]
    with Image.open(tmp_path / "c.png") as image:
        assert image.text["Description"] == "“We missed the sound of the horn more than we expected”"
        span = next(s for s in spans if tuple(s["color"]) == accent)
        line = next(line for line in quote["lines"] if span in line["spans"])
        crop = image.convert("RGB").crop((span["x"], line["baseline"] - 30, span["x"] + span["width"], line["baseline"]))
        assert accent in {c for _, c in crop.getcolors(100000)}


def test_a_template_can_set_emphasis_in_bold(runner, story, tmp_path):
    import tomllib

    from cards.files import bundled_dir

    source = (bundled_dir("templates") / "classic" / "template.toml").read_text(encoding="utf-8")
    data = tomllib.loads(source)
    assert "emphasis_font" not in data["quote"]
    folder = tmp_path / "bold"
    folder.mkdir()
    (folder / "template.toml").write_text(source.replace(
        'font = "Vollkorn-Regular"', 'font = "Vollkorn-Regular"\nemphasis_font = "Vollkorn-SemiBold"\nemphasis = "text"'
    ), encoding="utf-8")
    result = runner.invoke(main, ["render", str(story), "-q",
                                  "We missed the sound of the *horn* more than we expected",
                                  "-t", str(folder), "--explain", "-o", "c.png"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    quote = next(t for t in card["layout"]["texts"] if t["role"] == "quote")
    spans = [s for line in quote["lines"] for s in line["spans"]]
    bold = [s["text"].strip() for s in spans if s["face"]["name"] == "Vollkorn-SemiBold"]
    assert bold == ["horn"]
    assert all(tuple(s["color"]) == (0x1E, 0x1B, 0x16) for s in spans)


def test_figures_are_lining_unless_the_template_asks_for_old_style():
    from cards.design.catalog import load_template
    from cards.text.faces import get_font

    features = load_template("classic").size("landscape").texts["quote"].features
    assert "lnum" in features
    font = get_font("Vollkorn-Regular", 100)
    cap = font.getbbox("H", anchor="ls")[1]
    lining = font.getbbox("0", anchor="ls", features=list(features))[1]
    old_style = font.getbbox("0", anchor="ls", features=["onum"])[1]
    assert abs(lining - cap) <= 3  # a lining zero stands as tall as a capital
    assert old_style > cap + 15  # an old-style zero is the height of a lower-case o


def test_an_unbreakable_stretch_is_named_rather_than_counted(runner, tmp_path):
    url = "https://example.org/" + "a-very-long-path/" * 8
    (tmp_path / "u.md").write_text(
        f"---\ntitle: U\nurl: https://example.org/u\n---\n\n“Read it all at {url} today,” said Bo Kim.\n")
    message = error_of(runner.invoke(main, ["render", "u.md", "-q", "1"]))
    assert message.startswith("Error: the quote has “https://example.org/a-very-long-path/a-…”,"
                              " too wide for one line of classic/landscape even at 36 px")
    assert message.endswith("with no place to break it; shorten the quote around it")


def test_lang_must_be_a_language_tag(runner, story):
    message = error_of(runner.invoke(main, ["render", str(story), "-q", "1", "--lang", "klingon"]))
    assert message == (
        "Error: --lang: 'klingon' is not a language cards knows; give a tag such as de, fr-CH,"
        " ar, ja or zh-Hant"
    )
    ok = runner.invoke(main, ["render", str(story), "-q", "1", "--lang", "de-AT", "--explain"])
    assert ok.exit_code == 0, ok.output
    [card] = json.loads(ok.stdout)
    quote = next(t for t in card["layout"]["texts"] if t["role"] == "quote")
    assert quote["text"].startswith("„") and quote["lang"] == "de-AT"


def test_a_speaker_taken_from_a_pronoun_is_for_the_editor_to_check(runner, tmp_path):
    (tmp_path / "budget.md").write_text(
        "---\ntitle: Budget\nurl: https://example.org/budget\n---\n\n"
        "“We have balanced this budget without closing a single branch,” said Tom Reyes.\n\n"
        "“Next year will be harder, and everyone in this room knows it,” she added.\n",
        encoding="utf-8")
    check = ("Warning: the speaker, Tom Reyes, is who a pronoun in the article (“she said”)"
             " was taken to mean; check it, or name one with --speaker")
    for quote in ("2", "Next year will be harder"):
        result = runner.invoke(main, ["render", "budget.md", "-q", quote, "-o", "b.png"])
        assert result.exit_code == 0, result.output
        assert check in result.stderr
    said = runner.invoke(main, ["render", "budget.md", "-q", "1", "-o", "said.png"])
    named = runner.invoke(main, ["render", "budget.md", "-q", "2", "--speaker", "Linda Park",
                                 "-o", "named.png"])
    assert (said.exit_code, named.exit_code) == (0, 0)
    assert "pronoun" not in said.stderr + named.stderr


def test_a_quote_with_no_speaker_found_says_so(runner, tmp_path):
    (tmp_path / "memo.md").write_text(
        "---\ntitle: Memo\nurl: https://example.org/memo\n---\n\n"
        "The memo ended: “We will not renew the ferry contract after March.”\n",
        encoding="utf-8")
    result = runner.invoke(main, ["render", "memo.md", "-q", "1", "-o", "memo.png"])
    assert result.exit_code == 0, result.output
    assert ("Warning: no speaker was found for the quote, so the card has no attribution;"
            " name one with --speaker") in result.stderr
    named = runner.invoke(main, ["render", "memo.md", "-q", "1", "--speaker", "The memo",
                                 "-o", "named.png"])
    assert "no speaker was found" not in named.stderr
