"""`cards audit` as a newsroom runs it after a correction: which cards quote words the
story no longer holds, which were made unverified, which are fine, which belong to
another story; the exit status, the JSON, and nothing written."""

from __future__ import annotations

import functools
import json
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from cards.cli.main import main
from tests.cli.conftest import CORRECTED, GRANDFATHER, PIER, PIER_URL, STORM, SUMMER, make
from tests.conftest import EXAMPLE

TWELVE = STORM.replace("eleven", "twelve")
SUMMER_WHOLE = f"{SUMMER} unless the council finds more damage"
# What verify finds nearest the quotation that was taken out (shown in marks, its own
# become single ones).
NEAREST = f"“{SUMMER_WHOLE},” Malhotra added."
NEAREST_SHOWN = f"“‘{SUMMER_WHOLE},’ Malhotra added.”"


@pytest.fixture
def desk(runner, pier) -> dict[str, list[Path]]:
    """A folder of cards from the pier story: the storm quote at two sizes, the
    grandfather's, part of the summer one, and one made --unverified."""
    return {
        "storm": make(runner, "pier.md", "-q", "1", "-s", "landscape,square", "-o", "cards/"),
        "grandfather": make(runner, "pier.md", "-q", "2", "-o", "cards/"),
        "summer": make(runner, "pier.md", "-q", SUMMER, "-s", "portrait", "-o", "cards/"),
        "unverified": make(runner, "pier.md", "-q", "The pier will never close",
                           "--unverified", "-o", "cards/"),
    }


def correct(pier: Path) -> None:
    pier.write_text(CORRECTED, encoding="utf-8")


def lines(*paths: Path) -> list[str]:
    return [f"    {p}" for p in sorted(paths)]


def test_a_correction_lists_the_cards_whose_quote_is_gone(runner, pier, desk):
    correct(pier)
    result = runner.invoke(main, ["audit", "cards", "--article", "pier.md"])
    assert result.exit_code == 1
    assert result.stderr == ""
    # The quotes that are gone come in the order of their first card's file name, which
    # carries a hash: compared as a set of blocks.
    out = result.stdout.splitlines()
    gone_end = out.index("", 3)
    blocks, block = [], []
    for line in out[3:gone_end]:
        if line.startswith("  “") and block:
            blocks.append(block)
            block = []
        block.append(line)
    blocks.append(block)
    assert sorted(blocks) == sorted([
        [f"  “{STORM}”", f"    closest now: “{TWELVE}”", *lines(*desk["storm"])],
        [f"  “{GRANDFATHER}”", f"    closest now: {NEAREST_SHOWN}",
         *lines(*desk["grandfather"])],
    ])
    assert out[:3] + out[gone_end:] == [
        f"Checked 5 cards against pier.md ({PIER_URL}).",
        "",
        "Quote no longer in the article: 3 cards",
        "",
        "Made with --unverified, to check by hand: 1 card",
        "  “The pier will never close”",
        "    now: not in the article; closest: “the pier to stay open all summer unless the"
        " council finds more damage”",
        *lines(*desk["unverified"]),
        "",
        "Still in the article: 1 card (--verbose lists them)",
    ]


def test_verbose_lists_the_cards_still_fine(runner, pier, desk):
    correct(pier)
    result = runner.invoke(main, ["audit", "cards", "--article", "pier.md", "--verbose"])
    assert result.exit_code == 1
    tail = result.stdout.split("Still in the article: 1 card\n", 1)[1]
    assert tail == f"  {desk['summer'][0]}\n"


def test_json_lists_every_card_by_what_was_found(runner, pier, desk):
    correct(pier)
    result = runner.invoke(main, ["audit", "cards", "--article", "pier.md", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    # Grouped by quote, the groups in file-name order (names carry a hash): compared sorted.
    report["gone"] = sorted(report["gone"], key=lambda g: g["file"])
    storm_reason = (
        "quote not found in pier.md: “The storm took out eleven pilings in one night, and"
        " we…”; quote 1 reads “The storm took out twelve pilings in one night, and we"
        " replaced every one of…”")
    gone_reason = (
        "quote not found in pier.md: “My grandfather fished from this pier and so did I, so"
        f" the…”; closest passage: {NEAREST_SHOWN} (use cards render --unverified to render"
        " it anyway)")
    assert report == {
        "article": "pier.md",
        "story_url": PIER_URL,
        "gone": sorted([
            *({"file": str(p), "row": None, "quote": f"“{STORM}”", "closest": TWELVE,
               "reason": storm_reason} for p in sorted(desk["storm"])),
            {"file": str(desk["grandfather"][0]), "row": None, "quote": f"“{GRANDFATHER}”",
             "closest": NEAREST, "reason": gone_reason},
        ], key=lambda g: g["file"]),
        "unverified": [
            {"file": str(desk["unverified"][0]), "row": None,
             "quote": "“The pier will never close”", "found": False,
             "closest": "the pier to stay open all summer unless the council finds more damage"},
        ],
        "fine": [{"file": str(desk["summer"][0]), "row": None, "quote": f"“{SUMMER}”"}],
        "other_article": [],
        "not_cards": [],
        "unreadable": [],
    }


def test_an_article_that_still_holds_every_quote_exits_0(runner, pier, desk):
    result = runner.invoke(main, ["audit", "cards", "--article", "pier.md"])
    assert result.exit_code == 0, result.output
    assert "Quote no longer in the article" not in result.stdout
    assert "Made with --unverified, to check by hand: 1 card" in result.stdout
    assert "Still in the article: 4 cards (--verbose lists them)" in result.stdout


def test_an_unverified_quote_the_correction_added_is_shown_as_found_now(runner, pier, desk):
    pier.write_text(PIER + '\n"The pier will never close," the mayor promised.\n',
                    encoding="utf-8")
    result = runner.invoke(main, ["audit", "cards", "--article", "pier.md"])
    assert result.exit_code == 0, result.output
    assert ("Made with --unverified, to check by hand: 1 card\n"
            "  “The pier will never close”\n"
            "    now: in the article, word for word\n") in result.stdout
    found = json.loads(runner.invoke(main, ["audit", "cards", "-a", "pier.md", "--json"]).stdout)
    assert [c["found"] for c in found["unverified"]] == [True]


def batch(runner, tmp_path: Path) -> Path:
    (tmp_path / "week.csv").write_text(
        f'article,quote,sizes\npier.md,1,landscape square\npier.md,2,square\n'
        f'pier.md,"{SUMMER}",portrait\n', encoding="utf-8")
    result = runner.invoke(main, ["batch", "week.csv", "-o", "week", "--quiet", "-j", "1"])
    assert result.exit_code == 0, result.output
    return tmp_path / "week"


@pytest.mark.parametrize("target", ["week", "week/manifest.json"])
def test_a_batchs_cards_are_named_with_their_rows(runner, pier, tmp_path, target):
    week = batch(runner, tmp_path)
    correct(pier)
    result = runner.invoke(main, ["audit", target, "--article", "pier.md", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    gone = sorted((Path(c["file"]).name.rsplit("-", 2)[1], c["row"]) for c in report["gone"])
    assert gone == [("landscape", "week.csv:2"), ("square", "week.csv:2"),
                    ("square", "week.csv:3")]
    assert [c["row"] for c in report["fine"]] == ["week.csv:4"]
    assert all(c["file"].startswith("week/") for c in report["gone"] + report["fine"])
    assert {Path(c["file"]).name for c in report["gone"] + report["fine"]} == {
        p.name for p in week.glob("*.png")}


def test_rows_show_in_the_text_report(runner, pier, tmp_path):
    batch(runner, tmp_path)
    correct(pier)
    result = runner.invoke(main, ["audit", "week", "--article", "pier.md"])
    [line] = [x for x in result.stdout.splitlines() if "square" in x and "week.csv:3" in x]
    assert line.startswith("    week/my-grandfather-fished-from-this-pier-classic-square-")
    assert line.endswith(".png  (week.csv:3)")


def test_a_manifest_file_that_is_gone_is_reported_with_its_row(runner, pier, tmp_path):
    week = batch(runner, tmp_path)
    [portrait] = week.glob("*-portrait-*.png")
    portrait.unlink()
    result = runner.invoke(main, ["audit", "week/manifest.json", "--article", "pier.md"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "Could not be read: 1 file\n"
        f"  card not found: week/{portrait.name}  (week.csv:4)\n")


def test_cards_from_another_article_are_counted_not_checked(runner, pier, desk):
    other = make(runner, str(EXAMPLE), "-q", "1", "-o", "cards/library/")
    correct(pier)
    result = runner.invoke(main, ["audit", "cards", "--article", "pier.md", "--verbose"])
    assert result.exit_code == 1
    assert result.stdout.endswith(
        "Made from another article, not checked: 1 card (--all checks them too)\n"
        "  https://example.org/news/2024/05/riverside-library-reopens: 1 card\n"
        f"    {other[0]}\n")
    assert "Checked 5 cards" in result.stdout
    checked = json.loads(runner.invoke(
        main, ["audit", "cards", "--article", "pier.md", "--all", "--json"]).stdout)
    assert checked["other_article"] == []
    assert str(other[0]) in [c["file"] for c in checked["gone"]]


def test_the_story_is_matched_by_its_url_not_its_file(runner, pier, desk, tmp_path):
    """The corrected story saved under another name (or fetched again) is the same story:
    its URL says so, whatever the scheme, a www. or a final slash."""
    moved = tmp_path / "pier-v2.md"
    moved.write_text(CORRECTED.replace("url: https://example.net/",
                                       "url: http://www.example.net/") + "\n", encoding="utf-8")
    moved.write_text(moved.read_text().replace("old-pier-reopens\n", "old-pier-reopens/\n"))
    result = runner.invoke(main, ["audit", "cards", "--article", str(moved), "--json"])
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["gone"]) == 3


def test_url_names_the_story_of_an_article_that_states_none(runner, pier, desk, tmp_path):
    text = tmp_path / "pier.txt"  # the corrected story as a browser copies it: no URL
    text.write_text(CORRECTED.split("---\n", 2)[2], encoding="utf-8")
    result = runner.invoke(main, ["audit", "cards", "--article", "pier.txt"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Checked 0 cards against pier.txt.\n"
        "\n"
        "Still in the article: 0 cards\n"
        "Made from another article, not checked: 5 cards (--url names ARTICLE's story;"
        " --all checks them too)\n"
        f"  {PIER_URL}: 5 cards\n")
    result = runner.invoke(main, ["audit", "cards", "--article", "pier.txt", "--url",
                                  PIER_URL + "?utm_source=feed"])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"Checked 5 cards against pier.txt ({PIER_URL}?utm_source"
                                    "=feed).\n\nQuote no longer in the article: 3 cards\n")


def test_cards_without_a_url_are_matched_by_the_articles_file(runner, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text(PIER.replace(f"url: {PIER_URL}\n", ""), encoding="utf-8")
    cards = make(runner, "notes.md", "-q", "1", "--no-qr", "-o", "cards/")
    notes.write_text(CORRECTED.replace(f"url: {PIER_URL}\n", ""), encoding="utf-8")
    result = runner.invoke(main, ["audit", "cards", "--article", str(notes), "--json"])
    assert result.exit_code == 1
    assert [c["file"] for c in json.loads(result.stdout)["gone"]] == [str(cards[0])]
    (tmp_path / "other.md").write_text(CORRECTED.replace(f"url: {PIER_URL}\n", ""))
    other = json.loads(runner.invoke(main, ["audit", "cards", "-a", "other.md", "--json"]).stdout)
    assert other["other_article"] == [{"file": str(cards[0]), "row": None,
                                       "quote": f"“{STORM}”", "story": "notes.md"}]


def test_files_that_are_not_cards_are_skipped_and_broken_ones_reported(runner, pier, desk):
    Image.new("RGB", (300, 200), (200, 30, 30)).save("cards/logo.png")
    data = desk["summer"][0].read_bytes()
    Path("cards/cut.png").write_bytes(data[: len(data) // 3])
    Path("cards/notes.txt").write_text("not looked at")
    result = runner.invoke(main, ["audit", "cards", "--article", "pier.md"])
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        "Still in the article: 4 cards (--verbose lists them)\n"
        "Not cards, skipped: 1 file (--verbose lists them)\n"
        "Could not be read: 1 file\n"
        "  cards/cut.png: a PNG file that is cut short or damaged; it cannot be read as a"
        " card\n")
    verbose = runner.invoke(main, ["audit", "cards", "--article", "pier.md", "-v"]).stdout
    assert ("Not cards, skipped: 1 file\n"
            "  cards/logo.png: a PNG, but not a card made by cards (it carries no card text)\n"
            ) in verbose


def test_a_card_made_before_cards_recorded_its_article_is_still_audited(runner, pier, desk):
    """Older cards carry only PNG's own keywords: the quote as shown and the QR link."""
    old_keys = ("Title", "Description", "Source", "Author", "Software", "Comment", "Warning")
    for card in desk["storm"] + desk["summer"]:
        with Image.open(card) as image:
            info = PngImagePlugin.PngInfo()
            for key in old_keys:
                if key in image.text:
                    info.add_itxt(key, image.text[key])
            image.save(card, pnginfo=info)
    correct(pier)
    report = json.loads(runner.invoke(main, ["audit", "cards", "-a", "pier.md", "--json"]).stdout)
    assert sorted(c["file"] for c in report["gone"]) == sorted(
        map(str, desk["storm"] + desk["grandfather"]))
    assert [c["file"] for c in report["fine"]] == [str(desk["summer"][0])]


def test_a_quote_chosen_by_number_with_the_articles_own_brackets_stays_fine(runner, tmp_path):
    """A quotation holding the article's own brackets is not typed words with an editor's
    brackets: chosen by its number, it stays fine while the article holds it."""
    story = tmp_path / "council.md"
    story.write_text(
        "---\ntitle: Council votes on the pier budget\nurl: https://example.net/council\n---\n\n"
        '"We asked the [Shore Road Pier Restoration Trust of Bayside County] for help twice,'
        ' and both times they said the money was already spent," said Dev Malhotra.\n',
        encoding="utf-8")
    make(runner, "council.md", "-q", "1", "-o", "cards/")
    result = runner.invoke(main, ["audit", "cards", "--article", "council.md"])
    assert result.exit_code == 0, result.output
    assert "Still in the article: 1 card" in result.stdout


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_audit_writes_nothing(runner, pier, tmp_path):
    batch(runner, tmp_path)
    correct(pier)
    before = snapshot(tmp_path)
    for args in (["week"], ["week/manifest.json"], ["week", "--json"]):
        assert runner.invoke(main, ["audit", *args, "--article", "pier.md"]).exit_code == 1
    assert snapshot(tmp_path) == before


def test_audit_against_the_story_at_its_url(runner, pier, desk, tmp_path, private_hosts):
    root = tmp_path / "www"
    root.mkdir()
    body = CORRECTED.split("---\n", 2)[2]
    paragraphs = "".join(f"<p>{p}</p>" for p in body.strip().split("\n\n"))
    (root / "pier.html").write_text(
        f'<!doctype html><html lang="en"><head><title>Old pier reopens</title>'
        f'<link rel="canonical" href="{PIER_URL}"></head><body><article>{paragraphs}'
        "</article></body></html>", encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page = f"http://127.0.0.1:{server.server_address[1]}/pier.html"
        result = runner.invoke(main, ["audit", "cards", "--article", page, "--json"])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["story_url"] == PIER_URL
    assert len(report["gone"]) == 3 and len(report["fine"]) == 1


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def failed(runner, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["audit", *args])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"


def test_nothing_to_audit_is_an_error(runner, pier):
    failed(runner, ["nowhere", "-a", "pier.md"],
           "nowhere: no such folder, card or manifest; give the folder the cards are in, or a"
           " batch's manifest.json")
    Path("empty").mkdir()
    failed(runner, ["empty", "-a", "pier.md"],
           "empty: no cards there (no .png or .jpg or .jpeg or .webp files)")
    Image.new("RGB", (20, 20)).save("empty/logo.png")
    failed(runner, ["empty", "-a", "pier.md"],
           "empty/logo.png: a PNG, but not a card made by cards (it carries no card text)")


def test_a_missing_article_or_a_bad_url_is_one_line(runner, pier, desk):
    failed(runner, ["cards", "-a", "gone.md"], "article not found: gone.md (check the path)")
    failed(runner, ["cards", "-a", "pier.md", "--url", "example.net/pier"],
           "--url: 'example.net/pier' is not an http or https URL; give the story's full"
           " address, such as https://example.org/story")


def test_article_is_required(runner):
    result = runner.invoke(main, ["audit", "cards"])
    assert result.exit_code == 2
    assert "Missing option '--article'" in result.stderr


@pytest.mark.parametrize("content,reason", [
    ("not json at all", "not JSON"),
    ('{"cards": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
    ('{"cards": {"file": "a.png"}}', 'no "cards" list'),
    ('{"cards": [{"file": 3, "row": "x"}]}',
     'an entry\'s file or row is missing or not text: {"file": 3, "row": "x"}'),
    ('{"pages": []}', 'no "cards" list'),
    ("[1, 2]", 'no "cards" list'),
    ('{"cards": [{"file": "a.png"}]}',
     'an entry\'s file or row is missing or not text: {"file": "a.png"}'),
])
def test_a_manifest_that_is_not_one_is_one_line(runner, pier, content, reason):
    Path("manifest.json").write_text(content)
    failed(runner, ["manifest.json", "-a", "pier.md"],
           f"manifest.json: not a manifest made by cards batch ({reason})")


def test_a_manifest_larger_than_any_batch_writes_is_refused_unread(runner, pier):
    with open("manifest.json", "wb") as f:
        f.truncate(150_000_000)  # sparse: nothing of it is read
    failed(runner, ["manifest.json", "-a", "pier.md"],
           "manifest.json is larger than 100 MB: not a manifest made by cards batch")


def test_one_card_may_be_audited(runner, pier, desk):
    correct(pier)
    [card] = desk["grandfather"]
    result = runner.invoke(main, ["audit", str(card), "-a", "pier.md", "--json"])
    assert result.exit_code == 1
    assert [c["file"] for c in json.loads(result.stdout)["gone"]] == [str(card)]
    [summer] = desk["summer"]
    assert runner.invoke(main, ["audit", str(summer), "-a", "pier.md"]).exit_code == 0


def test_a_manifest_may_name_only_files_in_its_folder(runner, pier, tmp_path):
    Path("week").mkdir()
    Path("week/manifest.json").write_text(
        '{"cards": [{"row": "w.csv:2", "file": "../pier.md"}]}')
    failed(runner, ["week/manifest.json", "-a", "pier.md"],
           "week/manifest.json: names a file outside its folder (../pier.md); not a manifest"
           " made by cards batch")


def test_a_broken_manifest_in_a_folder_is_a_warning(runner, pier, desk):
    Path("cards/manifest.json").write_text("{")
    result = runner.invoke(main, ["audit", "cards", "-a", "pier.md"])
    assert result.exit_code == 0
    assert result.stderr == ("Warning: cards/manifest.json: not a manifest made by cards batch"
                             " (not JSON); its folder's cards are listed without their rows\n")
    assert "Still in the article: 4 cards" in result.stdout


def test_a_pipe_named_like_a_manifest_or_a_card_is_not_waited_on(runner, pier, desk):
    os.mkfifo("cards/manifest.json")
    os.mkfifo("cards/pipe.png")
    result = runner.invoke(main, ["audit", "cards", "-a", "pier.md"])
    assert result.exit_code == 0
    assert result.stderr == ("Warning: cards/manifest.json is not a regular file, so not a"
                             " manifest; its folder's cards are listed without their rows\n")
    assert result.stdout.endswith("Could not be read: 1 file\n"
                                  "  cards/pipe.png is not a regular file, so not a card\n")


def test_folder_links_are_not_followed(runner, pier, desk):
    Path("cards/loop").symlink_to(Path("cards").resolve())
    result = runner.invoke(main, ["audit", "cards", "-a", "pier.md", "--json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["fine"]) == 4


def test_audit_help(runner):
    result = runner.invoke(main, ["audit", "--help"])
    assert result.exit_code == 0
    assert "Usage: main audit [OPTIONS] FOLDER" in result.stdout


def test_jpeg_and_webp_cards_are_audited_like_pngs(runner, pier):
    jpeg = make(runner, "pier.md", "-q", "1", "--format", "jpeg", "-o", "cards/")
    webp = make(runner, "pier.md", "-q", "3", "--format", "webp", "-o", "cards/")
    correct(pier)
    result = runner.invoke(main, ["audit", "cards", "--article", "pier.md", "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert [c["file"] for c in report["gone"]] == [str(p) for p in jpeg]
    assert [c["file"] for c in report["fine"]] == [str(p) for p in webp]
