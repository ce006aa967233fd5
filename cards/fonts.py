"""The font registry: faces, glyph coverage, fallback chains, and cached Pillow fonts.

A `Face` is one font in one file. Text is drawn in runs: each grapheme cluster goes to the
first face of the chain that covers it. The chain is the template's font for the role,
then the template's fallbacks, then the bundled fallbacks, then system fonts that
fontconfig offers for the character and the language.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FontError
from .resources import bundled_dir

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
COVERAGE_FILE = "coverage.json"


@dataclass(frozen=True)
class Face:
    """One font face: a bundled font by name, or a system font fontconfig found."""

    name: str
    path: Path
    index: int = 0  # the face within a collection (.ttc)
    strike: int | None = None  # the one pixel size a colour bitmap font (CBDT) draws at

    @property
    def color(self) -> bool:
        return self.strike is not None


@cache
def bundled_fonts() -> dict[str, Path]:
    """Every bundled font by name (its file name without the suffix, e.g. "Inter-Bold")."""
    root = bundled_dir("fonts")
    return {p.stem: p for p in sorted(root.rglob("*")) if p.suffix.lower() in FONT_SUFFIXES}


def font_path(name: str) -> Path:
    fonts = bundled_fonts()
    if name not in fonts:
        from difflib import get_close_matches

        near = get_close_matches(name, fonts, n=1)
        hint = f' (did you mean "{near[0]}"?)' if near else f" (bundled: {', '.join(fonts)})"
        raise FontError(f'no font "{name}"{hint}')
    return fonts[name]


@cache
def face(name: str) -> Face:
    """The bundled face called `name`."""
    return Face(name, font_path(name))


# Sizes repeat across cards (the fit search probes the same few), and building a
# FreeTypeFont costs far more than measuring with one: keep every (face, size) pair.
@lru_cache(maxsize=512)
def get_font(f: Face | str, size: int) -> FreeTypeFont:
    from PIL import ImageFont

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
        return frozenset(font["cmap"].getBestCmap())


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
    import json

    path = bundled_dir("fonts") / COVERAGE_FILE
    try:
        entries: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return entries


@cache
def coverage(f: Face | str) -> frozenset[int]:
    """The code points the face maps to a glyph. Bundled fonts ship theirs, written by
    scripts/font_coverage.py (so a run need not import fontTools); any other face, or
    a bundled file that does not match its entry, is read with fontTools once."""
    f = face(f) if isinstance(f, str) else f
    try:
        key = f.path.relative_to(bundled_dir("fonts")).as_posix()
    except ValueError:
        key = ""
    entry = _shipped_coverage().get(key)
    if entry is not None and entry.get("bytes") == f.path.stat().st_size:
        return frozenset(cp for low, high in entry["ranges"] for cp in range(low, high + 1))
    return read_cmap(f.path, f.index)


# Characters that shape text but draw nothing of their own, so no font needs a glyph:
# joiners, variation selectors, the soft hyphen, bidi controls, emoji tag characters.
_INVISIBLE = frozenset(
    [0x200B, 0x200C, 0x200D, 0x2060, 0x00AD, 0x200E, 0x200F, *range(0x202A, 0x202F),
     *range(0x2066, 0x206A), *range(0xFE00, 0xFE10), *range(0xE0020, 0xE0080),
     *range(0xE0100, 0xE01F0)]
)


def _needs(cluster: str) -> list[int]:
    return [ord(c) for c in cluster if ord(c) not in _INVISIBLE and c not in "\n\t"]


# The bundled faces tried after a template's own, by the style of the role's font, so a
# Hebrew name in a serif quote is set in a serif Hebrew.
BUNDLED_FALLBACKS: dict[str, tuple[str, ...]] = {
    "serif": ("NotoNaskhArabic-Regular", "NotoSerifHebrew-Regular",
              "NotoSerifDevanagari-Regular"),
    "sans": ("NotoSansArabic-Regular", "NotoSansHebrew-Regular",
             "NotoSansDevanagari-Regular"),
}
SERIF_FAMILIES = ("Vollkorn", "NotoSerif", "NotoNaskh")


def style_of(name: str) -> str:
    return "serif" if name.startswith(SERIF_FAMILIES) else "sans"


def chain(primary: str, fallbacks: tuple[str, ...] = ()) -> tuple[Face, ...]:
    """The bundled part of a role's chain: its font, the template's fallbacks, then the
    bundled fallbacks for its style (those present in this build)."""
    names = [primary, *fallbacks, *BUNDLED_FALLBACKS[style_of(primary)]]
    present = bundled_fonts()
    return tuple(face(n) for n in dict.fromkeys(names) if n == primary or n in present)


@dataclass(frozen=True)
class Run:
    text: str
    face: Face


# What the user can do about a character in each role, when no font has it.
_REMEDY = {
    "attribution": "give the name another way with --speaker",
    "site": "give the publication's name with --site",
}
# Scripts the bundled fonts leave to the system, and the Debian package that has them.
_SYSTEM_PACKAGES = (
    ((0x2E80, 0x9FFF), "fonts-noto-cjk"), ((0xAC00, 0xD7AF), "fonts-noto-cjk"),
    ((0xF900, 0xFAFF), "fonts-noto-cjk"), ((0xFF00, 0xFFEF), "fonts-noto-cjk"),
    ((0x20000, 0x3FFFF), "fonts-noto-cjk"), ((0x1F000, 0x1FAFF), "fonts-noto-color-emoji"),
    ((0x2600, 0x27BF), "fonts-noto-color-emoji"),
)


def _missing(cp: int, role: str, tried: list[Face]) -> FontError:
    char = chr(cp)
    label = unicodedata.name(char, "unnamed character")
    import shutil

    names = ", ".join(f.name for f in tried)
    if shutil.which("fc-match"):
        names += " and the system's fonts"
    remedy = _REMEDY.get(role, "remove or replace that character")
    package = next((p for (lo, hi), p in _SYSTEM_PACKAGES if lo <= cp <= hi), None)
    if package:
        remedy = f"install a font that has it (Debian: apt-get install {package}), or {remedy}"
    return FontError(
        f"the {role} has U+{cp:04X} {label} ({char!r}), which no font can draw (tried {names});"
        f" {remedy}"
    )


def split_runs(text: str, faces: tuple[Face, ...], role: str, lang: str = "") -> list[Run]:
    """Text cut into runs, each in the first face that covers all of its grapheme
    clusters; a base letter and its marks, or an emoji sequence, are never split.
    White space stays with the run it is in. A character no face covers, bundled or
    offered by the system, is an error that names it and the fonts tried."""
    first = coverage(faces[0])
    # Most text is wholly in the role's own font: no segmentation needed.
    if all(ord(c) in first or ord(c) in _INVISIBLE for c in text):
        return [Run(text, faces[0])]
    from uniseg.graphemecluster import grapheme_clusters  # type: ignore[import-untyped]

    from .sysfonts import system_face

    runs: list[Run] = []
    for cluster in grapheme_clusters(text):
        needed = _needs(cluster)
        # Spaces stay with the text around them, not with a colour emoji font.
        if runs and (not needed or cluster.isspace()) and not runs[-1].face.color \
                and _covers(runs[-1].face, needed):
            runs[-1] = Run(runs[-1].text + cluster, runs[-1].face)
            continue
        chosen = next((f for f in faces if _covers(f, needed)), None)
        if chosen is None and needed:
            chosen = system_face(cluster, lang, style_of(faces[0].name))
            if chosen is not None and not _covers(chosen, needed):
                chosen = None
        if chosen is None:
            tried = list(faces)
            missing = next(cp for cp in needed if not any(cp in coverage(f) for f in faces))
            raise _missing(missing, role, tried)
        if runs and runs[-1].face == chosen:
            runs[-1] = Run(runs[-1].text + cluster, chosen)
        else:
            runs.append(Run(cluster, chosen))
    return runs


def _covers(f: Face, needed: list[int]) -> bool:
    have = coverage(f)
    return all(cp in have for cp in needed)


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


def check_coverage(text: str, name: str, role: str) -> None:
    """Refuse text that no face of the role's chain can draw."""
    split_runs(text, chain(name), role)
