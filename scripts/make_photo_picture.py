"""Draw templates/photo/picture.jpg: the photo template's own stand-in picture.

It is made here, from nothing, so the project ships no one else's photograph: soft
overlapping discs of light on a dusky ground, like an out-of-focus city at dusk, then a
fine grain. Deterministic (seeded). Real cards pass their own with --image.

    python scripts/make_photo_picture.py
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parents[1] / "templates" / "photo" / "picture.jpg"


def main() -> None:
    rng = random.Random(2026)
    width, height = 1800, 1200
    sky = Image.linear_gradient("L").resize((width, height))
    image = Image.merge("RGB", (
        sky.point(lambda v: 40 + v * 60 // 255),
        sky.point(lambda v: 50 + v * 30 // 255),
        sky.point(lambda v: 90 - v * 40 // 255),
    ))
    glow = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(glow)
    palette = [(255, 190, 90), (255, 120, 60), (120, 180, 255), (255, 230, 170), (200, 90, 160)]
    for _ in range(140):
        x, y = rng.uniform(0, width), rng.uniform(height * 0.25, height)
        r = rng.uniform(20, 110)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice(palette))
    glow = glow.filter(ImageFilter.GaussianBlur(28))
    image = Image.blend(image, glow, 0.55)
    grain = Image.effect_noise((width, height), 18).convert("RGB")
    image = Image.blend(image, grain, 0.06)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    image.save(OUT, quality=86, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
