"""Drawing a `Layout` onto a Pillow image. Decides nothing: every position is the layout's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .fonts import get_font
from .layout import Layout, QRBlock
from .qr import qr_matrix

if TYPE_CHECKING:
    from PIL.Image import Image


def paint(layout: Layout) -> Image:
    from PIL import Image as PILImage
    from PIL import ImageDraw

    image = PILImage.new("RGB", (layout.width, layout.height), layout.background)
    draw = ImageDraw.Draw(image)
    # Decorations first: they may sit behind content, never over it.
    for box, color in layout.rules:
        draw.rectangle((box.x, box.y, box.right - 1, box.bottom - 1), fill=color)
    blocks = list(layout.texts)
    if layout.qr is not None:
        _paint_qr(image, layout.qr)
        if layout.qr.label is not None:
            blocks.append(layout.qr.label)
    for block in blocks:
        font = get_font(block.font, block.size)
        for line in block.lines:
            draw.text((line.x, line.baseline), line.text, font=font, fill=block.color, anchor="ls")
    return image


def _paint_qr(image: Image, block: QRBlock) -> None:
    from PIL import Image as PILImage

    matrix = qr_matrix(block.url)
    n, q, side = matrix.modules, block.quiet_modules, block.plate.w
    # One pixel a module first, quiet zone included, then scaled by a whole factor with
    # nearest-neighbour so every module is a crisp square of module_px pixels.
    mask = PILImage.new("L", (n + 2 * q, n + 2 * q), 0)
    mask.paste(PILImage.frombytes("L", (n, n), b"".join(matrix.rows).translate(_DARK)), (q, q))
    mask = mask.resize((side, side), PILImage.Resampling.NEAREST)
    plate = PILImage.new("RGB", (side, side), block.light)
    plate.paste(block.dark, (0, 0, side, side), mask)
    image.paste(plate, (block.plate.x, block.plate.y))


_DARK = bytes([0, 255] + [0] * 254)  # matrix byte 1 (a dark module) -> full mask
