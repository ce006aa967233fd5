"""Font runs: the fallback chain for a role, and text cut into runs each drawn by the first
face that covers all of its grapheme clusters, system fonts last. A character no face
can draw is an error that names it and the package that would."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from msgspec import Struct

from cards.errors import FontError, named
from cards.text import sysfonts  # the machine's fonts: one seam, replaced in tests
from cards.text.faces import (
    INVISIBLE,
    Face,
    Style,
    bundled_fonts,
    coverage,
    face,
    is_font_file,
    needs,
    style_of,
)

# The bundled faces tried after a template's own, by the style of the role's font, so a
# Hebrew name in a serif quote is set in a serif Hebrew.
BUNDLED_FALLBACKS: dict[Style, tuple[str, ...]] = {
    "serif": ("NotoNaskhArabic-Regular", "NotoSerifHebrew-Regular",
              "NotoSerifDevanagari-Regular", "NotoSerifThai-Regular"),
    "sans": ("NotoSansArabic-Regular", "NotoSansHebrew-Regular",
             "NotoSansDevanagari-Regular", "NotoSansThai-Regular"),
    "sans-bold": ("NotoSansArabic-Bold", "NotoSansHebrew-Bold", "NotoSansDevanagari-Bold",
                  "NotoSansThai-Bold"),
    # No bold serif of Arabic, Hebrew or Devanagari is bundled: beside a bold serif, the
    # weight matters more to the eye than the serifs, so the bold sans faces stand in.
    "serif-bold": ("NotoSansArabic-Bold", "NotoSansHebrew-Bold", "NotoSansDevanagari-Bold",
                   "NotoSerifThai-Bold"),
}


@lru_cache(maxsize=64)
def chain(primary: str, fallbacks: tuple[str, ...] = ()) -> tuple[Face, ...]:
    """The bundled part of a role's chain: its font, the template's fallbacks, then the
    bundled fallbacks for its style (those present in this build). Font files count as
    present: the template's parsing checked them."""
    names = [primary, *fallbacks, *BUNDLED_FALLBACKS[style_of(face(primary).name)]]
    present = bundled_fonts()
    return tuple(face(n) for n in dict.fromkeys(names)
                 if n == primary or n in present or is_font_file(n))


class Run(Struct, frozen=True):
    text: str
    face: Face


# What the user can do about a character in each role, when no font has it.
_REMEDY = {
    "attribution": f"give the name another way with {named('speaker')}",
    "site": f"give the publication's name with {named('site')}",
}

# Scripts the bundled fonts leave to the system, and the Debian package that has them.
_SYSTEM_PACKAGES = (
    ((0x2E80, 0x9FFF), "fonts-noto-cjk"), ((0xAC00, 0xD7AF), "fonts-noto-cjk"),
    ((0xF900, 0xFAFF), "fonts-noto-cjk"), ((0xFF00, 0xFFEF), "fonts-noto-cjk"),
    ((0x20000, 0x3FFFF), "fonts-noto-cjk"), ((0x1F000, 0x1FAFF), "fonts-noto-color-emoji"),
    ((0x2600, 0x27BF), "fonts-noto-color-emoji"),
    # Scripts written without spaces that cards sets with a system face (Debian's names).
    ((0x0E00, 0x0E7F), "fonts-thai-tlwg"), ((0x0E80, 0x0EFF), "fonts-lao"),
    ((0x1780, 0x17FF), "fonts-khmeros"), ((0x1000, 0x109F), "fonts-sil-padauk"),
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
    if all(ord(c) in first or ord(c) in INVISIBLE for c in text):
        return [Run(text, faces[0])]
    from uniseg.graphemecluster import grapheme_clusters  # type: ignore[import-untyped]


    runs: list[Run] = []
    for cluster in grapheme_clusters(text):
        needed = needs(cluster)
        # Spaces stay with the text around them, not with a colour emoji font.
        if runs and (not needed or cluster.isspace()) and not runs[-1].face.color \
                and _covers(runs[-1].face, needed):
            runs[-1] = Run(runs[-1].text + cluster, runs[-1].face)
            continue
        chosen = next((f for f in faces if _covers(f, needed)), None)
        if chosen is None and needed:
            chosen = sysfonts.system_face(cluster, lang, style_of(faces[0].name))
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


# CJK symbols, kana, ideographs, Hangul, compatibility ideographs and full-width forms.
# Tested code point by code point: as a regular expression's class, these ranges cost a
# cold command 2 ms to compile.
_CJK = ((0x3000, 0x30FF), (0x3400, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF),
        (0xFF00, 0xFFEF))


def _has_cjk(text: str) -> bool:
    return any(low <= ord(c) <= high for c in text for low, high in _CJK)


def _cjk_punctuation(runs: list[Run]) -> list[Run]:
    """In Chinese, Japanese and Korean, quotation marks and other punctuation beside CJK
    text take the CJK font, whose marks are full-width and sit as that text expects,
    rather than the narrow marks of the Latin font that happens to have them."""
    out: list[Run] = []
    for i, run in enumerate(runs):
        neighbours = [r for r in (runs[i - 1] if i else None,
                                  runs[i + 1] if i + 1 < len(runs) else None) if r]
        cjk = next((r.face for r in neighbours if _has_cjk(r.text)), None)
        if (cjk is not None and cjk != run.face and not _has_cjk(run.text)
                and all(unicodedata.category(c)[0] in "PZ" for c in run.text)
                and _covers(cjk, needs(run.text))):
            run = Run(run.text, cjk)
        if out and out[-1].face == run.face:
            out[-1] = Run(out[-1].text + run.text, run.face)
        else:
            out.append(run)
    return out


def _covers(f: Face, needed: list[int]) -> bool:
    have = coverage(f)
    return all(cp in have for cp in needed)


def faces_by_char(text: str, font: str, lang: str = "") -> list[tuple[str, Face]]:
    """Each character of `text` but plain spaces, with the face that draws it: the first of
    `font`'s chain, then of the system's, that covers its whole grapheme cluster."""
    runs = split_runs(text, chain(font), "text", lang)
    return [(c, run.face) for run in runs for c in run.text if c != " "]
