"""`cards render --json` (the cards written, as one line of JSON) and `--open` (the system
viewer, called through click.launch: never for real in a test)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from PIL import Image

from cards.cli.main import main
from tests.conftest import STORY_URL


def test_json_lists_each_card_written(runner, story, tmp_path):
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-s", "landscape", "-s",
                                  "story", "-o", "out/", "--json"])
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)
    # Compact: one line, no spaces between items.
    assert result.stdout == json.dumps(cards, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert [sorted(card) for card in cards] == [sorted(
        ["path", "width", "height", "bytes", "alt_text", "verified", "url", "template",
         "preset"])] * 2
    for card, preset, size in zip(cards, ("landscape", "story"), ((1200, 630), (1080, 1920)),
                                  strict=True):
        path = Path(card["path"])
        assert path.parent == Path("out") and f"-{preset}-" in path.name
        with Image.open(path) as image:
            assert image.size == size == (card["width"], card["height"])
            assert image.text["Comment"] == card["alt_text"]
        assert card["bytes"] == path.stat().st_size
        assert (card["preset"], card["template"], card["verified"]) == (preset, "classic", True)
        assert card["url"] == STORY_URL
    assert card["alt_text"].startswith("Quote card: “We missed the sound of the horn")


def test_json_says_an_unverified_quote_and_the_url_given(runner, story):
    result = runner.invoke(main, ["render", str(story), "-q", "Words nobody said", "--unverified",
                                  "--url", "https://example.org/b?x=1", "-t", "night", "--json",
                                  "-o", "card.png"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    assert (card["path"], card["verified"], card["url"], card["template"]) == (
        "card.png", False, "https://example.org/b?x=1", "night")
    assert Path("card.png").stat().st_size == card["bytes"]


def test_json_goes_with_neither_stdout_nor_explain(runner, story):
    for args, message in (
        (["-o", "-"], "Error: --out - writes the card to stdout; it cannot go with --json (give a"
                      " file or folder) (see cards render --help)"),
        (["--explain"], "Error: --explain and --json both print JSON on stdout; choose one"
                        " (see cards render --help)"),
    ):
        result = runner.invoke(main, ["render", str(story), "-q", "1", "--json", *args],
                               prog_name="cards")
        assert result.exit_code == 2
        assert result.stderr == message + "\n"
        assert result.stdout == "" and not list(Path().glob("*.png"))


def test_open_shows_each_card_written_in_the_viewer(runner, story, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(click, "launch", lambda url, **kw: opened.append(url) or 0)
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-s", "square", "-s", "story",
                                  "-o", "cards/", "--open"])
    assert result.exit_code == 0, result.output
    assert opened == result.stdout.splitlines()
    assert len(opened) == 2 and all(Path(p).is_file() for p in opened)


def test_open_without_a_viewer_is_a_warning_and_the_card_is_there(runner, story, monkeypatch):
    monkeypatch.setattr(click, "launch", lambda url, **kw: 3)  # as xdg-open fails headless
    result = runner.invoke(main, ["render", str(story), "-q", "1", "-o", "card.png", "--open"])
    assert result.exit_code == 0
    assert result.stderr == "Warning: --open: no viewer opened card.png; open it yourself\n"
    assert Path("card.png").is_file()


def test_nothing_is_opened_when_the_card_is_refused(runner, story, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(click, "launch", lambda url, **kw: opened.append(url) or 0)
    result = runner.invoke(main, ["render", str(story), "-q", "9", "--open"])
    assert result.exit_code == 1 and opened == []
