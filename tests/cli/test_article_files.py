"""Articles as newsrooms have them: front matter and CMS exports with keys cards does not
use (ignored), keys that look misspelt (warned about once, refused with --strict), and
files in Windows-1252 or UTF-16 read with the right characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cards.cli.main import main
from tests.conftest import STORY

URL = "https://example.org/news/2026/12/cafe-prices"

# Written as a Windows text editor saves it: €, é and curly quotes as single bytes.
CAFE_1252 = (f"---\ntitle: Caf\xe9 prices rise\nurl: {URL}\n---\n\n\x93The caf\xe9 will"
             " charge \x802 for a coffee, not \x803,\x94 said Ren\xe9e Dupont.\n"
             ).encode("latin-1")


def stderr_lines(result) -> list[str]:
    return result.stderr.splitlines()


@pytest.fixture
def filed(tmp_path: Path) -> Path:
    """The ferry story as a blog keeps it: a category and tags, and an author misspelt."""
    story = STORY.replace("author: Ines Duarte\n",
                          "autor: Ines Duarte\ncategory: Local\ntags: [ferry, harbour]\n")
    (tmp_path / "ferry.md").write_text(story, encoding="utf-8")
    return tmp_path / "ferry.md"


def test_front_matter_keys_cards_does_not_use_are_ignored(runner, tmp_path):
    story = STORY.replace("lang: en\n", "lang: en\nCategory: Local\nslug: ferry-returns\n")
    (tmp_path / "ferry.md").write_text(story, encoding="utf-8")
    result = runner.invoke(main, ["render", "ferry.md", "-q", "1", "-o", "card.png", "--strict"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert (tmp_path / "card.png").is_file()
    info = runner.invoke(main, ["info", "ferry.md"])
    assert "ignored Category, slug  [keys cards does not use]" in info.stdout.splitlines()
    data = json.loads(runner.invoke(main, ["info", "ferry.md", "--json"]).stdout)
    assert data["ignored"] == ["Category", "slug"]


def test_a_misspelt_key_is_warned_about_and_the_card_made(runner, filed, tmp_path):
    result = runner.invoke(main, ["render", "ferry.md", "-q", "1", "-o", "card.png"])
    assert result.exit_code == 0, result.output
    assert stderr_lines(result) == [
        'Warning: ferry.md: ignored front matter key "autor" (did you mean "author"?)']
    assert (tmp_path / "card.png").is_file()


@pytest.mark.parametrize("command", [
    ["render", "ferry.md", "-q", "1", "-o", "card.png"],
    ["quotes", "ferry.md"],
    ["preview", "ferry.md", "-q", "1", "-t", "classic", "-s", "square", "-o", "card.png"],
], ids=["render", "quotes", "preview"])
def test_strict_refuses_a_misspelt_key(runner, filed, tmp_path, command):
    result = runner.invoke(main, [*command, "--strict"])
    assert result.exit_code == 1
    assert result.stderr == (
        'Error: ferry.md: unknown front matter key "autor" (did you mean "author"?)\n')
    assert result.stdout == ""
    assert not (tmp_path / "card.png").exists()


def test_quotes_and_preview_warn_once(runner, filed):
    quotes = runner.invoke(main, ["quotes", "ferry.md"])
    assert quotes.exit_code == 0
    assert stderr_lines(quotes) == [
        'Warning: ferry.md: ignored front matter key "autor" (did you mean "author"?)']
    assert quotes.stdout.startswith(" 1. “")
    preview = runner.invoke(main, ["preview", "ferry.md", "-q", "1", "-t", "classic", "-t",
                                   "night", "-s", "square", "--jobs", "1"])
    assert preview.exit_code == 0, preview.output
    assert [line for line in stderr_lines(preview) if "autor" in line] == [
        'Warning: ferry.md: ignored front matter key "autor" (did you mean "author"?)']


def test_a_batch_warns_once_for_every_row_and_strict_fails_each(runner, filed, tmp_path):
    (tmp_path / "week.csv").write_text("article,quote\n" + "ferry.md,1\nferry.md,2\n" * 2,
                                       encoding="utf-8")
    result = runner.invoke(main, ["batch", "week.csv", "--out", "out", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in stderr_lines(result) if line.startswith("Warning:")]
    assert warnings == [f'Warning: week.csv:2: {filed}: ignored front matter key "autor" (did'
                        ' you mean "author"?) (said once, for every row it affects)']
    strict = runner.invoke(main, ["batch", "week.csv", "--out", "strict", "--jobs", "1",
                                  "--strict"])
    assert strict.exit_code == 1
    errors = [line for line in stderr_lines(strict) if line.startswith("Error:")]
    assert errors[0] == (f'Error: week.csv:2: {filed}: unknown front matter key "autor" (did'
                         ' you mean "author"?)')
    assert len(errors) == 4
    assert not list((tmp_path / "strict").glob("*.png"))


def test_a_cms_export_with_keys_of_its_own(runner, tmp_path):
    export = {"id": 88213, "slug": "cafe-prices", "Title": "Café prices rise", "url": URL,
              "status": "published", "section": {"name": "Local"},
              "body": ["“The café will charge €2 for a coffee, not €3,” said Renée Dupont."]}
    (tmp_path / "cafe.json").write_text(json.dumps(export), encoding="utf-8")
    result = runner.invoke(main, ["render", "cafe.json", "-q", "1", "-o", "card.png",
                                  "--strict"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads(runner.invoke(main, ["info", "cafe.json", "--json"]).stdout)
    assert data["fields"]["title"] == {"value": "Café prices rise", "from": "JSON"}
    assert data["ignored"] == ["id", "slug", "status", "section"]
    export["athor"] = "Ines Duarte"
    (tmp_path / "cafe.json").write_text(json.dumps(export), encoding="utf-8")
    warned = runner.invoke(main, ["render", "cafe.json", "-q", "1", "-o", "card.png"])
    assert warned.exit_code == 0
    assert stderr_lines(warned) == [
        'Warning: cafe.json: ignored key "athor" (did you mean "author"?)']
    strict = runner.invoke(main, ["quotes", "cafe.json", "--strict"])
    assert strict.exit_code == 1
    assert strict.stderr == 'Error: cafe.json: unknown key "athor" (did you mean "author"?)\n'


def test_a_short_windows_1252_article_keeps_its_euro_and_curly_quotes(runner, tmp_path):
    # Detection alone took these bytes for the Baltic code page 775: "Ć2" in ō…ö.
    (tmp_path / "cafe.md").write_bytes(CAFE_1252)
    result = runner.invoke(main, ["render", "cafe.md", "-q", "1", "-o", "card.png",
                                  "--explain"])
    assert result.exit_code == 0, result.output
    assert stderr_lines(result) == ["Warning: cafe.md: not UTF-8: read as Windows-1252, detected"]
    texts = {t["role"]: t["text"] for t in json.loads(result.stdout)[0]["layout"]["texts"]}
    assert texts["quote"] == "“The café will charge €2 for a coffee, not €3”"
    assert texts["attribution"] == "— Renée Dupont"
    assert texts["headline"] == "Café prices rise"


def test_a_utf16_article_is_read_by_its_byte_order_mark(runner, tmp_path):
    (tmp_path / "cafe.md").write_bytes(CAFE_1252.decode("cp1252").encode("utf-16"))
    info = runner.invoke(main, ["info", "cafe.md"])
    assert info.exit_code == 0
    assert info.stdout.splitlines()[-1] == "text    not UTF-8: read as UTF-16, by its byte order mark"
    quotes = runner.invoke(main, ["quotes", "cafe.md"])
    assert quotes.stdout.splitlines()[0] == " 1. “The café will charge €2 for a coffee, not €3”"
    assert stderr_lines(quotes) == [
        "Warning: cafe.md: not UTF-8: read as UTF-16, by its byte order mark"]


def test_a_file_that_is_not_what_its_byte_order_mark_says(runner, tmp_path):
    # Half of a character that needs two UTF-16 units, cut off at the end.
    (tmp_path / "cafe.md").write_bytes(b"\xff\xfe" + "# Caf\xe9\n".encode("utf-16-le")
                                       + b"\x3d\xd8")
    result = runner.invoke(main, ["render", "cafe.md", "-q", "1"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: cafe.md is not UTF-16 text (invalid byte 0x3d at offset"
                             " 16); save it as UTF-8\n")
