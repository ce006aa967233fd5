"""An unverified card is marked wherever an editor looks before posting it: its alt text,
--explain, the batch manifest, the preview sheet and gallery; on the card itself only
with --mark-unverified."""

from __future__ import annotations

import json

from cards.cli.main import main
from cards.preview.sheet import UNVERIFIED, sheet_layout

WORDS = "The ferry will run on Christmas Day"  # not in the story


def explain(runner, *args: str):
    result = runner.invoke(main, ["render", *args, "--explain"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_alt_text_and_explain_say_so(runner, story):
    [card] = explain(runner, str(story), "-q", WORDS, "--unverified", "-o", "u.png")
    assert card["verified"] is False
    assert card["alt_text"].startswith(
        "Quote card (quote not verified against the article): “The ferry will run")
    [card] = explain(runner, str(story), "-q", "1", "-o", "v.png")
    assert card["verified"] is True and card["alt_text"].startswith("Quote card: “")


def test_the_file_name_says_so(runner, story):
    [card] = explain(runner, str(story), "-q", WORDS, "--unverified", "-o", "out/")
    assert card["file"].startswith("out/unverified-the-ferry-will-run-on-")
    [card] = explain(runner, str(story), "-q", "1", "-o", "out/")
    assert not card["file"].startswith("out/unverified-")


def test_the_card_stays_clean_unless_asked(runner, story):
    [plain] = explain(runner, str(story), "-q", WORDS, "--unverified", "-o", "u.png")
    assert "kicker" not in {t["role"] for t in plain["layout"]["texts"]}
    [marked] = explain(runner, str(story), "-q", WORDS, "--unverified", "--mark-unverified",
                       "-o", "m.png")
    kicker = next(t for t in marked["layout"]["texts"] if t["role"] == "kicker")
    assert kicker["lines"][0]["text"] == "UNVERIFIED QUOTE"
    # A verified quote is not marked, whatever the flag.
    [verified] = explain(runner, str(story), "-q", "1", "--mark-unverified", "-o", "v.png")
    assert "kicker" not in {t["role"] for t in verified["layout"]["texts"]}


def test_the_manifest_says_which_cards_are_unverified(runner, story, tmp_path):
    (tmp_path / "week.csv").write_text(
        f"article,quote,unverified\n{story.name},1,\n{story.name},{WORDS},yes\n",
        encoding="utf-8")
    result = runner.invoke(main, ["batch", "week.csv", "--out", "week", "--jobs", "1",
                                  "--quiet", "--manifest-csv"])
    assert result.exit_code == 0, result.output
    cards = json.loads((tmp_path / "week" / "manifest.json").read_text(encoding="utf-8"))
    cards = cards["cards"] if isinstance(cards, dict) else cards
    assert sorted((c["row"], c["verified"]) for c in cards) == [
        ("week.csv:2", True), ("week.csv:3", False)]
    header, *rows = (tmp_path / "week" / "manifest.csv").read_text(
        encoding="utf-8-sig").splitlines()
    assert "verified" in header.split(",")


def test_preview_marks_the_unverified_cards(runner, story, tmp_path):
    result = runner.invoke(main, ["preview", str(story), "-q", WORDS, "--unverified", "-t",
                                  "classic", "-s", "landscape", "--html", "gallery",
                                  "--jobs", "1"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "gallery" / "index.html").read_text(encoding="utf-8")
    assert '<span class="unverified">· quote not verified against the article</span>' in page
    from cards.pipeline import CardOptions
    from cards.preview.plan import Request, render_tiles

    tiles = render_tiles(Request(str(story), ("classic",), ("landscape",),
                                 CardOptions(quote=WORDS, unverified=True)), workers=1)
    _, placed = sheet_layout(tiles)
    assert placed[0][0].endswith(UNVERIFIED)
