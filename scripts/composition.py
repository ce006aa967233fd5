"""The composition measures of every bundled design at every preset for quotes of about
40, 140 and 280 characters (tests/composition.py): the tallest empty band, the quote's cap
height against other text's, the QR plate's share and its ink against the quote's.

    .venv/bin/python scripts/composition.py [--sheets DIR]
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cards import load_template, parse_article, verify_quote  # noqa: E402
from cards.errors import CardsError  # noqa: E402
from cards.files import bundled_dir  # noqa: E402
from cards.pipeline import card_spec, render_card  # noqa: E402
from tests.composition import QUOTES, SPEAKER, article_text, measure  # noqa: E402

URL = "https://example.org/news/2026/12/island-ferry-winter"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sheets", type=Path, help="write a sheet per length here")
    args = parser.parse_args()
    article = parse_article(article_text(URL), "ferry.md")
    print(f"{'design':8} {'preset':9} {'len':>4} {'band':>5} {'caps':>5} {'qr%':>5}"
          f" {'ink':>5} {'plate':>5}")
    for length, text in QUOTES.items():
        tiles = []
        for path in sorted(bundled_dir("templates").glob("*/template.toml")):
            template = load_template(path.parent.name)
            row = []
            for preset in template.sizes:
                try:
                    card = render_card(card_spec(article, verify_quote(article, text),
                                                 template, preset, URL, SPEAKER))
                except CardsError as e:
                    print(f"{template.name:8} {preset:9} {length:>4}  refused: {e}")
                    continue
                m = measure(card.layout, card.png())
                print(f"{template.name:8} {preset:9} {length:>4} {m.band:5.2f} {m.cap_ratio:5.2f}"
                      f" {m.qr_share * 100:5.1f} {m.ink_ratio:5.2f} {m.plate:5d}")
                row.append(Image.open(io.BytesIO(card.png())).convert("RGB"))
            tiles.append(row)
        if args.sheets:
            args.sheets.mkdir(parents=True, exist_ok=True)
            h = 300
            scaled = [[t.resize((round(t.width * h / t.height), h)) for t in row] for row in tiles]
            width = max(sum(t.width + 10 for t in row) for row in scaled) + 10
            sheet = Image.new("RGB", (width, len(scaled) * (h + 10) + 10), "white")
            for r, row in enumerate(scaled):
                x = 10
                for t in row:
                    sheet.paste(t, (x, 10 + r * (h + 10)))
                    x += t.width + 10
            sheet.save(args.sheets / f"quote-{length}.png")


if __name__ == "__main__":
    main()
