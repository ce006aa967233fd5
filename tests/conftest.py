"""Shared fixtures: a small article of our own, the CLI runner, and a clean environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cards.article import addresses, limits

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
PAGES = TESTS / "pages"
GOLDEN_DIR = TESTS / "golden"
EXAMPLE = ROOT / "examples" / "city-library.md"
STORY_URL = "https://example.org/news/2026/11/harbour-ferry-returns"

STORY = f"""---
title: The harbour ferry returns after a winter in dry dock
url: {STORY_URL}
site: The Harbour Gazette
author: Ines Duarte
date: 2026-11-20
lang: en
---

The blue ferry that links the old town to the island returned to service on Monday.

"We missed the sound of the horn more than we expected," said Tomasz Nowak, the ferry's
captain, as the first passengers stepped aboard.

"It is slower than the bridge, but nobody ever wrote a song about a bridge," said
Lena Fischer, who has crossed twice a day for eleven years.
"""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="Rewrite tests/golden/*.png from the current rendering instead of comparing.",
    )


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keep the user's environment out: a fresh working folder and home for every test,
    and the address policy as it starts (private hosts refused)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    # Every CARDS_* variable (a default, CARDS_TEMPLATES, CARDS_CONFIG…) and the user's
    # config and cache folders stay out of the tests.
    for name in [n for n in os.environ if n.startswith("CARDS_")] + [
            "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "NO_COLOR"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(addresses, "_allowed", None)  # --allow-private-hosts sets it
    monkeypatch.setattr(limits, "_limit_mb", None)  # and --max-article-mb this


@pytest.fixture
def private_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the fetcher reach the tests' own servers on 127.0.0.1, as an intranet server
    is reached: through the option, so every test that uses one proves the option works."""
    monkeypatch.setattr(addresses, "_allowed", None)
    addresses.allow_private_hosts(True)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "ferry.md"
    path.write_text(STORY, encoding="utf-8")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
