"""A contact sheet of our own multi-script quotes (tests/fixtures/scripts) on every bundled
design, to look at after a typesetting change: one PNG per design, each card at half
size, two to a row, with its script named above it.

    .venv/bin/python scripts/contact_sheet.py [--out sheets/] [--size landscape]

Cards whose fonts this machine lacks (CJK and emoji need Debian's fonts-noto-cjk and
fonts-noto-color-emoji) are named in the sheet instead of drawn.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw

from cards import load_article, load_template, verify_quote
from cards.errors import CardsError
from cards.files import bundled_dir
from cards.pipeline import card_spec, render_card
from cards.text.faces import face, get_font

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.render.test_scripts import CASES, SCRIPTS  # noqa: E402  (the quotes we test)

SCALE = 2  # each card at half size
LABEL = 28  # px above each card for its name


def sheet(template: str, preset: str) -> tuple[Image.Image, list[str]]:
    loaded = load_template(template)
    cards, notes = [], []
    for case, (typed, speaker) in CASES.items():
        article = load_article(str(SCRIPTS / f"{case}.md"))
        try:
            made = render_card(card_spec(article, verify_quote(article, typed), loaded,
                                         preset, article.url, speaker))
        except CardsError as error:
            cards.append((case, None, str(error)))
            continue
        image = Image.open(io.BytesIO(made.png())).convert("RGB")
        cards.append((case, image.reduce(SCALE), ""))
        notes += [f"{template}/{case}: {note}" for note in made.layout.notes]
    w, h = next(c[1].size for c in cards if c[1] is not None)
    rows = (len(cards) + 1) // 2
    out = Image.new("RGB", (2 * w + 30, rows * (h + LABEL + 10) + 10), (255, 255, 255))
    draw = ImageDraw.Draw(out)
    font = get_font(face("Inter-Medium"), 18)
    for i, (case, image, error) in enumerate(cards):
        x, y = 10 + (i % 2) * (w + 10), 10 + (i // 2) * (h + LABEL + 10)
        draw.text((x, y), f"{template} · {case}", font=font, fill=(60, 60, 60))
        if image is None:
            draw.rectangle((x, y + LABEL, x + w - 1, y + LABEL + h - 1), outline=(200, 0, 0))
            draw.text((x + 10, y + LABEL + 10), error[:90], font=font, fill=(200, 0, 0))
        else:
            out.paste(image, (x, y + LABEL))
    return out, notes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("sheets"))
    parser.add_argument("--size", default="landscape")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for path in sorted(bundled_dir("templates").glob("*/template.toml")):
        image, notes = sheet(path.parent.name, args.size)
        target = args.out / f"{path.parent.name}-{args.size}.png"
        image.save(target)
        print(target)
        for note in notes:
            print("  note:", note)


if __name__ == "__main__":
    main()
