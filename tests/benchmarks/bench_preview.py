"""Speed of `cards preview`: a 5 × 5 sheet (five templates, five presets) from process
start to sheet written, and the same sheet re-rendered in a warm process (as --watch does,
its worker pool kept).

    pytest tests/benchmarks/bench_preview.py --benchmark-columns=median,min,rounds
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cards.jobs.pool import warm_pool
from cards.pipeline import CardOptions
from cards.preview.plan import Request, render_tiles
from cards.preview.sheet import contact_sheet
from tests.benchmarks.bench_render import COLD_ENV
from tests.conftest import EXAMPLE

TEMPLATES = ("classic", "bold", "minimal", "night", "photo")
PRESETS = ("landscape", "wide", "square", "portrait", "story")


def test_preview_5x5_cold(benchmark, tmp_path):
    cards = shutil.which("cards") or str(Path(sys.executable).parent / "cards")
    command = [cards, "preview", str(EXAMPLE), "-q", "1", "-o", str(tmp_path / "sheet.png")]
    benchmark.pedantic(lambda: subprocess.run(command, check=True, capture_output=True,
                                              env=COLD_ENV), rounds=7, warmup_rounds=1)


@pytest.fixture(scope="module")
def pool():
    workers = warm_pool()
    yield workers
    workers.shutdown()


def test_preview_5x5_warm_rerender(benchmark, pool):
    request = Request(str(EXAMPLE), TEMPLATES, PRESETS, CardOptions(quote="1"))
    benchmark.pedantic(lambda: contact_sheet(render_tiles(request, pool=pool)), rounds=7,
                       warmup_rounds=1)
