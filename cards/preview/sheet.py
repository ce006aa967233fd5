"""The contact sheet: a row per template, a column per preset, each card captioned; its
geometry (`sheet_layout`) is pure and tested apart from the pixels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cards.preview.failed import INK
from cards.preview.tiles import THUMB_WIDTHS, Tile
from cards.text.faces import get_font

if TYPE_CHECKING:
    from PIL.Image import Image


_GAP, _HEAD = 24, 34  # between cards, and above each for its caption

def sheet_layout(tiles: Sequence[Tile], thumbnails: bool = False
                 ) -> tuple[tuple[int, int], list[tuple[str, Image, int, int]]]:
    """Where each picture goes on the contact sheet: the sheet's size, and (caption,
    picture, x, y) for each. A row per template, a column per preset; with
    `thumbnails`, a row under it for each card at 500, 320 and 160 px wide. A card that
    could not be made keeps its place, captioned as not made."""
    rows: dict[str, list[Tile]] = {}
    for tile in tiles:
        rows.setdefault(tile.template, []).append(tile)
    blocks: list[list[tuple[str, Image]]] = []
    for row in rows.values():
        blocks.append([(f"{t.template} · {t.preset} {t.width}×{t.height}"
                        + (f" {NOT_MADE}" if t.failed else "")
                        + ("" if t.verified or t.failed else f" {UNVERIFIED}"), t.image)
                       for t in row])
        if thumbnails:
            for t in row:
                if t.thumbs:
                    blocks.append([(f"{t.template} · {t.preset} at {wide} px", thumb)
                                   for thumb, wide in zip(t.thumbs, THUMB_WIDTHS,
                                                          strict=True)])

    font = get_font("Inter-SemiBold", 18)
    placed = []
    y = _GAP
    width = 0
    for block in blocks:
        x = _GAP
        for caption, picture in block:
            placed.append((caption, picture, x, y + _HEAD))
            # A caption wider than its card widens the column, so none runs off the sheet.
            x += max(picture.width, round(font.getlength(caption))) + _GAP
        width = max(width, x)
        y += max(p.height for _, p in block) + _HEAD + _GAP
    return (max(width, 600), y), placed


# How the caption of a card that could not be made ends, drawn in the failed tile's red.
NOT_MADE = "· not made"
# And of a card whose quote is not in the article, in the same red.
UNVERIFIED = "· unverified"


def contact_sheet(tiles: Sequence[Tile], thumbnails: bool = False) -> Image:
    """The cards in a grid (see `sheet_layout`), each captioned with its template,
    preset and pixel size."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw  # lazy: keeps start-up fast

    size, placed = sheet_layout(tiles, thumbnails)
    sheet = PILImage.new("RGB", size, (236, 236, 232))
    draw = ImageDraw.Draw(sheet)
    font, small = get_font("Inter-SemiBold", 18), get_font("Inter-Regular", 15)
    for caption, picture, x, y in placed:
        fill = INK if caption.endswith((NOT_MADE, UNVERIFIED)) else (40, 40, 40)
        draw.text((x, y - _HEAD + 4), caption, fill=fill,
                  font=small if caption.endswith(" px") else font)
        sheet.paste(picture, (x, y))
    return sheet
