"""`cards quotes` as a user runs it."""

from __future__ import annotations

import json

from cards.cli.main import main
from tests.conftest import FIXTURES


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

    german = FIXTURES / "scripts" / "de.md"
    result = runner.invoke(main, ["quotes", str(german)])
    assert result.exit_code == 0
    assert result.stdout.startswith(" 1. „Die Donaudampfschifffahrtsgesellschaftskapitänsmütze")
    assert result.stdout.splitlines()[0].endswith("Keller“")


RANKED = """---
title: The pier
---

"to the pier and back twice a day for the rest of the summer," the schedule says.

"The pier is open again, and it will stay open every day of the year," said Ana Ruiz.

"It took two winters, but the harbour finally has its pier back."
"""


def test_quotes_are_ranked_with_reasons(runner, tmp_path):
    (tmp_path / "pier.md").write_text(RANKED, encoding="utf-8")
    result = runner.invoke(main, ["quotes", "pier.md"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        " 1. “The pier is open again, and it will stay open every day of the year”\n"
        "    — Ana Ruiz\n"
        "    complete sentence · 67 characters · speaker named\n"
        " 2. “It took two winters, but the harbour finally has its pier back.”\n"
        "    — speaker not named\n"
        "    complete sentence · 63 characters · no speaker\n"
        " 3. “to the pier and back twice a day for the rest of the summer”\n"
        "    — the schedule\n"
        "    fragment · 59 characters · speaker described\n"
    )


def test_min_and_max_chars_hide_rows_but_keep_numbers(runner, tmp_path):
    (tmp_path / "pier.md").write_text(RANKED, encoding="utf-8")
    result = runner.invoke(main, ["quotes", "pier.md", "--max-chars", "63"])
    assert result.exit_code == 0, result.output
    assert [line[:3] for line in result.stdout.splitlines()[::3]] == [" 2.", " 3."]
    result = runner.invoke(main, ["quotes", "pier.md", "--min-chars", "60", "--json"])
    items = json.loads(result.stdout)
    assert [i["number"] for i in items] == [1, 2]
    assert items[0] == {
        "number": 1,
        "text": "The pier is open again, and it will stay open every day of the year",
        "speaker": "Ana Ruiz", "start": items[0]["start"], "end": items[0]["start"] + 67,
        "chars": 67, "complete": True,
        "reason": "complete sentence · 67 characters · speaker named", "score": 8,
    }  # fmt: skip


def test_filters_that_hide_everything_say_so(runner, tmp_path):
    (tmp_path / "pier.md").write_text(RANKED, encoding="utf-8")
    result = runner.invoke(main, ["quotes", "pier.md", "--min-chars", "500"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "None of the 3 quotations in pier.md has a length in that range.\n"


def test_min_chars_above_max_chars_is_an_error(runner, tmp_path):
    (tmp_path / "pier.md").write_text(RANKED, encoding="utf-8")
    result = runner.invoke(main, ["quotes", "pier.md", "--min-chars", "90", "--max-chars", "50"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --min-chars 90 is more than --max-chars 50; give a range that can hold a quote\n"
    )
    result = runner.invoke(main, ["quotes", "pier.md", "--min-chars", "-1"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Invalid value for '--min-chars': -1 is not in the range x>=0.")


def test_render_quote_1_is_the_top_ranked(runner, tmp_path):
    (tmp_path / "pier.md").write_text(RANKED, encoding="utf-8")
    result = runner.invoke(main, ["render", "pier.md", "-q", "1", "--no-qr", "--explain",
                                  "-o", "out/"])
    assert result.exit_code == 0, result.output
    [card] = json.loads(result.stdout)
    texts = {t["role"]: t["text"] for t in card["layout"]["texts"]}
    assert texts["quote"] == "“The pier is open again, and it will stay open every day of the year”"
    assert texts["attribution"] == "— Ana Ruiz"


def test_quotes_help_explains_the_numbering(runner):
    result = runner.invoke(main, ["quotes", "--help"])
    assert result.exit_code == 0
    assert "best for a card first" in result.stdout
    assert "--min-chars N" in result.stdout and "--max-chars N" in result.stdout
    assert "never renumber them" in " ".join(result.stdout.split())
