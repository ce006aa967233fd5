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

from cards._version import __version__
from cards.errors import InputError, NotACardError, OptionError, named
from cards.files import read_bounded, refuse_existing, write_atomic
from cards.quotes.style import parse_emphasis

if TYPE_CHECKING:
    from PIL.Image import Image

    from cards.render.spec import CardSpec


# The formats a card can be written in, and each one's suffix for new files.
SUFFIX = {"png": ".png", "jpeg": ".jpg", "webp": ".webp"}

# Each format as people write it.
LABEL = {"png": "PNG", "jpeg": "JPEG", "webp": "WebP"}

# What a file name's suffix says it is.
FORMAT_OF_SUFFIX = {".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".webp": "webp"}

# --quality's default. At 90 a landscape photo card over a photograph is 165 KB in JPEG
# and 79 KB in WebP against 571 KB in PNG, its type without visible ringing at twice the
# size, and the QR code decodes from the file of every bundled design at every preset
# (tests/render/test_formats.py). A flat design is smaller as a PNG (25-120 KB against
# 100-160 KB in JPEG), which is why PNG stays the default.
DEFAULT_QUALITY = {"jpeg": 90, "webp": 90}

# zlib's level for the images Pillow still writes (not a card's: `pngfile` writes a
# palette card and a full-colour one, with libdeflate): 3 against the default 6 was 12 ms
# against 17 ms on a landscape night card, for a file a tenth larger.
COMPRESS_LEVEL = 3


def encode_png(image: Image, text: Mapping[str, str]) -> bytes:
    """PNG bytes with `text` as iTXt chunks (UTF-8, so any script survives).

    A card on a flat background has few distinct colours; stored as a palette image it
    encodes several times faster and smaller (see `pngfile`). The palette is exact
    (built from the colours present), so nothing is lost; a card with more than 256
    colours stays RGB, which `pngfile` writes too. No time stamp is written, so the same
    card gives the same bytes.
    """
    from cards.render.pngfile import palette_png, rgb_png, writable  # lazy: start-up

    image = _as_palette(image)
    if writable(image):
        return palette_png(image, text)
    if image.mode == "RGB":
        return rgb_png(image, text)
    from PIL import PngImagePlugin  # lazy: a flat card never needs it

    info = PngImagePlugin.PngInfo()
    for key, value in text.items():
        info.add_itxt(key, value)
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info, compress_level=COMPRESS_LEVEL)
    return out.getvalue()


UNVERIFIED_WARNING = "The quote was not verified against the article."


def card_text(spec: CardSpec, verified: bool, digest: str, alt: str) -> dict[str, str]:
    """The text a card's file carries, key by key (`read_card_text` gives it back): as
    text chunks in a PNG, as XMP in a JPEG or WebP.

    First PNG's own keywords, which any viewer shows: the headline (Title), the quote as
    shown (Description), the QR code's link (Source), the speaker (Author), the tool
    (Software), the alt text (Comment) and, for a quote the article does not hold, a
    Warning. Then what `cards inspect` and `cards audit` need: Verified (yes or no), the
    Article as given, the story's Article URL as the article states it, the Quote as it
    was checked (the article's own characters, emphasis marked), the Language, Template
    and Preset, and the Inputs digest (of everything that makes the file), which the
    file name begins.
    """
    text = {"Title": spec.headline or "", "Description": parse_emphasis(spec.quote)[0]}
    if spec.url:
        text["Source"] = spec.url
    if spec.speaker:
        text["Author"] = spec.speaker
    text["Software"] = f"cards {__version__}"
    text["Comment"] = alt
    if not verified:
        text["Warning"] = UNVERIFIED_WARNING
    text["Verified"] = "yes" if verified else "no"
    if spec.origin is not None:
        text["Article"] = _shareable(spec.origin.article)
        if spec.origin.article_url:
            text["Article URL"] = spec.origin.article_url
        text["Quote"] = spec.origin.quote
    text["Language"] = spec.lang
    text["Template"] = spec.template.name
    text["Preset"] = spec.preset
    text["Inputs digest"] = digest
    return {key: _writable(value) for key, value in text.items()}


def _writable(value: str) -> str:
    """`value` as UTF-8 can hold it. A file name that is not UTF-8 (café.md saved in
    Latin-1) reaches Python with its odd bytes as lone surrogates, which no UTF-8 writer
    takes: each becomes U+FFFD, as a file manager shows it."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        try:
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:  # a lone surrogate no file name made
            return value.encode("utf-8", "replace").decode("utf-8")


def _shareable(article: str) -> str:
    """The article as a card may carry it into the world: a URL as it is, a file by its
    path from the folder the command ran in, or by its name alone when it lies outside
    that folder. A posted card does not show /Users/jane/Desktop/…"""
    if "://" in article or article == "-":
        return article
    path = Path(article)
    if not path.is_absolute():
        return article
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return path.name


# A card is a file of a few hundred kilobytes (a photo card at the story size, a few MB):
# anything far larger is not one, and is refused before it is read or decoded.
MAX_CARD_MB = 32
MAX_CARD_PIXELS = 16_000_000
# The files `read_card_text` reads, for a command that looks for cards in a folder.
CARD_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"
_OTHER_KINDS = ((b"GIF8", "a GIF image"), (b"%PDF", "a PDF document"),
                (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"))


def read_card_text(path: Path) -> dict[str, str]:
    """The text a card made by cards carries (see `card_text`), read from its file: a
    PNG's text chunks, a JPEG's or WebP's XMP.

    Anything else is an `InputError` naming the file: one that is not there, cannot be
    read, or is cut short or damaged (a PNG's every chunk is checked to the end, a JPEG
    or WebP must end where its format says); and among those, a `NotACardError` for a
    whole file that is not a card (not a PNG, JPEG or WebP, one cards did not make, one
    larger than any card).
    """
    data, size = read_bounded(path, MAX_CARD_MB * 1_000_000, "card")
    if size > MAX_CARD_MB * 1_000_000:
        raise NotACardError(f"{path} is {size / 1_000_000:,.0f} MB, larger than any card (at"
                            f" most {MAX_CARD_MB} MB); not a card made by cards")
    if data.startswith(_PNG_SIGNATURE):
        text = _png_text(path, data)
    elif data.startswith(_JPEG_SIGNATURE) or _is_webp(data):
        text = _xmp_text(path, data)
    else:
        kind = _kind(data)
        raise NotACardError(f"{path}: {kind}, not a card made by cards (cards are PNG, JPEG"
                            " or WebP files)" if kind else
                            f"{path}: not a PNG, JPEG or WebP file, so not a card made by cards")
    if not text.get("Software", "").startswith("cards "):
        kind = "a PNG" if data.startswith(_PNG_SIGNATURE) else (
            "a WebP" if _is_webp(data) else "a JPEG")
        raise NotACardError(f"{path}: {kind}, but not a card made by cards (it carries no"
                            " card text)")
    return text


def _png_text(path: Path, data: bytes) -> dict[str, str]:
    from PIL import PngImagePlugin  # lazy: keeps start-up fast

    try:
        with PngImagePlugin.PngImageFile(io.BytesIO(data)) as image:
            image.verify()  # every chunk whole, to the end: nothing cut short or changed
        with PngImagePlugin.PngImageFile(io.BytesIO(data)) as image:
            _check_pixels(path, *image.size)
            # cards writes its text before the picture, where opening the file reads it;
            # only a file without it is decoded, for text another tool put after.
            text = {str(k): v for k, v in image.info.items() if isinstance(v, str)}
            if "Software" not in text:
                text = {key: str(value) for key, value in image.text.items()}
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - whatever Pillow raises for a broken file
        raise InputError(f"{path}: a PNG file that is cut short or damaged; it cannot be"
                         " read as a card") from e
    return text


def _xmp_text(path: Path, data: bytes) -> dict[str, str]:
    """A JPEG's or WebP's card text, from its XMP, which opening the file reads: the
    picture is not decoded."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast

    kind = "WebP" if _is_webp(data) else "JPEG"
    # A file cut short loses its end: a JPEG its end-of-image mark, a WebP the size its
    # RIFF header promised.
    whole = (int.from_bytes(data[4:8], "little") + 8 == len(data) if kind == "WebP"
             else data.rstrip(b"\x00").endswith(b"\xff\xd9"))
    try:
        if not whole:
            raise ValueError("cut short")
        with PILImage.open(io.BytesIO(data), formats=[kind.upper()]) as image:
            _check_pixels(path, *image.size)
            packet = image.info.get("xmp")
        from cards.render.xmp import read_xmp  # lazy: only JPEG and WebP carry XMP

        return read_xmp(packet) if isinstance(packet, bytes) and packet else {}
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - whatever Pillow or the XML parser raises
        raise InputError(f"{path}: a {kind} file that is cut short or damaged; it cannot be"
                         " read as a card") from e


def _check_pixels(path: Path, width: int, height: int) -> None:
    if width * height > MAX_CARD_PIXELS:
        raise NotACardError(f"{path}: {width} × {height} pixels, larger than any card; not a"
                            " card made by cards")


def _is_webp(data: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def is_verified(text: Mapping[str, str]) -> bool:
    """Whether a card's quote was found in its article when it was made (a card made
    before cards wrote Verified says so by its Warning)."""
    return text.get("Verified", "no" if "Warning" in text else "yes") == "yes"


def checked_quote(text: Mapping[str, str]) -> str:
    """The quote a card was checked with: its Quote, the article's own characters (a card
    made before cards wrote it has only the quote as shown, in its marks)."""
    return text.get("Quote") or text.get("Description", "")


def _kind(data: bytes) -> str | None:
    """What a file that is not a card's format is, where its first bytes tell."""
    if not data:
        return "an empty file"
    return next((kind for magic, kind in _OTHER_KINDS if data.startswith(magic)), None)


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
    from cards.render.xmp import xmp_packet  # lazy: only JPEG and WebP carry XMP

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


def alt_text(quote: str, speaker: str | None, headline: str | None, site: str | None,
             verified: bool = True) -> str:
    """Alt text for screen readers: what the card says, in one sentence. A card whose
    quote was not found in the article says so first: the editor who posts it reads
    this line, and takes it out knowingly or not at all."""
    text = "Quote card" + ("" if verified else " (quote not verified against the article)")
    text += f": {quote}"
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
# two cards with the same first words, design and preset is caught by the whole hash,
# the Inputs digest the card carries (see `is_card`).
NAME_DIGEST = 6


def card_filename(quote: str, template: str, preset: str, digest: str,
                  format: str = "png", stem: str | None = None, verified: bool = True) -> str:
    """What a person looks for first: the quote's first words (or `stem`), the design,
    the preset; then a short hash of everything that makes the card, and the format's
    suffix. `we-missed-the-sound-of-the-classic-landscape-3fa9c1.png`. A card whose
    quote is not in the article says so at the start: `unverified-we-missed-…`."""
    lead = slugify(stem) if stem else slugify(quote, limit=40, words=6)
    mark = "" if verified else "unverified-"
    return (f"{mark}{lead}-{slugify(template, 24)}-{preset}-{digest[:NAME_DIGEST]}"
            f"{SUFFIX[format]}")


def is_card(path: Path, digest: str) -> bool:
    """Whether `path` is the card whose inputs hash to `digest`, whole: a file there
    under the same name may be another card (the name keeps only part of the hash), a
    file cut short, or not a card at all; then it is not. The picture is not decoded."""
    try:
        return read_card_text(path).get("Inputs digest") == digest
    except InputError:
        return False


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
