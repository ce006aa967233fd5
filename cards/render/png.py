"""A card as a file: PNG encoding (a palette where the colours allow) with text chunks, the
text a card carries and reading it back, the alt text, the file name, and where each card
of a command goes.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from cards._version import __version__
from cards.errors import InputError, NotACardError, OptionError, named
from cards.files import read_bounded, write_atomic
from cards.quotes.style import parse_emphasis

if TYPE_CHECKING:
    from PIL.Image import Image

    from cards.render.spec import CardSpec


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


UNVERIFIED_WARNING = "The quote was not verified against the article."


def card_text(spec: CardSpec, verified: bool, digest: str, alt: str) -> dict[str, str]:
    """The text a card's file carries, key by key (`read_card_text` gives it back).

    First PNG's own keywords, which any viewer shows: the headline (Title), the quote as
    shown (Description), the QR code's link (Source), the speaker (Author), the tool
    (Software), the alt text (Comment) and, for a quote the article does not hold, a
    Warning. Then what `cards inspect` and `cards audit` need: Verified (yes or no), the
    Article as given, the story's Article URL as the article states it, the Quote as it
    was checked (the article's own characters, emphasis marked), the Language, Template
    and Preset, and the Inputs digest that the file name carries too.
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
        text["Article"] = spec.origin.article
        if spec.origin.article_url:
            text["Article URL"] = spec.origin.article_url
        text["Quote"] = spec.origin.quote
    text["Language"] = spec.lang
    text["Template"] = spec.template.name
    text["Preset"] = spec.preset
    text["Inputs digest"] = digest
    return text


# A card is a PNG of a few hundred kilobytes (a photo card at the story size, a few MB):
# anything far larger is not one, and is refused before it is read or decoded.
MAX_CARD_MB = 32
MAX_CARD_PIXELS = 16_000_000
# The files `read_card_text` reads, for a command that looks for cards in a folder.
CARD_SUFFIXES = (".png",)
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_OTHER_KINDS = ((b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
                (b"%PDF", "a PDF document"), (b"II*\x00", "a TIFF image"),
                (b"MM\x00*", "a TIFF image"))


def read_card_text(path: Path) -> dict[str, str]:
    """The text a card made by cards carries (see `card_text`), read from its file.

    Anything else is an `InputError` naming the file: one that is not there, cannot be
    read, or is cut short or damaged (every chunk is checked to the end); and among
    those, a `NotACardError` for a whole file that is not a card (not a PNG, a PNG that
    cards did not make, one larger than any card).
    """
    data, size = read_bounded(path, MAX_CARD_MB * 1_000_000, "card")
    if size > MAX_CARD_MB * 1_000_000:
        raise NotACardError(f"{path} is {size / 1_000_000:,.0f} MB, larger than any card (at"
                            f" most {MAX_CARD_MB} MB); not a card made by cards")
    if not data.startswith(_PNG_SIGNATURE):
        kind = _kind(data)
        raise NotACardError(f"{path}: {kind}, not a card made by cards (cards are PNG files)"
                            if kind else f"{path}: not a PNG file, so not a card made by cards")
    from PIL import PngImagePlugin  # lazy: keeps start-up fast

    try:
        with PngImagePlugin.PngImageFile(io.BytesIO(data)) as image:
            image.verify()  # every chunk whole, to the end: nothing cut short or changed
        with PngImagePlugin.PngImageFile(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_CARD_PIXELS:
                raise NotACardError(f"{path}: {width} × {height} pixels, larger than any"
                                    " card; not a card made by cards")
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
    if not text.get("Software", "").startswith("cards "):
        raise NotACardError(f"{path}: a PNG, but not a card made by cards (it carries no"
                            " card text)")
    return text


def is_verified(text: Mapping[str, str]) -> bool:
    """Whether a card's quote was found in its article when it was made (a card made
    before cards wrote Verified says so by its Warning)."""
    return text.get("Verified", "no" if "Warning" in text else "yes") == "yes"


def checked_quote(text: Mapping[str, str]) -> str:
    """The quote a card was checked with: its Quote, the article's own characters (a card
    made before cards wrote it has only the quote as shown, in its marks)."""
    return text.get("Quote") or text.get("Description", "")


def _kind(data: bytes) -> str | None:
    """What a file that is not a PNG is, where its first bytes tell."""
    if not data:
        return "an empty file"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "a WebP image"
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


def write_card(png: bytes, path: Path, alt_text: str | None = None) -> None:
    """Write a card's PNG, and its alt text beside it as NAME.txt when given."""
    write_atomic(path, png)
    if alt_text is not None:
        write_atomic(path.with_suffix(".txt"), (alt_text + "\n").encode("utf-8"))


def slugify(text: str, limit: int = 48) -> str:
    """Lower-case ASCII words joined by hyphens, cut at a word boundary."""
    # Apostrophes join their word ("Zoë's" is "zoes", not "zoe-s").
    plain = re.sub(r"['’]", "", text)
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    if not any(c.isalpha() for c in "".join(words)):
        return "card"  # a headline in a script without Latin letters: "2" says nothing
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "card"


def inputs_digest(*parts: str | None) -> str:
    """A short hash of everything that decides a card's bytes."""
    h = hashlib.sha256()
    for part in parts:
        h.update(b"\x00" if part is None else part.encode("utf-8") + b"\x01")
    return h.hexdigest()[:8]


def card_filename(headline: str | None, quote: str, digest: str, preset: str,
                  template: str = "") -> str:
    """Headline slug, template (so one folder can hold several designs and a person can
    tell them apart), hash, preset."""
    design = f"-{slugify(template, 24)}" if template else ""
    return f"{slugify(headline or quote)}{design}-{digest}-{preset}.png"


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


def plan_outputs(
    out: str, names: list[str], is_dir: Callable[[Path], bool] = Path.is_dir
) -> list[Path | None]:
    """Where each card goes: `-` is stdout (one card only), a path ending in .png is that
    file (one card only), anything else a folder, created when missing, that holds
    every card under its default name. `is_dir` is passed in so this can be tested."""
    if out == "-":
        if len(names) != 1:
            raise OptionError(
                f"{named('out')} - writes one card to stdout, but {len(names)} sizes were"
                " asked; give a folder", field="out"
            )
        return [None]
    path = Path(out)
    if path.suffix.lower() in (".jpg", ".jpeg", ".webp", ".gif", ".svg", ".pdf", ".txt"):
        raise OptionError(f"{named('out')} {out}: cards are PNG files; name a .png file or a"
                          " folder", field="out")
    if path.suffix.lower() == ".png" and not is_dir(path):
        if len(names) != 1:
            raise OptionError(
                f"{named('out')} {out} names one file, but {len(names)} sizes were asked;"
                " give a folder", field="out"
            )
        return [path]
    return [path / name for name in names]
