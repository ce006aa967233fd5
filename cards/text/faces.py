"""The font registry: faces, their glyph coverage, what a grapheme cluster needs of a face,
and cached Pillow fonts.

A `Face` is one font in one file. Coverage comes from each font's character map, read
once (and shipped precomputed for the bundled fonts); `runs` decides which face draws
each cluster.
"""

from __future__ import annotations

import json
import unicodedata
from difflib import get_close_matches
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from msgspec import Struct

from cards.errors import FontError
from cards.files import bundled_dir

if TYPE_CHECKING:
    from PIL.Image import Image
    from PIL.ImageFont import FreeTypeFont

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
COVERAGE_FILE = "coverage.json"


class Face(Struct, frozen=True):
    """One font face: a bundled font by name, a template's own font file, or a system
    font fontconfig found."""

    name: str
    path: Path
    index: int = 0  # the face within a collection (.ttc)
    strike: int | None = None  # the one pixel size a colour bitmap font (CBDT) draws at

    @property
    def color(self) -> bool:
        return self.strike is not None

    def __hash__(self) -> int:
        # Every cached advance hashes its face, about 45 times a size a quote is measured
        # at. The generated hash also hashed `path`, which pathlib does in Python: 0.44 µs
        # a face, 20 of the 47 µs a size took. Equal faces have equal names and indexes,
        # so this hash agrees with equality; two faces of one name in different files
        # only share a bucket.
        return hash((self.name, self.index))


@lru_cache(maxsize=4096)
def draws_ink(f: Face, char: str) -> bool:
    """Whether the face draws any ink for `char` (it has it): a damaged font can map a
    character to a glyph whose outline was cut off with the rest of the file. A bundled
    font as it was shipped (its size as recorded beside its coverage) draws every
    letter, figure, mark and symbol it maps: a test checks each one."""
    if f.color or not char.strip() or unicodedata.category(char)[0] not in "LNPS":
        return True  # a colour bitmap is drawn another way; a space draws nothing anyway
    if shipped_whole(f):
        return True
    # The box of what the glyph inks: a glyph with no outline has none (no height). Read
    # from the outline, not a drawing of it: 25 µs a character against 63.
    _, top, _, bottom = get_font(f, 48).getbbox(char)
    return bottom > top


def missing_ink(f: Face, text: str) -> str | None:
    """The first character of `text` the face has but draws no ink for, if any."""
    return next((c for c in dict.fromkeys(text) if not draws_ink(f, c)), None)


@cache
def bundled_fonts() -> dict[str, Path]:
    """Every bundled font by name (its file name without the suffix, e.g. "Inter-Bold")."""
    root = bundled_dir("fonts")
    return {p.stem: p for p in sorted(root.rglob("*")) if p.suffix.lower() in FONT_SUFFIXES}


def font_path(name: str) -> Path:
    fonts = bundled_fonts()
    if name not in fonts:

        near = get_close_matches(name, fonts, n=1)
        hint = f' (did you mean "{near[0]}"?)' if near else f" (bundled: {', '.join(fonts)})"
        raise FontError(f'no font "{name}"{hint}')
    return fonts[name]


def is_font_file(value: str) -> bool:
    """Whether a font value names a file (a template's own font) rather than a bundled
    font: it ends in a font suffix or holds a "/"."""
    return "/" in value or value.lower().endswith(FONT_SUFFIXES)


@cache
def face(name: str) -> Face:
    """The bundled face called `name`, or, for a path, the face in that file, named by
    the file's stem (templates give their own fonts as absolute paths once parsed)."""
    if is_font_file(name):
        path = Path(name)
        if not path.is_file():
            raise FontError(f"no font file {name}")
        return Face(path.stem, path.absolute())
    return Face(name, font_path(name))


# Sizes repeat across cards (the fit search probes the same few), and building a
# FreeTypeFont costs far more than measuring with one: keep every (face, size) pair.
@lru_cache(maxsize=512)
def get_font(f: Face | str, size: int) -> FreeTypeFont:
    from PIL import ImageFont  # lazy: keeps start-up fast

    f = face(f) if isinstance(f, str) else f
    # A colour bitmap font has glyphs at one size only; the layout scales its images.
    return ImageFont.truetype(str(f.path), f.strike or size, index=f.index)


def read_cmap(path: Path, index: int = 0) -> frozenset[int]:
    """The code points a font file maps to a glyph, from its cmap, with fontTools."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(path, lazy=True, fontNumber=index) as font:
        # Only the code points matter, not glyph names: placeholder names keep fontTools
        # from parsing the CFF or post table for them, a sixth of the cost.
        font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
        # A font with no Unicode cmap covers nothing: its characters fall to the chain.
        return frozenset(font["cmap"].getBestCmap() or ())


def to_ranges(points: frozenset[int]) -> list[list[int]]:
    ranges: list[list[int]] = []
    for cp in sorted(points):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return ranges


@cache
def _shipped_coverage() -> dict[str, Any]:
    path = bundled_dir("fonts") / COVERAGE_FILE
    try:
        entries: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entries


def _shipped_entry(f: Face) -> dict[str, Any] | None:
    """The face's entry in the bundled coverage, if it is a bundled font."""
    try:
        key = f.path.relative_to(bundled_dir("fonts")).as_posix()
    except ValueError:
        return None
    return _shipped_coverage().get(key)


@cache
def shipped_whole(f: Face) -> bool:
    """Whether the face is a bundled font of the size it was shipped at (not cut short)."""
    entry = _shipped_entry(f)
    try:
        return entry is not None and entry.get("bytes") == f.path.stat().st_size
    except OSError:
        return False


@cache
def coverage(f: Face | str) -> frozenset[int]:
    """The code points the face maps to a glyph. Bundled fonts ship theirs, written by
    scripts/font_coverage.py (so a run need not import fontTools); any other face, or
    a bundled file that does not match its entry, is read with fontTools once."""
    f = face(f) if isinstance(f, str) else f
    entry = _shipped_entry(f)
    if entry is not None and shipped_whole(f):
        return frozenset(cp for low, high in entry["ranges"] for cp in range(low, high + 1))
    return read_cmap(f.path, f.index)


# Characters that shape text but draw nothing of their own, so no font needs a glyph:
# joiners, variation selectors, the soft hyphen, bidi controls, emoji tag characters.
INVISIBLE = frozenset(
    [0x200B, 0x200C, 0x200D, 0x2060, 0x00AD, 0x200E, 0x200F, *range(0x202A, 0x202F),
     *range(0x2066, 0x206A), *range(0xFE00, 0xFE10), *range(0xE0020, 0xE0080),
     *range(0xE0100, 0xE01F0)]
)


def needs(cluster: str) -> list[int]:
    """The code points a face must have to draw a grapheme cluster: all but those that
    draw nothing (joiners, selectors, controls). The one test, for bundled and system
    faces alike."""
    return [ord(c) for c in cluster if ord(c) not in INVISIBLE and c not in "\n\t"]


Style = Literal["serif", "serif-bold", "sans", "sans-bold"]

SERIF_FAMILIES = ("Vollkorn", "NotoSerif", "NotoNaskh")
# Beside a semi-bold or bold sans (the attribution, the site name), a regular-weight
# Hebrew or Arabic name looks like a different role; Bold is the nearest bundled weight.
BOLD_WEIGHTS = ("SemiBold", "Bold", "Black")


def style_of(name: str) -> Style:
    """The style and weight a role's fallbacks are chosen for: a serif or a sans, regular
    or bold (semi-bold and black count as bold)."""
    bold = name.endswith(BOLD_WEIGHTS)
    if name.startswith(SERIF_FAMILIES):
        return "serif-bold" if bold else "serif"
    return "sans-bold" if bold else "sans"


@lru_cache(maxsize=256)
def x_height(f: Face, size: int) -> float:
    """The height of a lower-case x, or failing that of a capital H, or of the em."""
    font = get_font(f, size)
    scale = size / f.strike if f.strike else 1.0
    for probe in ("x", "H"):
        if ord(probe) in coverage(f):
            top = font.getbbox(probe, anchor="ls")[1]
            if top < 0:
                return -top * scale
    return size * 0.5


@lru_cache(maxsize=1024)
def cap_height(f: Face | str, size: int) -> float:
    """The height of a capital H at `size`, or of the em's top half where there is none
    (a CJK face): what the eye compares between two lines of type."""
    f = face(f) if isinstance(f, str) else f
    if f.strike or ord("H") not in coverage(f):
        return size * 0.7
    return float(-get_font(f, size).getbbox("H", anchor="ls")[1])


# Characters each script cannot do without: a face that has them all is listed as covering
# the script. Latin asks for accented letters too, since almost every language using it
# needs some.
SCRIPT_PROBES: dict[str, str] = {
    "Latin": "Aaéłőș", "Greek": "Ωω", "Cyrillic": "Жж", "Arabic": "\u0639\u0628",
    "Hebrew": "\u05D0\u05E9", "Devanagari": "\u0915\u093F", "Thai": "\u0E01\u0E32",
    "Han": "\u5B57",
    "Kana": "\u3042\u30A2", "Hangul": "\uD55C", "Emoji": "\U0001F600",
}


def scripts_of(f: Face | str) -> tuple[str, ...]:
    """The scripts of SCRIPT_PROBES that the face covers."""
    have = coverage(f)
    return tuple(s for s, probe in SCRIPT_PROBES.items() if all(ord(c) in have for c in probe))


def bundled_faces() -> list[tuple[Face, str]]:
    """Every bundled face with its file, relative to the fonts folder."""
    root = bundled_dir("fonts")
    return [(face(name), path.relative_to(root).as_posix())
            for name, path in bundled_fonts().items()]


# Colour emoji take their ink and this share of an em either side, not the font's cell:
# Noto Color Emoji's cells are 1.25 em wide whatever the design, so a narrow one (👵 is
# 100 of 136 px) left a gap as wide as a space before the comma after it. A letter's
# side bearing is about this much, so a comma sits as close to an emoji as to a word.
EMOJI_SIDE = 0.03


@lru_cache(maxsize=256)
def emoji_strike(f: Face, text: str) -> tuple[Image, int]:
    """`text` drawn by a colour bitmap font at its one size, cut to its ink with
    EMOJI_SIDE of an em either side, and the baseline's height in the picture. The
    width measured and the picture drawn are this one picture's."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw  # lazy: keeps start-up fast

    strike = f.strike or 0
    font = get_font(f, strike)
    ascent, descent = font.getmetrics()
    width = max(1, round(font.getlength(text)))
    picture = PILImage.new("RGBA", (width, ascent + descent), (0, 0, 0, 0))
    ImageDraw.Draw(picture).text((0, ascent), text, font=font, anchor="ls",
                                 embedded_color=True)
    ink = picture.getchannel("A").getbbox()
    if ink is None:
        return picture, ascent
    side = round(strike * EMOJI_SIDE)
    return picture.crop((ink[0] - side, 0, ink[2] + side, picture.height)), ascent
