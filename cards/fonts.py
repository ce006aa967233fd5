"""The font registry: faces, glyph coverage, fallback chains, and cached Pillow fonts.

A `Face` is one font in one file. Text is drawn in runs: each grapheme cluster goes to the
first face of the chain that covers it. The chain is the template's font for the role,
then the template's fallbacks, then the bundled fallbacks, then system fonts that
fontconfig offers for the character and the language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import FontError
from .resources import bundled_dir

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")
COVERAGE_FILE = "coverage.json"


@dataclass(frozen=True)
class Face:
    """One font face: a bundled font by name, a template's own font file, or a system
    font fontconfig found."""

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


Style = Literal["serif", "sans", "sans-bold"]

# The bundled faces tried after a template's own, by the style of the role's font, so a
# Hebrew name in a serif quote is set in a serif Hebrew.
BUNDLED_FALLBACKS: dict[Style, tuple[str, ...]] = {
    "serif": ("NotoNaskhArabic-Regular", "NotoSerifHebrew-Regular",
              "NotoSerifDevanagari-Regular"),
    "sans": ("NotoSansArabic-Regular", "NotoSansHebrew-Regular",
             "NotoSansDevanagari-Regular"),
    "sans-bold": ("NotoSansArabic-Bold", "NotoSansHebrew-Bold", "NotoSansDevanagari-Bold"),
}
SERIF_FAMILIES = ("Vollkorn", "NotoSerif", "NotoNaskh")
# Beside a semi-bold or bold sans (the attribution, the site name), a regular-weight
# Hebrew or Arabic name looks like a different role; Bold is the nearest bundled weight.
BOLD_WEIGHTS = ("SemiBold", "Bold", "Black")


def style_of(name: str) -> Style:
    if name.startswith(SERIF_FAMILIES):
        return "serif"
    return "sans-bold" if name.endswith(BOLD_WEIGHTS) else "sans"


@lru_cache(maxsize=64)
def chain(primary: str, fallbacks: tuple[str, ...] = ()) -> tuple[Face, ...]:
    """The bundled part of a role's chain: its font, the template's fallbacks, then the
    bundled fallbacks for its style (those present in this build). Font files count as
    present: the template's parsing checked them."""
    names = [primary, *fallbacks, *BUNDLED_FALLBACKS[style_of(face(primary).name)]]
    present = bundled_fonts()
    return tuple(face(n) for n in dict.fromkeys(names)
                 if n == primary or n in present or is_font_file(n))


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


def char_label(char: str) -> str:
    """How messages and `cards fonts check` name a character: "U+05D0 HEBREW LETTER ALEF"."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def system_package(cp: int) -> str | None:
    """The Debian package with a system font for `cp`, for scripts not bundled."""
    return next((p for (lo, hi), p in _SYSTEM_PACKAGES if lo <= cp <= hi), None)


def _missing(cluster: str, needed: list[int], role: str, tried: list[Face]) -> FontError:
    names = ", ".join(f.name for f in tried)
    remedy = _REMEDY.get(role, "remove or replace that character")
    uncovered = [cp for cp in needed if not any(cp in coverage(f) for f in tried)]
    if not uncovered:
        # Each character has a font, but no one font has the letter with its marks, and
        # drawing them from two fonts would misplace the marks.
        labels = " + ".join(char_label(chr(cp)) for cp in needed)
        return FontError(f"the {role} has {cluster!r} ({labels}), which no one font can draw"
                         f" whole (tried {names}); {remedy}")
    cp = uncovered[0]
    package = system_package(cp)
    if package:
        remedy = f"install a font that has it (Debian: apt-get install {package}), or {remedy}"
    return FontError(
        f"the {role} has {char_label(chr(cp))} ({chr(cp)!r}), which no font can draw"
        f" (tried {names}); {remedy}"
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
            raise _missing(cluster, needed, role, list(faces))
        if runs and runs[-1].face == chosen:
            runs[-1] = Run(runs[-1].text + cluster, chosen)
        else:
            runs.append(Run(cluster, chosen))
    if lang.split("-")[0].lower() in ("zh", "ja", "ko"):
        runs = _cjk_punctuation(runs)
    return runs


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def _cjk_punctuation(runs: list[Run]) -> list[Run]:
    """In Chinese, Japanese and Korean, quotation marks and other punctuation beside CJK
    text take the CJK font, whose marks are full-width and sit as that text expects,
    rather than the narrow marks of the Latin font that happens to have them."""
    out: list[Run] = []
    for i, run in enumerate(runs):
        neighbours = [r for r in (runs[i - 1] if i else None,
                                  runs[i + 1] if i + 1 < len(runs) else None) if r]
        cjk = next((r.face for r in neighbours if _CJK.search(r.text)), None)
        if (cjk is not None and cjk != run.face and not _CJK.search(run.text)
                and all(unicodedata.category(c)[0] in "PZ" for c in run.text)
                and _covers(cjk, _needs(run.text))):
            run = Run(run.text, cjk)
        if out and out[-1].face == run.face:
            out[-1] = Run(out[-1].text + run.text, run.face)
        else:
            out.append(run)
    return out


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


# Characters each script cannot do without: a face that has them all is listed as covering
# the script. Latin asks for accented letters too, since almost every language using it
# needs some.
SCRIPT_PROBES: dict[str, str] = {
    "Latin": "Aaéłőș", "Greek": "Ωω", "Cyrillic": "Жж", "Arabic": "\u0639\u0628",
    "Hebrew": "\u05D0\u05E9", "Devanagari": "\u0915\u093F", "Han": "\u5B57",
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


def faces_by_char(text: str, font: str, lang: str = "") -> list[tuple[str, Face]]:
    """Each character of `text` but plain spaces, with the face that draws it: the first of
    `font`'s chain, then of the system's, that covers its whole grapheme cluster."""
    runs = split_runs(text, chain(font), "text", lang)
    return [(c, run.face) for run in runs for c in run.text if c != " "]
