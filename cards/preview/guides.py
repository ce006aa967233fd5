"""Guides: an overlay drawn from a card's `Layout` (element boxes, the QR quiet zone, the
margins, each network's crop), never a second drawing path; and the legibility check of
feed-size thumbnails."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from cards.preview.tiles import Tile
from cards.render.layout import MARGIN
from cards.text.faces import get_font

if TYPE_CHECKING:
    from PIL.Image import Image

    from cards.render.layout import Layout


# Where each network crops or covers a card, as fractions of the canvas: (name, x, y, w,
# h, kind), "crop" keeping the box, "covered" hiding it. One table, with its sources:
# - Instagram's profile grid shows posts as 3:4 centre crops since January 2025
#   (pictuary.com/glossary/profile-grid: a 1080 x 1350 post keeps 1012 x 1350).
# - A story's top ~250 px and bottom ~340 px of 1920 sit under the app's own interface
#   (profile bar, reply box), as the design notes of this project say (DESIGN.md).
CROPS: Mapping[str, tuple[tuple[str, float, float, float, float, str], ...]] = {
    "portrait": (("Instagram grid 3:4", (1080 - 1012) / 2 / 1080, 0.0, 1012 / 1080, 1.0,
                  "crop"),),
    "story": (("app bar", 0.0, 0.0, 1.0, 250 / 1920, "covered"),
              ("reply box", 0.0, 1 - 340 / 1920, 1.0, 340 / 1920, "covered")),
}

# At 320 px wide (a small phone's feed column, or a grid tile) a quote set smaller than
# this is hard to read; --thumbnails warns. 10 px is where the smallest quote the designs
# allow (36 px on a 1200 px card, 9.6 px at 320) starts to be flagged.
LEGIBLE_AT_320 = 10.0

# Guide colours: boxes magenta, QR quiet zone cyan, margins grey, network crops orange.
_BOX = (230, 0, 160)

_QUIET = (0, 170, 220)

_MARGIN = (150, 150, 150)

_CROP = (255, 120, 0)


def draw_guides(image: Image, layout: Layout) -> Image:
    """The card with its guides (`guide_overlay`) drawn over it."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    picture = image.convert("RGBA")
    return PILImage.alpha_composite(picture, guide_overlay(layout)).convert("RGB")


# How strongly a network's crop shows: its area tinted, the card still readable under it.
_CROP_OPACITY = 0.35


def guide_overlay(layout: Layout) -> Image:
    """The guides alone, on a transparent canvas the card's size: its element boxes
    (labelled), the QR code's quiet zone, the 6% margin, and each network's crop or
    covered areas (tinted). A gallery lays it over the card, to be shown or hidden."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw  # lazy: keeps start-up fast

    w, h = layout.width, layout.height
    label = get_font("Inter-SemiBold", max(14, layout.width // 70))
    crops = PILImage.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(crops)
    for name, x, y, cw, ch, kind in CROPS.get(layout.preset, ()):
        crop = (round(x * w), round(y * h), round((x + cw) * w) - 1, round((y + ch) * h) - 1)
        if kind == "covered":
            draw.rectangle(crop, fill=_CROP)
        draw.rectangle(crop, outline=_CROP, width=3)
        draw.text((crop[0] + 8, crop[1] + 6), name, fill=(255, 255, 255), font=label,
                  stroke_width=4, stroke_fill=(0, 0, 0))
    alpha = crops.getchannel("A").point(lambda a: round(a * _CROP_OPACITY))
    crops.putalpha(alpha)
    over = PILImage.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(over)
    m = round(MARGIN * min(w, h))
    draw.rectangle((m, m, w - m - 1, h - m - 1), outline=_MARGIN, width=1)
    if layout.qr is not None:
        plate = layout.qr.plate
        q = layout.qr.inset + layout.qr.quiet_modules * layout.qr.module_px
        draw.rectangle((plate.x, plate.y, plate.right - 1, plate.bottom - 1), outline=_QUIET,
                       width=2)
        draw.rectangle((plate.x + q, plate.y + q, plate.right - q - 1, plate.bottom - q - 1),
                       outline=_QUIET, width=1)
    tall = label.getbbox("Ag")[3] + 6
    for name, box in layout.content_boxes().items():
        draw.rectangle((box.x, box.y, box.right - 1, box.bottom - 1), outline=_BOX, width=2)
        # The name sits just above its box, off the text it labels (inside at the top edge).
        y = box.y - tall if box.y >= tall else box.y + 2
        draw.text((box.x + 2, y), name, fill=(255, 255, 255), font=label, stroke_width=3,
                  stroke_fill=_BOX)
    return PILImage.alpha_composite(crops, over)


def legibility_warnings(tiles: Sequence[Tile]) -> list[str]:
    """A line for each card whose quote would be under LEGIBLE_AT_320 px at 320 px wide."""
    warnings = []
    for tile in tiles:
        if tile.failed:
            continue
        at_320 = tile.quote_size * 320 / tile.width
        if at_320 < LEGIBLE_AT_320:
            warnings.append(
                f"{tile.template}/{tile.preset}: at 320 px wide the quote's type is"
                f" {at_320:.1f} px, under {LEGIBLE_AT_320:g} px; shorten the quote or use a"
                " larger preset")
    return warnings
