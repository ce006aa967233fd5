"""A card as PNG bytes: the chunks written here, the pixels compressed by libdeflate.

Pillow compresses a PNG with zlib. At level 3, what a batch can afford, a landscape
`classic` card was 36 KiB; at level 6 it was 30 KiB but took twice as long. libdeflate's
level 6 made it 29 KiB in the time zlib takes at level 3 (all measured on the same card,
before `paint` gave each ink only the palette steps it needs). A PNG is a handful of
chunks, as the PNG specification (second edition, sections 5, 9 and 11) lays them out:
IHDR, PLTE for a palette, the text (iTXt), IDAT and IEND. A palette card's rows go
unfiltered, which suits palette indices best; a full-colour card's (a gradient, a
photograph) each less the row above (filter type 2, "Up"), which turns a gradient's
rows to near zeros: night's landscape card is 113 KiB in 5 ms where Pillow made 118 KiB
in 12 ms, photo's 321 KiB in 13 ms against 378 KiB in 40 ms. Pillow still writes every
other kind of image.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image

# libdeflate's level for the pixels. On a landscape classic card's pixels, 3 makes 28.4 KiB
# in 1.2 ms, 5 26.6 KiB in 1.4 ms, 6 25.7 KiB in 1.7 ms; zlib's level 3 made 35 KiB in 1.7.
LEVEL = 5

_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def writable(image: Image) -> bool:
    """Whether `image` is one `palette_png` writes: an 8-bit palette of RGB colours,
    with no transparency."""
    return (image.mode == "P" and image.palette is not None
            and image.palette.mode == "RGB" and "transparency" not in image.info)


def palette_png(image: Image, text: Mapping[str, str]) -> bytes:
    """`image` (see `writable`) as PNG bytes, with `text` as iTXt chunks in UTF-8. A
    text long enough to gain from it is compressed, as iTXt allows. The same image and
    text always give the same bytes."""
    import deflate  # lazy: keeps start-up fast
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    width, height = image.size
    palette = bytes(image.getpalette("RGB") or b"")[:768]
    # Each row after its filter byte (0: none): the image set one pixel in from the left
    # of an image of zeros, read out row by row (twice as fast as joining the rows).
    framed = PILImage.new("P", (width + 1, height), 0)
    framed.paste(image, (1, 0))
    rows = framed.tobytes()
    chunks = [_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)),
              _chunk(b"PLTE", palette or b"\0\0\0")]
    chunks += [_chunk(b"iTXt", _itxt(key, value)) for key, value in text.items()]
    chunks += [_chunk(b"IDAT", bytes(deflate.zlib_compress(rows, LEVEL))), _chunk(b"IEND", b"")]
    return _SIGNATURE + b"".join(chunks)


def rgb_png(image: Image, text: Mapping[str, str]) -> bytes:
    """An "RGB" `image` as PNG bytes (8 bits a channel), with `text` as in
    `palette_png`; each row filtered as the row above subtracted from it, byte by byte
    (modulo 256: PNG's filter type 2), the first row less a row of zeros."""
    import deflate  # lazy: keeps start-up fast
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageChops  # lazy: keeps start-up fast

    width, height = image.size
    above = PILImage.new("RGB", (width, height), 0)
    above.paste(image.crop((0, 0, width, height - 1)), (0, 1))
    filtered = ImageChops.subtract_modulo(image, above).tobytes()
    # Each row after its filter byte (2), as in `palette_png`, with its bytes as a
    # picture three times as wide.
    framed = PILImage.new("L", (3 * width + 1, height), 2)
    framed.paste(PILImage.frombytes("L", (3 * width, height), filtered), (1, 0))
    chunks = [_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))]
    chunks += [_chunk(b"iTXt", _itxt(key, value)) for key, value in text.items()]
    chunks += [_chunk(b"IDAT", bytes(deflate.zlib_compress(framed.tobytes(), LEVEL))),
               _chunk(b"IEND", b"")]
    return _SIGNATURE + b"".join(chunks)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data)))


# Texts shorter than this are stored as they are: compressing them saves nothing.
_WORTH_COMPRESSING = 120


def _itxt(key: str, value: str) -> bytes:
    """An iTXt chunk's data: keyword (Latin-1, as PNG requires), the compression flag and
    method, empty language and translated keyword, then the UTF-8 text."""
    text = value.encode("utf-8")
    packed = zlib.compress(text, 9) if len(text) >= _WORTH_COMPRESSING else text
    flag = b"\1\0" if len(packed) < len(text) else b"\0\0"
    return (key.encode("latin-1") + b"\0" + flag + b"\0\0"
            + (packed if flag == b"\1\0" else text))
