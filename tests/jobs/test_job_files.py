"""Job files as a desk keeps them: a planning sheet's own columns carried into the
manifest, misspelt columns warned about once (or refused with --strict), semicolons and
tabs, Windows-1252 and UTF-16, and a job file read from standard input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cards.cli.main import main
from tests.conftest import STORY

CAFE = """---
title: The quay café reopens for the winter
url: https://example.org/news/2026/12/quay-cafe
site: The Harbour Gazette
lang: en
---

The café on the old quay opened again on Saturday, after a summer of repairs.

“A coffee will cost €2.50 again, as it did before the storm,” said Renée Dubois, who has
run the café for twenty years.

“We’re keeping the blue chairs,” said Jonas Åberg, her business partner.
"""

# A week's plan as Excel saves it where the decimal mark is a comma: semicolons, CRLF.
PLAN = ("date;article;quote;caption;channel;speaker\r\n"
        "2026-12-01;cafe.md;A coffee will cost €2.50 again, as it did before the storm;"
        "“Open again” – café news;facebook;Renée Dubois\r\n"
        "2026-12-02;cafe.md;We’re keeping the blue chairs;Chairs;instagram;\r\n")


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    (tmp_path / "cafe.md").write_text(CAFE, encoding="utf-8")
    (tmp_path / "ferry.md").write_text(STORY, encoding="utf-8")
    return tmp_path


def batch(runner, *args: str, **kwargs):
    return runner.invoke(main, ["batch", *args, "--jobs", "1"], **kwargs)


def manifest(folder: Path) -> list[dict]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["cards"]


def notes(result) -> list[str]:
    return [line for line in result.stderr.splitlines()
            if line.startswith(("Note:", "Warning:", "Error:"))]


def test_a_weeks_plan_keeps_its_own_columns_in_the_manifest(runner, desk):
    (desk / "week.csv").write_text(
        "date,article,quote,caption,channel,sizes\n"
        "2026-11-23,ferry.md,1,Monday: the ferry is back,facebook,landscape square\n"
        '2026-11-24,ferry.md,2,"Tuesday, with a song",bluesky,wide\n', encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out", "--manifest-csv")
    assert result.exit_code == 0, result.output
    assert notes(result) == ["Note: week.csv: columns cards does not use, kept in the manifest:"
                             " date, caption, channel"]
    cards = manifest(desk / "out")
    assert [(c["row"], c["preset"], c["extra"]) for c in cards] == [
        ("week.csv:2", "landscape", {"date": "2026-11-23", "caption": "Monday: the ferry is back",
                                     "channel": "facebook"}),
        ("week.csv:2", "square", {"date": "2026-11-23", "caption": "Monday: the ferry is back",
                                  "channel": "facebook"}),
        ("week.csv:3", "wide", {"date": "2026-11-24", "caption": "Tuesday, with a song",
                                "channel": "bluesky"})]
    raw = (desk / "out" / "manifest.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8's byte order mark: Excel reads it so
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["row", "file", "preset", "template", "quote", "speaker", "url",
                       "alt_text", "width", "height", "bytes", "sha256", "verified", "date", "caption",
                       "channel"]
    assert rows[3][:3] == ["week.csv:3", cards[2]["file"], "wide"]
    assert rows[3][-3:] == ["2026-11-24", "Tuesday, with a song", "bluesky"]
    assert len(rows) == 4


def test_quiet_keeps_the_note_about_kept_columns_to_itself(runner, desk):
    (desk / "week.csv").write_text("article,quote,date\nferry.md,1,Monday\n", encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out", "--quiet")
    assert result.exit_code == 0 and result.stderr == ""
    assert manifest(desk / "out")[0]["extra"] == {"date": "Monday"}


def test_a_plan_without_columns_of_its_own_has_an_empty_extra(runner, desk):
    (desk / "week.csv").write_text("article,quote\nferry.md,1\n", encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 0 and notes(result) == []
    assert manifest(desk / "out")[0]["extra"] == {}


def test_windows_1252_with_semicolons_gives_the_right_characters(runner, desk):
    (desk / "week.csv").write_bytes(PLAN.encode("cp1252"))
    assert b"\x80" in (desk / "week.csv").read_bytes()  # € as Windows-1252 writes it
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 0, result.output
    assert notes(result) == [
        "Note: week.csv: not UTF-8: read as Windows-1252, detected",
        "Note: week.csv: columns cards does not use, kept in the manifest: date, caption,"
        " channel"]
    first, second = manifest(desk / "out")
    assert first["quote"] == "“A coffee will cost €2.50 again, as it did before the storm”"
    assert first["speaker"] == "Renée Dubois"
    assert first["alt_text"] == (
        "Quote card: “A coffee will cost €2.50 again, as it did before the storm” — Renée"
        " Dubois, in ‘The quay café reopens for the winter’, The Harbour Gazette.")
    assert first["extra"] == {"date": "2026-12-01", "caption": "“Open again” – café news",
                              "channel": "facebook"}
    assert second["quote"] == "“We’re keeping the blue chairs”"
    assert second["speaker"] == "Jonas Åberg"


def test_utf16_tab_separated_text_as_excel_saves_unicode_text(runner, desk):
    (desk / "week.tsv").write_bytes(PLAN.replace(";", "\t").encode("utf-16"))
    result = batch(runner, "week.tsv", "--out", "out")
    assert result.exit_code == 0, result.output
    assert notes(result)[0] == "Note: week.tsv: not UTF-8: read as UTF-16, by its byte order mark"
    assert [c["extra"]["caption"] for c in manifest(desk / "out")] == [
        "“Open again” – café news", "Chairs"]


def test_utf8_with_a_byte_order_mark_is_plain_utf8(runner, desk):
    (desk / "week.csv").write_bytes(PLAN.encode("utf-8-sig"))
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 0, result.output
    assert not [line for line in notes(result) if "UTF-8" in line]
    assert manifest(desk / "out")[0]["extra"]["date"] == "2026-12-01"  # not "\ufeffdate"


def test_excels_separator_line_and_its_empty_last_columns(runner, desk):
    (desk / "week.csv").write_text("sep=;\narticle;quote;;\nferry.md;1;;\nferry.md;2;;note\n",
                                   encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 0, result.output
    cards = manifest(desk / "out")
    assert [(c["row"], c["extra"]) for c in cards] == [
        ("week.csv:3", {}), ("week.csv:4", {"column 4": "note"})]


def test_a_row_whose_quote_holds_line_breaks_is_named_by_the_line_it_starts_on(runner, desk):
    (desk / "week.csv").write_text(
        'article,quote\nferry.md,1\nmissing.md,"two\nlines"\n\nferry.md,"not\nin it"\n'
        "ferry.md,2\n", encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 1
    errors = notes(result)
    assert [e.split(": ")[0] for e in errors] == ["Error", "Error"]
    assert errors[0].startswith("Error: week.csv:3: article not found")
    assert errors[1].startswith("Error: week.csv:6: quote not found")
    assert [c["row"] for c in manifest(desk / "out")] == ["week.csv:2", "week.csv:8"]


def test_a_value_with_the_separator_in_it_fails_only_its_row(runner, desk):
    (desk / "week.csv").write_text("article;quote\nferry.md;1\nferry.md;2;3\n", encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 1
    assert notes(result) == ["Error: week.csv:3: more values than the header has columns;"
                             " quote a value that holds a semicolon"]
    assert len(manifest(desk / "out")) == 1


def test_case_and_spaces_in_a_header_are_the_columns_they_name(runner, desk):
    (desk / "week.csv").write_text(" Article ,Quote, SPEAKER,No QR\nferry.md,1,The Captain,yes\n",
                                   encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 0, result.output
    assert notes(result) == []
    (card,) = manifest(desk / "out")
    assert (card["speaker"], card["url"], card["extra"]) == ("The Captain", None, {})


def test_a_column_named_twice_is_refused_before_any_card(runner, desk):
    (desk / "week.csv").write_text("article,quote,Quote\nferry.md,1,2\n", encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 1
    assert result.stderr == ('Error: week.csv:1: "quote" and "Quote" are the same column;'
                             " keep one\n")
    assert not (desk / "out").exists()


def test_a_misspelt_column_is_warned_about_once_and_kept(runner, desk):
    (desk / "week.csv").write_text(
        "article,quote,speeker,templte,caption\n"
        + "".join(f"ferry.md,{1 + i % 2},Captain,night,Day {i}\n" for i in range(3)),
        encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 0, result.output
    assert notes(result) == [
        'Warning: week.csv:1: ignored columns "speeker" (did you mean "speaker"?), "templte"'
        ' (did you mean "template"?)',
        "Note: week.csv: a column cards does not use, kept in the manifest: caption"]
    cards = manifest(desk / "out")
    assert {c["template"] for c in cards} == {"classic"}  # the misspelt column set nothing
    assert cards[0]["speaker"] == "Tomasz Nowak"
    assert cards[0]["extra"] == {"speeker": "Captain", "templte": "night", "caption": "Day 0"}


def test_strict_refuses_a_misspelt_column_before_any_card(runner, desk):
    (desk / "week.csv").write_text("article,quote,date,speeker\nferry.md,1,Monday,X\n",
                                   encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out", "--strict")
    assert result.exit_code == 1
    assert result.stderr == 'Error: week.csv:1: unknown column "speeker" (did you mean "speaker"?)\n'
    assert not (desk / "out").exists()
    # A column that is merely someone else's is no mistake, even with --strict.
    (desk / "plan.csv").write_text("article,quote,date\nferry.md,1,Monday\n", encoding="utf-8")
    assert batch(runner, "plan.csv", "--out", "out", "--strict").exit_code == 0


def test_json_lines_keep_their_extra_keys_with_their_types(runner, desk):
    (desk / "week.jsonl").write_text(
        '{"article": "ferry.md", "quote": 1, "id": 4411, "tags": ["ferry", "harbour"],'
        ' "approved": true}\n'
        '{"article": "ferry.md", "quote": 2, "Speeker": "Lena", "note": null}\n',
        encoding="utf-8")
    result = batch(runner, "week.jsonl", "--out", "out")
    assert result.exit_code == 0, result.output
    assert notes(result) == [
        'Warning: week.jsonl:2: ignored column "Speeker" (did you mean "speaker"?)',
        "Note: week.jsonl: columns cards does not use, kept in the manifest: id, tags, approved,"
        " note"]
    first, second = manifest(desk / "out")
    assert first["extra"] == {"id": 4411, "tags": '["ferry", "harbour"]', "approved": True}
    assert second["extra"] == {"Speeker": "Lena", "note": None}
    strict = batch(runner, "week.jsonl", "--out", "strict", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr == ('Error: week.jsonl:2: unknown column "Speeker" (did you mean'
                             ' "speaker"?)\n')


def test_yaml_dates_are_kept_as_iso_text(runner, desk):
    (desk / "week.yaml").write_text("- article: ferry.md\n  quote: 1\n  date: 2026-11-23\n",
                                    encoding="utf-8")
    result = batch(runner, "week.yaml", "--out", "out")
    assert result.exit_code == 0, result.output
    assert manifest(desk / "out")[0]["extra"] == {"date": "2026-11-23"}


def test_a_header_without_a_quote_column_is_one_line(runner, desk):
    (desk / "week.csv").write_text("article|quote\nferry.md|1\n", encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: week.csv:1: no article and quote columns; the first line names the columns"
        " (article,quote,…), separated by commas, semicolons or tabs\n")
    assert not (desk / "out").exists()


@pytest.mark.parametrize("given", [
    "article,quote\nferry.md,1\n",
    '{"article": "ferry.md", "quote": 1}\n',
    "# the week\n- article: ferry.md\n  quote: 1\n",
], ids=["csv", "jsonl", "yaml"])
def test_a_job_file_on_standard_input_is_told_by_its_content(runner, desk, given):
    result = batch(runner, "-", "--out", "out", input=given.encode("utf-8"))
    assert result.exit_code == 0, result.output
    (card,) = manifest(desk / "out")
    assert card["row"] in ("<stdin>:2", "<stdin>:1")
    assert card["speaker"] == "Tomasz Nowak"


def test_standard_input_in_windows_1252_and_a_format_given(runner, desk):
    result = batch(runner, "-", "--out", "out", "--jobs-format", "csv",
                   input=PLAN.encode("cp1252"))
    assert result.exit_code == 0, result.output
    assert notes(result)[0] == "Note: <stdin>: not UTF-8: read as Windows-1252, detected"
    assert [c["row"] for c in manifest(desk / "out")] == ["<stdin>:2", "<stdin>:3"]
    assert manifest(desk / "out")[0]["speaker"] == "Renée Dubois"


def test_cat_into_the_installed_command(desk):
    plan = "article;quote;caption\nferry.md;2;Tuesday\n".encode("cp1252")
    result = subprocess.run([sys.executable, "-m", "cards", "batch", "-", "--out", "out",
                             "--jobs", "1"], input=plan, cwd=desk, capture_output=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    (card,) = manifest(desk / "out")
    assert card["extra"] == {"caption": "Tuesday"}
    assert card["quote"].startswith("“It is slower than the bridge")


def test_the_header_decides_the_separator_where_csv_sniffer_would_not(runner, desk):
    # Words in straight quotes, as Excel writes them (doubled), lead csv.Sniffer to a comma.
    (desk / "week.csv").write_text('article;quote;caption\n'
                                   'ferry.md;1;"He said: ""a"", ""b"", ""c"""\n'
                                   "ferry.md;2;Plain\n", encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 0, result.output
    assert [c["extra"]["caption"] for c in manifest(desk / "out")] == [
        'He said: "a", "b", "c"', "Plain"]


def test_tabs_with_commas_in_the_values(runner, desk):
    (desk / "week.tsv").write_text("article\tquote\tcaption\nferry.md\t1\tOne, two, three\n",
                                   encoding="utf-8")
    result = batch(runner, "week.tsv", "--out", "out")
    assert result.exit_code == 0, result.output
    assert manifest(desk / "out")[0]["extra"] == {"caption": "One, two, three"}


def test_a_shifted_row_is_refused_even_when_its_last_value_is_empty(runner, desk):
    # "…ovens; the town…" unquoted in a semicolon file: every value after it moves one
    # column on, so the speaker column would hold words of the quote; the last value,
    # the url, is empty, so nothing past the header's columns holds text.
    (desk / "week.csv").write_text(
        "article;quote;speaker;url\n"
        "ferry.md;We missed the sound; of the horn;;\n", encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out")
    assert result.exit_code == 1
    assert notes(result) == ["Error: week.csv:2: more values than the header has columns;"
                             " quote a value that holds a semicolon"]


def test_manifest_csv_comes_back_with_the_plans_own_separator(runner, desk):
    """A plan from a European Excel (semicolons) gets a manifest.csv that Excel opens in
    columns there: the same separator, and UTF-8's byte order mark."""
    (desk / "week.csv").write_text("article;quote;caption\nferry.md;1;Lundi, 9 h\n",
                                   encoding="utf-8")
    result = batch(runner, "week.csv", "--out", "out", "--manifest-csv")
    assert result.exit_code == 0, result.output
    text = (desk / "out" / "manifest.csv").read_bytes().decode("utf-8-sig")
    header, row = text.splitlines()
    assert header.startswith("row;file;preset;template;") and header.endswith(";caption")
    # A comma is plain text between semicolons: the caption needs no quoting.
    assert row.startswith("week.csv:2;") and row.endswith(";Lundi, 9 h")


def test_the_help_names_every_column_a_row_may_have(runner):
    """A desk learns a job file's columns from `cards batch --help`: each one a row may
    set is named there."""
    import re

    from cards.jobs.rows import COLUMNS

    result = runner.invoke(main, ["batch", "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    about = result.output.split("Options:")[0]
    missing = [c for c in COLUMNS if not re.search(rf"\b{c}\b", about)]
    assert missing == []
