"""A card as a file: PNG encoding (a palette where the colours allow) with text chunks, the
alt text, the file name, and where each card of a command goes.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from cards.errors import OptionError, named
from cards.files import write_atomic

if TYPE_CHECKING:
    from PIL.Image import Image


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
