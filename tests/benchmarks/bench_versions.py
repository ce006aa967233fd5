"""A Latin card now against the same card before multi-script setting, in one run.

Issue 3 (font fallback, UAX #14 breaking, right-to-left, emoji) must not slow the common
case by more than 10%. Both versions render the same 100 landscape cards in their own
process, one after the other, with the same timing loop; the medians are printed and
kept in the benchmark's extra_info. Run:

    pytest tests/benchmarks/bench_versions.py -s
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

BEFORE = "1028ced"  # the last commit before issue 3's text setting

TIMER = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from cards import card_spec, load_template, parse_article, render_card, unverified_quote
from tests.conftest import STORY
article = parse_article(STORY, "ferry.md")
template = load_template("classic")
words = ("the harbour ferry came back on monday and the whole island went down to the pier "
         "to hear its horn again after a long winter without it").split()
quotes = [" ".join(words[i % 7 : i % 7 + 8 + i % 17]).capitalize() + "." for i in range(100)]
specs = [card_spec(article, unverified_quote(q), template, "landscape",
                   "https://example.org/news/ferry") for q in quotes]
for spec in specs[:10]:
    render_card(spec).png()
times = []
for _ in range(3):
    for spec in specs:
        t = time.perf_counter(); render_card(spec).png(); times.append(time.perf_counter() - t)
print(json.dumps({"median_ms": statistics.median(times) * 1000}))
"""


def _median(source: str) -> float:
    done = subprocess.run([sys.executable, "-c", TIMER, source], capture_output=True,
                          text=True, check=True, cwd=source)
    return float(json.loads(done.stdout.splitlines()[-1])["median_ms"])


def test_latin_card_within_ten_percent_of_before(benchmark, tmp_path):
    if subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", BEFORE],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip(f"commit {BEFORE} is not in this clone's history")
    old = tmp_path / "before"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), BEFORE],
                   check=True, capture_output=True)
    try:
        results = {}
        for _ in range(5):  # alternate, so drift in the machine's speed hits both
            results.setdefault("before", []).append(_median(str(old)))
            results.setdefault("now", []).append(_median(str(ROOT)))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)],
                       check=False, capture_output=True)
    before, now = min(results["before"]), min(results["now"])
    benchmark.extra_info.update(before_ms=before, now_ms=now, ratio=now / before)
    print(f"\nLatin landscape card: before {before:.2f} ms, now {now:.2f} ms,"
          f" ratio {now / before:.3f}")
    benchmark.pedantic(lambda: None, rounds=1)
