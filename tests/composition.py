"""Measures of a card's composition, from its layout (what `--explain` prints) and its
pixels: the tallest empty band, the quote's cap height against other text's, the QR
plate's share of the card and its ink against the quote's at thumbnail size. Shared by
tests/render/test_composition.py and scripts/composition.py."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from cards.render.layout import Layout
from cards.text.faces import cap_height

# Our own quotes of about 40, 140 and 280 characters, for every design and preset.
QUOTES = {
    40: "We will keep the ferry running all year.",
    140: ("We will keep the ferry running all year, in fog and in ice, because the island "
          "has no other way to reach the school, the shop or the doctor."),
    280: ("We will keep the ferry running all year, in fog and in ice, because the island "
          "has no other way to reach the school, the shop or the doctor, and because a "
          "harbour that goes quiet for a winter does not wake up again in spring: the "
          "cafés close, the young leave, and the pier rusts into the sea."),
}
SPEAKER = "Ines Duarte"


def article_text(url: str) -> str:
    return (f"---\ntitle: The island ferry will run through the winter\nurl: {url}\n"
            "site: The Harbour Gazette\n---\n\n"
            + "\n\n".join(f"“{q}” said {SPEAKER}." for q in QUOTES.values()) + "\n")


@dataclass(frozen=True)
class Measures:
    band: float  # the tallest empty horizontal band between content, as a share of height
    cap_ratio: float  # the quote's cap height over the largest other text's
    qr_share: float  # the QR plate's area over the card's
    ink_ratio: float  # the QR plate's ink over the quote's, at 320 px wide
    plate: int  # the QR plate's side in px


def text_cap(block) -> float:  # noqa: ANN001 - a TextBlock
    return max((cap_height(span.face, span.size) for line in block.lines
                for span in line.spans if span.text.strip() and not span.face.strike),
               default=0)


def empty_band(layout: Layout) -> float:
    """The tallest horizontal strip, across the whole card, between the top of the first
    content element and the bottom of the last, that holds none of them (text extents,
    the QR plate and its label, the logo, the portrait)."""
    spans = []
    for block in layout.texts:
        spans.append((block.extent.y, block.extent.bottom))
    if layout.qr is not None:
        spans.append((layout.qr.plate.y, layout.qr.plate.bottom))
        if layout.qr.label is not None:
            spans.append((layout.qr.label.extent.y, layout.qr.label.extent.bottom))
    if layout.logo is not None:
        spans.append((layout.logo.placed.y, layout.logo.placed.bottom))
    if layout.portrait is not None:
        spans.append((layout.portrait.circle.y, layout.portrait.circle.bottom))
    if layout.sticker is not None:  # a story's place for the link sticker is not empty
        spans.append((layout.sticker.y, layout.sticker.bottom))
    spans.sort()
    tallest, reach = 0, spans[0][1]
    for top, bottom in spans[1:]:
        tallest = max(tallest, top - reach)
        reach = max(reach, bottom)
    return tallest / layout.height


def ink(image: Image.Image, box, background) -> float:  # noqa: ANN001
    """How far a region's pixels differ from the card's background, summed (0–255 each)."""
    crop = image.crop((box.x, box.y, box.right, box.bottom)).convert("L")
    ground = Image.new("RGB", (1, 1), background).convert("L").getpixel((0, 0))
    histogram = crop.histogram()
    return float(sum(count * abs(level - ground) for level, count in enumerate(histogram)))


def measure(layout: Layout, png: bytes) -> Measures:
    quote = layout.text("quote")
    others = [text_cap(b) for b in layout.texts if b.role != "quote"]
    if layout.qr is not None and layout.qr.label is not None:
        others.append(text_cap(layout.qr.label))
    ratio = text_cap(quote) / max(others) if others else 99.0
    qr_share = ink_ratio = 0.0
    plate = 0
    if layout.qr is not None:
        plate = layout.qr.plate.w
        qr_share = layout.qr.plate.w * layout.qr.plate.h / (layout.width * layout.height)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        scale = 320 / layout.width
        small = image.resize((320, round(layout.height * scale)), Image.Resampling.BOX)

        def shrunk(b):  # noqa: ANN001, ANN202
            from cards.text.fitting import Box

            return Box(int(b.x * scale), int(b.y * scale), max(1, round(b.w * scale)),
                       max(1, round(b.h * scale)))

        # The plate's ink is its dark modules on the light plate, seen against the card.
        plate_ink = ink(small, shrunk(layout.qr.plate), layout.background)
        quote_ink = ink(small, shrunk(quote.extent), layout.background)
        ink_ratio = plate_ink / max(1.0, quote_ink)
    return Measures(empty_band(layout), ratio, qr_share, ink_ratio, plate)
