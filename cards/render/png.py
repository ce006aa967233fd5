"""A card as a file: PNG (a palette where the colours allow) with text chunks, or JPEG
or WebP with the same text as XMP; reading that text back; the alt text, the file name,
and where each card of a command goes.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from cards.design.rules import MAX_IMAGE_PIXELS
from cards.errors import InputError, OptionError, named, reading
from cards.files import refuse_existing, write_atomic
from cards.render.xmp import read_xmp, xmp_packet

if TYPE_CHECKING:
    from PIL.Image import Image


# The formats a card can be written in, and each one's suffix for new files.
SUFFIX = {"png": ".png", "jpeg": ".jpg", "webp": ".webp"}

# Each format as people write it.
LABEL = {"png": "PNG", "jpeg": "JPEG", "webp": "WebP"}

# What a file name's suffix says it is.
FORMAT_OF_SUFFIX = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp"}

# --quality's default. At 90 a landscape photo card over a photograph is 164 KB in JPEG
# and 77 KB in WebP against 571 KB in PNG, its type without visible ringing at twice the
# size, and the QR code decodes from the file of every bundled design at every preset
# (tests/render/test_formats.py). A flat design is smaller as a PNG (34-118 KB against
# 84-160 KB in JPEG), which is why PNG stays the default.
DEFAULT_QUALITY = {"jpeg": 90, "webp": 90}

# zlib level 3 against the default 6, measured on a landscape palette card: 3.2 ms instead
# of 6.4 ms to encode, for a file a fifth larger (26 KB instead of 21 KB).
COMPRESS_LEVEL = 3


def encode_png(image: Image, text: Mapping[str, str]) -> bytes:
    """PNG bytes with `text` as iTXt chunks (UTF-8, so any script survives).

    A card on a flat background has few distinct colours; stored as a palette image it
    encodes several times faster and smaller. The palette is exact (built from the
    colours present), so nothing is lost; a card with more than 256 colours stays RGB.
    No time stamp is written, so the same card gives the same bytes.
    """
    from PIL import PngImagePlugin  # lazy: keeps start-up fast

    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_itxt(key, value)
    out = io.BytesIO()
    _as_palette(image).save(out, "PNG", pnginfo=info, compress_level=COMPRESS_LEVEL)
    return out.getvalue()


def _as_palette(image: Image) -> Image:
    if image.mode != "RGB":
        return image
    colors = image.getcolors(256)
    if colors is None:
        return image
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    palette: list[tuple[int, int, int]] = sorted(rgb for _, rgb in colors)  # type: ignore[misc]
    flat = [channel for rgb in palette for channel in rgb]
    reference = PILImage.new("P", (1, 1))
    reference.putpalette(flat + [0] * (768 - len(flat)))
    # With every colour of the image in the palette, quantizing maps each pixel to its
    # own colour; dither=NONE keeps it a pure lookup.
    return image.quantize(palette=reference, dither=PILImage.Dither.NONE)


def encode_card(image: Image, text: Mapping[str, str], format: str = "png",
                quality: int | None = None) -> bytes:
    """The card's file in `format` (see `check_format`), carrying `text`: as iTXt chunks
    in a PNG, as XMP in a JPEG or WebP. The same card gives the same bytes in each."""
    if format == "png":
        return encode_png(image, text)
    out = io.BytesIO()
    rgb = image.convert("RGB")
    if format == "jpeg":
        # Colour kept at full resolution (4:4:4): halved, as JPEG does by default, it
        # smears coloured type on a coloured ground (bold's), for a file a fifth smaller.
        rgb.save(out, "JPEG", quality=quality, subsampling=0, optimize=True,
                 xmp=xmp_packet(text))
    else:
        # method 4 (libwebp's default) is within 2% of the smallest file (6) at half
        # the time: 35 ms against 72 ms for a landscape card.
        rgb.save(out, "WEBP", quality=quality, method=4, xmp=xmp_packet(text))
    return out.getvalue()


def format_name(format: str | None) -> str:
    """png, jpeg or webp (jpg is jpeg; none given is png)."""
    name = (format or "png").strip().lower()
    name = "jpeg" if name == "jpg" else name
    if name not in SUFFIX:
        raise OptionError(f"{named('format')}: no image format {format!r}; choose png, jpeg"
                          " or webp", field="format")
    return name


def check_format(format: str | None, quality: int | None) -> tuple[str, int | None]:
    """The file format (see `format_name`) and the quality it is written at (None for
    PNG, which is lossless)."""
    name = format_name(format)
    if name == "png":
        if quality is not None:
            raise OptionError(
                f"{named('quality')} is for JPEG and WebP; a PNG is lossless (set"
                f" {named('format')} to jpeg or webp, or leave {named('quality')} out)",
                field="quality")
        return name, None
    if quality is None:
        return name, DEFAULT_QUALITY[name]
    if not 1 <= quality <= 100:
        raise OptionError(f"{named('quality')}: {quality} is not from 1 to 100",
                          field="quality")
    return name, quality


def read_card_text(path: Path | str) -> dict[str, str]:
    """The text a card carries (Title, Description, Source, Author, Software, Comment,
    Digest, and Warning for an unverified quote), from a PNG's text chunks or a JPEG's
    or WebP's XMP; {} for an image without any. A file that is not a PNG, JPEG or WebP,
    or cannot be read, is an `InputError` naming it."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import PngImagePlugin

    with reading(f"{path}"), PILImage.open(path) as image:
        if isinstance(image, PngImagePlugin.PngImageFile):
            # Text chunks may follow the pixels, so all of them are read only by
            # decoding those: first make sure there are not too many.
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise InputError(f"{path}: {image.width} x {image.height} pixels is no card")
            return {str(key): str(value) for key, value in image.text.items()}
        if image.format in ("JPEG", "WEBP"):
            packet = image.info.get("xmp")
            return read_xmp(packet) if isinstance(packet, bytes) and packet else {}
        raise InputError(f"{path}: a {image.format} image; cards are PNG, JPEG or WebP files")


def alt_text(quote: str, speaker: str | None, headline: str | None, site: str | None) -> str:
    """Alt text for screen readers: what the card says, in one sentence."""
    text = f"Quote card: {quote}"
    if speaker:
        text += f" — {speaker}"
    context = []
    if headline:
        context.append(f"in ‘{headline}’")
    if site:
        context.append(site)
    if context:
        text += ", " + ", ".join(context)
    return text.rstrip(".") + "."


def slugify(text: str, limit: int = 48, words: int | None = None) -> str:
    """Lower-case ASCII words joined by hyphens, at most `words` of them, cut at a word
    boundary within `limit` characters."""
    # Apostrophes join their word ("Zoë's" is "zoes", not "zoe-s").
    plain = re.sub(r"['’]", "", text)
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    found = re.findall(r"[a-z0-9]+", plain.lower())[:words]
    if not any(c.isalpha() for c in "".join(found)):
        return "card"  # a quote in a script without Latin letters: "2" says nothing
    slug = ""
    for word in found:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "card"


def inputs_digest(*parts: str | None) -> str:
    """A hash (SHA-256, in hex) of everything that decides a card's bytes."""
    h = hashlib.sha256()
    for part in parts:
        h.update(b"\x00" if part is None else part.encode("utf-8") + b"\x01")
    return h.hexdigest()


# The hash's share of a file name. Short, because a person reads the name; a clash of
# two cards with the same first words, design and preset is caught whole by the
# Digest the card carries (see `is_card`).
NAME_DIGEST = 6


def card_filename(quote: str, template: str, preset: str, digest: str,
                  format: str = "png", stem: str | None = None) -> str:
    """What a person looks for first: the quote's first words (or `stem`), the design,
    the preset; then a short hash of everything that makes the card, and the format's
    suffix. `we-missed-the-sound-of-the-classic-landscape-3fa9c1.png`."""
    lead = slugify(stem) if stem else slugify(quote, limit=40, words=6)
    return (f"{lead}-{slugify(template, 24)}-{preset}-{digest[:NAME_DIGEST]}"
            f"{SUFFIX[format]}")


def is_card(path: Path, digest: str) -> bool:
    """Whether `path` is the card whose inputs hash to `digest`: a file there under the
    same name may be another card (the name keeps only part of the hash) or a file cut
    short; then it is not."""
    if not path.is_file():
        return False
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    try:
        with reading(f"{path}"), PILImage.open(path) as image:
            kind = str(image.format)
            if kind == "PNG":
                # cards writes its text before the pixels, where opening the file reads
                # it: 0.05 ms a card, against up to 15 ms (a photo card) to decode the
                # pixels for every chunk, as read_card_text does.
                carried = image.info.get("Digest")
            else:
                carried = read_card_text(path).get("Digest")
        return carried == digest and _whole(path, kind)
    except InputError:
        return False


def _whole(path: Path, kind: str) -> bool:
    """Whether a PNG, JPEG or WebP file ends where its format says it ends: a file cut
    short (a full disk, a copy interrupted) does not."""
    with path.open("rb") as f:
        head = f.read(12)
        size = f.seek(0, os.SEEK_END)
        f.seek(max(0, size - 12))
        tail = f.read()
    if kind == "PNG":
        return tail == b"\x00\x00\x00\x00IEND\xaeB`\x82"
    if kind == "JPEG":
        return tail.endswith(b"\xff\xd9")
    return head[:4] == b"RIFF" and int.from_bytes(head[4:8], "little") + 8 == size


def output_format(out: str, format: str | None,
                  is_dir: Callable[[Path], bool] = Path.is_dir) -> str | None:
    """The format `--out` and `--format` ask for: `format`, else the one the name of
    an `out` file says (card.jpg is JPEG), else None (the default, PNG). A name that
    says another format than `format` is an error."""
    if out == "-" or out.endswith(("/", os.sep)) or is_dir(Path(out)):
        return format
    path = Path(out)
    implied = FORMAT_OF_SUFFIX.get(path.suffix.lower())
    if implied is None or format is None:
        return format or implied
    wanted = format_name(format)
    if wanted != implied:
        raise OptionError(
            f"{named('out')} {out} names a {LABEL[implied]} file, but {named('format')} is"
            f" {format}; name it {path.with_suffix(SUFFIX[wanted])}, or leave out"
            f" {named('format')}", field="out")
    return format


def plan_outputs(out: str, names: list[str], format: str = "png",
                 is_dir: Callable[[Path], bool] = Path.is_dir) -> list[Path | None]:
    """Where each card goes. `-` is stdout (one card only); a path ending in / or an
    existing folder holds every card under its default name (the folder is created
    when missing); a .png, .jpg or .webp name is that file (one card only). Any other
    name is refused: a name without a suffix might be meant as either. `is_dir` is
    passed in so this can be tested."""
    if out == "-":
        if len(names) != 1:
            raise OptionError(
                f"{named('out')} - writes one card to stdout, but {len(names)} sizes were"
                " asked; give a folder", field="out")
        return [None]
    path = Path(out)
    if out.endswith(("/", os.sep)) or is_dir(path):
        return [path / name for name in names]
    suffix = path.suffix.lower()
    if not suffix and os.path.lexists(path):
        raise OptionError(
            f"{named('out')} {out}: {out} is there and is not a folder; name a .png, .jpg"
            " or .webp file, or a folder", field="out")
    if not suffix:
        if len(names) != 1:
            raise OptionError(
                f"{named('out')} {out}: {len(names)} cards need a folder, and there is no"
                f" folder {out}; end it with / ({out}/) to make one", field="out")
        raise OptionError(
            f"{named('out')} {out}: no such folder, and no file suffix; name it"
            f" {out}{SUFFIX[format]}, or end it with / for a folder", field="out")
    if suffix not in FORMAT_OF_SUFFIX:
        raise OptionError(
            f"{named('out')} {out}: cards are .png, .jpg or .webp files; name one of those,"
            " or end it with / for a folder", field="out")
    if len(names) != 1:
        raise OptionError(
            f"{named('out')} {out} names one file, but {len(names)} sizes were asked; give"
            " a folder (end it with /)", field="out")
    return [path]


def card_files(path: Path, data: bytes, alt: str, with_alt_text: bool
               ) -> list[tuple[Path, bytes]]:
    """The files one card makes at `path`: the card, and its alt text beside it as
    NAME.txt when asked, or when a NAME.txt is there already: an earlier card's alt text
    is never left beside another card."""
    files = [(path, data)]
    beside = path.with_suffix(".txt")
    if with_alt_text or beside.is_file():
        files.append((beside, (alt + "\n").encode("utf-8")))
    return files


def write_files(files: list[tuple[Path, bytes]], clobber: bool = True) -> None:
    """Write each file whole. Without `clobber`, a file already there is refused before
    any is written (and, should one appear meanwhile, is not replaced)."""
    if not clobber:
        refuse_existing([path for path, _ in files])
    for path, data in files:
        write_atomic(path, data, clobber=clobber)
