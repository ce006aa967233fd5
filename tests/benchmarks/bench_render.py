"""Speed of one card, against the plain Pillow script in ../shared/bench, in one run.

Not part of the default test run (the file name does not start with test_). Run:

    pytest tests/benchmarks/bench_render.py --benchmark-columns=median,mean,min,rounds

The baseline's own fonts are the same families this project bundles (Vollkorn, Inter),
so it is pointed at the bundled copies; its quotes come from its own generator.
"""

from __future__ import annotations

import importlib.util
import io
import itertools
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cards import load_template, parse_article, unverified_quote
from cards.files import bundled_dir
from cards.pipeline import card_spec, render_card
from tests.conftest import ROOT, STORY

BENCH = ROOT.parent / "shared" / "bench"
# A cold start is measured as a user meets it: with compiled bytecode, which pip writes at
# install time and Python caches after the first run (some shells set this off).
COLD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
FONTS = bundled_dir("fonts")
needs_baseline = pytest.mark.skipif(not BENCH.is_dir(), reason=f"{BENCH} is absent")


@pytest.fixture(scope="module")
def shared_cards(tmp_path_factory) -> list[dict]:
    """The baseline's 100 cards (quotes of 80-300 characters, one URL each)."""
    if not BENCH.is_dir():
        return [
            {"quote": f"“{'The ferry is back and the island is awake again. ' * (1 + i % 5)}”",
             "attribution": "— Tomasz Nowak", "site": "The Harbour Gazette",
             "url": f"https://example.org/story/{i}"}
            for i in range(100)
        ]
    out = tmp_path_factory.mktemp("bench") / "cards.json"
    subprocess.run([sys.executable, str(BENCH / "gen_quotes.py"), str(out), "100"], check=True,
                   capture_output=True)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def baseline():
    spec = importlib.util.spec_from_file_location("card_c", BENCH / "card_c.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.SERIF = str(FONTS / "vollkorn" / "Vollkorn-Regular.ttf")
    module.SANS = str(FONTS / "inter" / "Inter-Regular.otf")
    module.SANS_BOLD = str(FONTS / "inter" / "Inter-Bold.otf")
    return module


def specs(cards: list[dict], same_url: bool):
    article = parse_article(STORY, "ferry.md")
    template = load_template("classic")
    for card in cards:
        quote = unverified_quote(card["quote"].strip("“”"))
        url = "https://example.org/news/2026/11/harbour-ferry-returns" if same_url else card["url"]
        spec = card_spec(article, quote, template, "landscape", url,
                         speaker=card["attribution"].lstrip("— "), site=card["site"])
        yield spec


def test_cards_one_landscape_card_in_process(benchmark, shared_cards):
    """Layout, paint and PNG encode of one card; every card has its own URL, so the QR
    code is made afresh each time (the QR cache holds 64 and the cards cycle over 100)."""
    cycle = itertools.cycle(list(specs(shared_cards, same_url=False)))
    benchmark.pedantic(lambda: render_card(next(cycle)).png(), rounds=300, warmup_rounds=20)


def test_cards_one_landscape_card_same_story(benchmark, shared_cards):
    """As above, for many quotes from one story: its QR code is made once."""
    cycle = itertools.cycle(list(specs(shared_cards, same_url=True)))
    benchmark.pedantic(lambda: render_card(next(cycle)).png(), rounds=300, warmup_rounds=20)


@needs_baseline
def test_baseline_plain_pillow_card_in_process(benchmark, shared_cards, baseline):
    cycle = itertools.cycle(shared_cards)

    def one() -> bytes:
        out = io.BytesIO()
        baseline.render(next(cycle)).save(out, "PNG")
        return out.getvalue()

    benchmark.pedantic(one, rounds=300, warmup_rounds=20)


def test_cards_render_cold(benchmark, tmp_path):
    """`cards render` from process start to file written."""
    cards = shutil.which("cards") or str(Path(sys.executable).parent / "cards")
    story = tmp_path / "ferry.md"
    story.write_text(STORY, encoding="utf-8")
    command = [cards, "render", str(story), "-q", "1", "-o", str(tmp_path / "c.png")]
    benchmark.pedantic(
        lambda: subprocess.run(command, check=True, capture_output=True, env=COLD_ENV),
        rounds=20, warmup_rounds=2,
    )


@needs_baseline
def test_baseline_cold(benchmark, tmp_path, shared_cards, baseline):
    """The plain script's --one mode, with its fonts pointed at the bundled copies."""
    cards_json = tmp_path / "cards.json"
    cards_json.write_text(json.dumps(shared_cards), encoding="utf-8")
    script = tmp_path / "card_c.py"
    source = (BENCH / "card_c.py").read_text(encoding="utf-8")
    for name, path in (("SERIF", baseline.SERIF), ("SANS", baseline.SANS),
                       ("SANS_BOLD", baseline.SANS_BOLD)):
        source = source.replace(f'{name} = "', f'{name} = "{path}"  # "', 1)
    script.write_text(source, encoding="utf-8")
    command = [sys.executable, str(script), "--one", str(tmp_path / "one.png"),
               "--cards", str(cards_json)]
    benchmark.pedantic(
        lambda: subprocess.run(command, check=True, capture_output=True, env=COLD_ENV),
        rounds=20, warmup_rounds=2,
    )
