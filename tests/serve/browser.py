"""The desk in Chromium, as the browser test and scripts/serve_screenshot.py drive it:
Debian's chromium kept off the network, and the steps a user takes on the page."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, Playwright, expect


def chromium() -> str | None:
    """Debian's chromium (Playwright's own browsers are never downloaded), if installed."""
    for path in ("/usr/bin/chromium", shutil.which("chromium")):
        if path and os.access(path, os.X_OK):
            return path
    return None


# The machine may have no outside network: nothing here lets Chromium call out.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
# A grid is drawn by two workers; under `pytest -n auto` they share the cores with every
# other test, so waits are long (Playwright's default is 5 s). Nothing is timed by them.
WAIT_MS = 60_000


def launch(playwright: Playwright, path: str) -> Browser:
    expect.set_options(timeout=WAIT_MS)
    return playwright.chromium.launch(executable_path=path, headless=True, args=ARGS)


def read_story(page: Page, text: str) -> None:
    """Paste `text` into the story box and read it; the first quote is picked, and its
    grid drawn."""
    page.get_by_label("Paste the story").fill(text)
    page.get_by_role("button", name="Read the story").click()
    expect(page.locator("#story-status")).to_have_text(re.compile(r"^Read \d+ paragraphs"))


def grid_done(page: Page, count: int) -> None:
    """Wait until the grid shows `count` cards, each loaded."""
    status = page.locator("#grid-status")
    expect(status).not_to_have_text(re.compile(r"^(Drawing|Read a story)"))
    made = f"{count} card{'' if count == 1 else 's'} made"
    said = status.text_content() or ""
    assert re.fullmatch(rf"{made}( of a quote that is not in the story)?\.", said), said
    expect(page.locator(".tile")).to_have_count(count)
    expect(page.locator('.tile[data-done="ok"]')).to_have_count(count)


def redrawn(page: Page, change: Callable[[], Any], count: int) -> dict[str, float]:
    """Make `change` on the page and wait for the grid it starts to show every card: the
    page's figures for that grid (`window.cardsTimings`, in ms)."""
    before = page.evaluate("window.cardsTimings.generation || 0")
    change()
    page.wait_for_function(
        "g => window.cardsTimings.generation > g && window.cardsTimings.all !== undefined",
        arg=before, timeout=WAIT_MS)
    grid_done(page, count)
    timings: dict[str, float] = page.evaluate("({...window.cardsTimings})")
    return timings


def screenshot(page: Page, path: Path) -> Path:
    """The whole page, once every card in it has loaded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the cards stay beside what is scrolled to
    page.screenshot(path=path, full_page=True)
    return path
