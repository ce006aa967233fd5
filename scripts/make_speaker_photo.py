"""Draw examples/speaker.jpg: a stand-in head-and-shoulders photo for `--photo`.

Drawn here from shapes, so the project ships no one's likeness: a figure in a dark
jacket against a soft teal wall, lit from the left, then a fine grain. Deterministic.

    python scripts/make_speaker_photo.py
"""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parents[1] / "examples" / "speaker.jpg"


def main() -> None:
    width, height = 800, 1000
    wall = Image.linear_gradient("L").rotate(90).resize((width, height))
    image = Image.merge("RGB", (
        wall.point(lambda v: 70 + v * 40 // 255),
        wall.point(lambda v: 110 + v * 40 // 255),
        wall.point(lambda v: 115 + v * 30 // 255),
    ))
    draw = ImageDraw.Draw(image)
    # Shoulders and jacket, then the neck, the head and the hair.
    draw.ellipse((90, 640, 710, 1300), fill=(38, 42, 58))
    draw.polygon([(400, 660), (340, 760), (400, 980), (460, 760)], fill=(232, 228, 220))
    draw.rectangle((345, 500, 455, 690), fill=(178, 128, 98))
    draw.ellipse((255, 210, 545, 590), fill=(196, 146, 112))
    draw.ellipse((245, 170, 555, 400), fill=(52, 36, 30))
    draw.rectangle((255, 290, 290, 420), fill=(52, 36, 30))
    draw.rectangle((510, 290, 545, 420), fill=(52, 36, 30))
    # Light from the left: a shadow over the right of the face.
    shade = Image.new("L", (width, height), 0)
    ImageDraw.Draw(shade).ellipse((420, 200, 640, 620), fill=70)
    image.paste((0, 0, 0), (0, 0), shade.filter(ImageFilter.GaussianBlur(40)))
    image = image.filter(ImageFilter.GaussianBlur(2))
    rng = random.Random(7)
    grain = Image.frombytes("L", (width, height),
                            bytes(rng.randrange(118, 138) for _ in range(width * height)))
    image = Image.blend(image, Image.merge("RGB", (grain, grain, grain)), 0.06)
    image.save(OUT, quality=88, optimize=True)


if __name__ == "__main__":
    main()
