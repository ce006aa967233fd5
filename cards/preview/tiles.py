"""A card as a preview shows it: its picture at the sheet's height (guides drawn if asked),
its thumbnails at feed widths, and what made it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from PIL.Image import Image

    from cards.render.layout import Layout


THUMB_WIDTHS = (500, 320, 160)


class Tile(Struct, frozen=True):
    """One card of a preview: its picture (guides drawn if asked), what made it, and the
    `cards render` command that makes the same file; or, for a card that could not be
    made, a marked tile of its shape saying why (`failed`, and no layout)."""

    template: str
    preset: str
    width: int  # the card's pixels
    height: int
    image: Image  # at the sheet's height
    layout: Layout | None = None  # None: the card could not be made
    failed: str = ""  # why not, as the command line words it
    thumbs: tuple[Image, ...] = ()  # at THUMB_WIDTHS, if asked
    png: bytes = b""  # the card's file (PNG, JPEG or WebP), if asked
    # for (a gallery)
    overlay: bytes = b""  # its guides alone (PNG), if asked too
    alt_text: str = ""
    filename: str = ""
    command: str = ""
    quote_size: int = 0  # px on the card
    stand_in: bool = False  # set over the template's own picture, for want of the story's
    verified: bool = True  # False: its quote was not found in the article

    def __repr__(self) -> str:  # its pictures and files would fill a screen
        return f"Tile({self.template}/{self.preset}, {self.failed or 'made'})"


SHEET_HEIGHT = 300  # each card's height on the contact sheet


def scaled(image: Image, height: int | None = None, width: int | None = None) -> Image:
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    if height is not None:
        size = (max(1, round(image.width * height / image.height)), height)
    else:
        assert width is not None
        size = (width, max(1, round(image.height * width / image.width)))
    # reducing_gap: shrink by a whole factor first, then resample; four times faster
    # than a full Lanczos from 1920 px, and the same to the eye at sheet size.
    return image.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=1.5)
