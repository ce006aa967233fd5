"""`cards quotes` as a user runs it."""

from __future__ import annotations

import json

from cards.cli import main


def test_quotes_lists_numbered_quotations_with_speakers(runner, story):
    result = runner.invoke(main, ["quotes", str(story)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        " 1. “We missed the sound of the horn more than we expected”\n"
        "    — Tomasz Nowak\n"
        "    complete sentence · 53 characters · speaker named\n"
        " 2. “It is slower than the bridge, but nobody ever wrote a song about a bridge”\n"
        "    — Lena Fischer\n"
        "    complete sentence · 73 characters · speaker named\n"
    )


def test_quotes_json(runner, story):
    result = runner.invoke(main, ["quotes", str(story), "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [(i["number"], i["speaker"]) for i in items] == [(1, "Tomasz Nowak"), (2, "Lena Fischer")]
    text = story.read_text(encoding="utf-8")
    assert items[0]["text"] == "We missed the sound of the horn more than we expected"
    assert items[0]["end"] > items[0]["start"] > 0
    assert "missed" in text


def test_quotes_of_an_article_without_any(runner, tmp_path):
    (tmp_path / "q.md").write_text("---\ntitle: Quiet\n---\n\nNobody said anything at all.\n")
    result = runner.invoke(main, ["quotes", "q.md"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "No direct quotations found in q.md.\n"
    assert json.loads(runner.invoke(main, ["quotes", "q.md", "--json"]).stdout) == []


def test_quotes_from_stdin(runner, story):
    result = runner.invoke(main, ["quotes", "-"], input=story.read_bytes())
    assert result.exit_code == 0
    assert result.stdout.startswith(" 1. “We missed")


def test_quotes_errors_are_one_line(runner, tmp_path):
    result = runner.invoke(main, ["quotes", "missing.txt"])
    assert result.exit_code == 1
    assert result.stderr == "Error: article not found: missing.txt (check the path)\n"
    (tmp_path / "folder").mkdir()
    result = runner.invoke(main, ["quotes", "folder"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot read article folder: ")
    assert len(result.stderr.splitlines()) == 1


def test_quotes_are_listed_in_the_article_languages_marks(runner):
    from pathlib import Path

    german = Path(__file__).parent / "fixtures" / "scripts" / "de.md"
    result = runner.invoke(main, ["quotes", str(german)])
    assert result.exit_code == 0
    assert result.stdout.startswith(" 1. „Die Donaudampfschifffahrtsgesellschaftskapitänsmütze")
    assert result.stdout.splitlines()[0].endswith("Keller“")
