"""scripts/eval_pages.py's rules, on a tiny corpus of our own: the figures it reports
are only as good as its idea of an expected quotation, a match and a quote that runs on."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("eval_pages", ROOT / "scripts" / "eval_pages.py")
assert _spec and _spec.loader
ev = importlib.util.module_from_spec(_spec)
sys.modules["eval_pages"] = ev  # its dataclasses look their module up by name
_spec.loader.exec_module(ev)

BODY = (
    "The pier reopened on Friday after a winter of repairs.\n"
    "“We rebuilt every plank by hand,” said Mara Lind, the harbour master. "
    "“It took longer than the council hoped.”\n"
    "Visitors called it \"a small miracle\" and a \"pier worth the wait for all of us\".\n"
    "«Le port revit enfin cette année» et „Die Planken halten jetzt wieder“."
)


def test_expected_quotations_are_four_words_or_more_in_one_paragraph():
    assert ev.expected_quotations(BODY) == [
        "We rebuilt every plank by hand", "It took longer than the council hoped",
        "pier worth the wait for all of us", "Le port revit enfin cette année",
        "Die Planken halten jetzt wieder"]


def test_an_interrupted_quote_is_made_of_quoted_words_and_a_run_on_one_is_not():
    stream = ev.quoted_stream(BODY)
    joined = ev.quote_key("We rebuilt every plank by hand, It took longer than the council hoped.")
    assert joined in stream
    run_on = ev.quote_key("We rebuilt every plank by hand,” said Mara Lind, the harbour master.")
    assert run_on not in stream
    assert ev._RUN_PAST_RE.search("by hand,” said Mara Lind")
    assert not ev._RUN_PAST_RE.search("the word “pier” is old")


PAGE = """<!doctype html><html lang="en"><head><title>Pier reopens | Harbour News</title>
<meta property="og:title" content="Pier reopens after winter repairs">
</head><body><article><h1>Pier reopens after winter repairs</h1>
<p>The pier reopened on Friday after a winter of repairs, and the first visitors came
early to walk its length in the cold.</p>
<p>“We rebuilt every plank by hand,” said Mara Lind, the harbour master, who has run the
pier for eleven years.</p>
<p>Council members said the work had cost more than planned but would last for decades to
come, and that the café at the end would open in spring.</p>
</article></body></html>"""


def test_a_tiny_corpus_is_scored(tmp_path, capsys):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(PAGE.encode("utf-8")))
    (tmp_path / "ground-truth.json").write_text(json.dumps({"p1": {
        "articleBody": BODY, "url": "https://harbour.example/pier"}}), encoding="utf-8")
    assert ev.main(["--corpus", str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    summary = report["summary"]
    assert (summary["pages"], summary["title"], summary["crashes"]) == (1, 1.0, 0)
    assert summary["expected_quotations"] == 5
    assert summary["quote_recall"] == 0.2  # the page holds one of the body's five
    assert (summary["precision"], summary["runs_past_closing_mark"]) == (1.0, 0.0)
    assert report["pages"][0]["missed"][0] == "It took longer than the council hoped"


def test_a_title_that_still_carries_the_site_name_is_counted():
    assert ev.ends_with_site("Pier reopens after repairs | Harbour News", ["Harbour News"])
    assert ev.ends_with_site("码头重新开放_海港新闻", ["海港新闻"])
    assert not ev.ends_with_site("Harbour News readers cheer the pier", ["Harbour News"])


def test_a_curly_and_a_straight_mark_pair_as_a_mixed_page_means():
    body = '“Every plank came from the old mill," she said, "and every nail is new.”'
    assert ev.expected_quotations(body) == [
        "Every plank came from the old mill", "and every nail is new"]
    joined = ev.quote_key("Every plank came from the old mill, and every nail is new.")
    assert joined in ev.quoted_stream(body)
