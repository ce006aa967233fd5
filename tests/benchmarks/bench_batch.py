"""Speed of `cards batch`: 500 cards (100 rows × 5 presets) with one and two workers, the
plain Pillow script making 500 cards in the same run as the baseline, and the workers'
peak memory for a short and a three-times-longer job file; --resume over 10,000 cards
already made, and the manifest's cost per card for 1,000 and 4,000 cards.

    pytest tests/benchmarks/bench_batch.py --benchmark-columns=median,min,rounds -s
"""

from __future__ import annotations

import io
import itertools
import json
import shutil
import time
from pathlib import Path

import pytest

from cards.article.load import load_article
from cards.design.catalog import load_template
from cards.jobs.manifest import Entry, Manifest
from cards.jobs.readers import read_jobs
from cards.jobs.run import run_batch
from cards.pipeline import CardOptions, card_name, plan_cards
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
    read = read_jobs(str(desk / f"jobs{rows}.csv"), None, CardOptions())
    jobs, bad = read.jobs, read.bad
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


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> tuple[Path, list]:
    """10,000 rows of the same small card, each with its own `output` stem, and their
    cards already in the folder. The stem is not among what decides a card's bytes, so
    the 10,000 cards are one card's PNG under the 10,000 names a batch would give them:
    the card is drawn once here and copied, instead of drawn 10,000 times (ten minutes)."""
    folder = tmp_path_factory.mktemp("resume")
    (folder / "ferry.md").write_text(STORY, encoding="utf-8")
    (folder / "jobs.csv").write_text(
        "article,quote,sizes,template,output\n"
        + "".join(f"ferry.md,1,square,minimal,card-{i:05d}\n" for i in range(10_000)),
        encoding="utf-8")
    read = read_jobs(str(folder / "jobs.csv"), None, CardOptions())
    jobs, bad = read.jobs, read.bad
    assert not bad
    out = folder / "out"
    assert run_batch(jobs[:1], out, workers=1).made == 1
    png = next(out.glob("*.png")).read_bytes()
    for job in jobs[1:]:
        options = job.options
        for spec, verified in plan_cards(load_article(job.article), options,
                                         load_template(options.template), None,
                                         lambda warning: None):
            (out / card_name(spec, verified, job.output)).write_bytes(png)
    assert len(list(out.glob("*.png"))) == 10_000
    return out, jobs


@pytest.mark.parametrize("workers", [1, 2])
def test_resume_over_10000_cards_takes_under_10_s(made, workers):
    out, jobs = made
    started = time.perf_counter()
    state = run_batch(jobs, out, workers=workers, resume=True)
    took = time.perf_counter() - started
    assert (state.made, state.skipped) == (0, 10_000)
    assert len(json.loads((out / "manifest.json").read_bytes())["cards"]) == 10_000
    print(f"\n--resume over 10,000 cards, {workers} worker(s): {took:.2f} s"
          f" ({took / 10_000 * 1e6:.0f} µs a card)")
    assert took < 10


def test_manifest_cost_per_card_is_flat_from_1000_to_4000_cards(tmp_path):
    """Every card's journal line, then the fold into manifest.json at the end, over the
    cards' files on disk: per card, the same for 4,000 cards as for 1,000."""
    def per_card(cards: int) -> float:
        best = float("inf")
        for round_ in range(3):
            out = tmp_path / f"{cards}-{round_}"
            out.mkdir()
            entries = [Entry(f"jobs.csv:{i + 2}", f"card-{i:05d}-minimal-33950694-square.png",
                             "square", "minimal", "We missed the sound of the horn " * 3,
                             "Tomasz Nowak", "https://example.org/news/harbour-ferry-returns",
                             "Quote card: " + "words " * 30, 1080, 1080, 40_000, "0" * 64)
                       for i in range(cards)]
            for e in entries:
                (out / e.file).touch()
            started = time.perf_counter()
            manifest = Manifest(out, with_csv=True)
            for e in entries:
                manifest.add(e)
            manifest.close()
            best = min(best, (time.perf_counter() - started) / cards)
        return best

    small, large = per_card(1000), per_card(4000)
    print(f"\nmanifest per card: 1,000 cards {small * 1e6:.1f} µs, 4,000 cards"
          f" {large * 1e6:.1f} µs (journal lines and the fold at the end)")
    assert large < small * 1.5
