"""Speed of `cards batch`: 500 cards (100 rows × 5 presets) with one and two workers, the
plain Pillow script making 500 cards in the same run as the baseline, and the workers'
peak memory for a short and a three-times-longer job file.

    pytest tests/benchmarks/bench_batch.py --benchmark-columns=median,min,rounds -s
"""

from __future__ import annotations

import io
import itertools
import shutil
from pathlib import Path

import pytest

from cards.jobs.run import row_errors, run_batch
from cards.pipeline import CardOptions
from tests.benchmarks.bench_render import baseline, needs_baseline, shared_cards  # noqa: F401 (fixtures)
from tests.conftest import STORY

TEMPLATES = ("classic", "bold", "minimal", "night", "classic")


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Path:
    """Ten stories and job files of 100 and 300 rows, each row every preset."""
    folder = tmp_path_factory.mktemp("desk")
    for i in range(10):
        (folder / f"story{i}.md").write_text(
            STORY.replace("harbour-ferry-returns", f"harbour-ferry-returns-{i}"), encoding="utf-8")
    for rows in (100, 300):
        lines = ["article,quote,sizes,template"]
        lines += [f"story{i % 10}.md,{1 + i % 2},all,{TEMPLATES[i % 5]}" for i in range(rows)]
        (folder / f"jobs{rows}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def make(desk: Path, rows: int, workers: int, counter: itertools.count):
    jobs, bad = row_errors(desk / f"jobs{rows}.csv", None, CardOptions())
    assert not bad
    out = desk / f"out{next(counter)}"
    state = run_batch(jobs, out, workers=workers)
    shutil.rmtree(out)
    assert state.made == rows * 5 and state.failed_rows == 0
    return state


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_500_cards(benchmark, desk, workers):
    counter = itertools.count()
    state = benchmark.pedantic(lambda: make(desk, 100, workers, counter), rounds=3,
                               warmup_rounds=0)
    benchmark.extra_info["cards"] = 500
    benchmark.extra_info["peak_mb_per_worker"] = {
        pid: round(kb / 1024, 1) for pid, kb in state.peak_kb.items()}
    print(f"\n{workers} worker(s): peak MB per worker "
          f"{sorted(benchmark.extra_info['peak_mb_per_worker'].values())}")


def test_worker_memory_does_not_grow_with_the_number_of_cards(desk):
    counter = itertools.count()
    short = max(make(desk, 100, 2, counter).peak_kb.values())
    long = max(make(desk, 300, 2, counter).peak_kb.values())
    print(f"\npeak MB per worker: 500 cards {short / 1024:.1f}, 1500 cards {long / 1024:.1f}")
    assert long < short * 1.15


@needs_baseline
def test_baseline_500_cards(benchmark, shared_cards, baseline):  # noqa: F811
    def five_hundred() -> None:
        for card in itertools.islice(itertools.cycle(shared_cards), 500):
            out = io.BytesIO()
            baseline.render(card).save(out, "PNG")

    benchmark.pedantic(five_hundred, rounds=3, warmup_rounds=0)
