"""The font registry: bundled fonts by name, glyph coverage, and cached Pillow fonts."""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import FontError
from .resources import bundled_dir

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

FONT_SUFFIXES = (".ttf", ".otf")


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


# Sizes repeat across cards (the fit search probes the same few), and building a
# FreeTypeFont costs far more than measuring with one: keep every (font, size) pair.
@lru_cache(maxsize=512)
def get_font(name: str, size: int) -> FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(font_path(name)), size)


COVERAGE_FILE = "coverage.json"


def read_cmap(path: Path) -> frozenset[int]:
    """The code points a font file maps to a glyph, from its cmap, with fontTools."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(path, lazy=True) as font:
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
def coverage(name: str) -> frozenset[int]:
    """The code points the font maps to a glyph. Bundled fonts ship theirs, written by
    scripts/font_coverage.py (so a run need not import fontTools); a font whose file
    does not match its entry is read with fontTools."""
    path = font_path(name)
    key = path.relative_to(bundled_dir("fonts")).as_posix()
    entry = _shipped_coverage().get(key)
    if entry is not None and entry.get("bytes") == path.stat().st_size:
        return frozenset(cp for low, high in entry["ranges"] for cp in range(low, high + 1))
    return read_cmap(path)


# Characters that shape text but draw nothing of their own, so no font needs a glyph.
_INVISIBLE = frozenset({0x200B, 0x200C, 0x200D, 0x2060, 0xFE0E, 0xFE0F, 0x00AD})


# What the user can do about a character in each role, when the font lacks it.
_REMEDY = {
    "attribution": "give the name another way with --speaker",
    "site": "give the publication's name with --site",
}


def check_coverage(text: str, name: str, role: str) -> None:
    """Refuse text with a character the font cannot draw, rather than draw a box."""
    have = coverage(name)
    for char in text:
        cp = ord(char)
        if cp in have or cp in _INVISIBLE or char in "\n\t":
            continue
        label = unicodedata.name(char, "unnamed character")
        raise FontError(
            f"the {role} has U+{cp:04X} {label} ({char!r}), which font \"{name}\" cannot draw;"
            f" {_REMEDY.get(role, 'remove or replace that character')}"
        )
