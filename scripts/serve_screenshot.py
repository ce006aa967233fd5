"""The README's picture of `cards serve`: the installed command started as a user starts
it, our example story read in Debian's chromium (driven by Playwright, kept off the
network), a quote picked and every design drawn; the window as it is then, as a small PNG.

    .venv/bin/python scripts/serve_screenshot.py [--out docs/serve.png] [--quote 1]

Needs Debian's chromium (apt-get install chromium); Playwright's own browsers are never
downloaded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The steps the browser test takes, and how it starts and stops the desk.
from tests.serve.browser import VIEWPORT, chromium, grid_done, launch, read_story, redrawn  # noqa: E402
from tests.serve.test_command import start, stop  # noqa: E402

DESIGNS = 5  # every bundled design is ticked when the page opens


def shoot(story: Path, quote: int, viewport: dict[str, int], raw: Path) -> None:
    """Read `story` on the desk's page, pick `quote`, and save the window to `raw`."""
    browser_path = chromium()
    if browser_path is None:
        sys.exit("no chromium: apt-get install chromium")
    with tempfile.TemporaryDirectory() as folder:
        desk = start(Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = launch(playwright, browser_path)
                page = browser.new_page(viewport=viewport)
                page.goto(desk.base + "/")
                read_story(page, story.read_text(encoding="utf-8"))
                grid_done(page, DESIGNS)
                if quote != 1:
                    choice = page.locator(f'input[name="pick"][value="{quote}"]')
                    redrawn(page, choice.check, DESIGNS)
                # The quotes beside the cards (which stay in view as the page scrolls).
                page.locator("#quote-section").evaluate("e => e.scrollIntoView()")
                page.mouse.move(0, 0)  # no hover on a tile
                page.screenshot(path=raw)
                browser.close()
        finally:
            status, said = stop(desk)
            if status != 130:
                print(f"cards serve stopped with {status}: {said}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "serve.png")
    parser.add_argument("--story", type=Path, default=ROOT / "examples" / "city-library.md")
    parser.add_argument("--quote", type=int, default=1, help="the quote to pick (1: the best)")
    parser.add_argument("--width", type=int, default=VIEWPORT["width"])
    parser.add_argument("--height", type=int, default=VIEWPORT["height"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw.png"
        shoot(args.story, args.quote, {"width": args.width, "height": args.height}, raw)
        # A palette of 256 colours, about a third of the bytes. Maximum coverage keeps every
        # colour within a few levels; median cut greys out the small green status lines.
        image = Image.open(raw).convert("RGB")
        small = image.quantize(256, method=Image.Quantize.MAXCOVERAGE)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        small.save(args.out, optimize=True)
        print(f"{args.out}: {image.width} × {image.height},"
              f" {args.out.stat().st_size / 1024:.0f} KB (from {raw.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
