"""System fonts through fontconfig: the last link of every fallback chain.

CJK and colour emoji fonts are large (Noto CJK alone is over 100 MB), so they are not
bundled; where fontconfig is present it is asked, by character and language, for a face
that has the glyph (`fc-match 'serif:lang=ja:charset=6771'`), so a Japanese quote gets
Japanese glyph forms and a Chinese one Chinese forms.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from msgspec import Struct

from cards.text.faces import Face, Style, coverage, needs

# fontconfig's generic families for each style of the role's font.
_GENERIC: dict[str, str] = {"serif": "serif", "serif-bold": "serif:bold",
                            "sans": "sans-serif", "sans-bold": "sans-serif:bold"}


def _is_emoji(cluster: str) -> bool:
    return any(
        0x1F000 <= ord(c) <= 0x1FAFF or 0x2600 <= ord(c) <= 0x27BF or ord(c) == 0xFE0F
        for c in cluster
    )


@cache
def _fc_match(pattern: str) -> Face | None:
    if not has_fontconfig():
        return None
    import subprocess  # lazy: only when a card needs a system font

    done = subprocess.run(
        ["fc-match", "--format", "%{file}|%{index}|%{family[0]}|%{style[0]}", pattern],
        capture_output=True, text=True, check=False,
    )
    if done.returncode != 0 or "|" not in done.stdout:
        return None
    file, index, family, style = (done.stdout.split("|") + ["", "", ""])[:4]
    path = Path(file)
    if not path.is_file():
        return None
    name = f"{family}-{style}".replace(" ", "") if style else family.replace(" ", "")
    return Face(name, path, int(index or 0), _strike(path, int(index or 0)))


@cache
def _strike(path: Path, index: int) -> int | None:
    """The pixel size of a colour bitmap font's strike (CBDT/sbix), else None."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(path, lazy=True, fontNumber=index) as font:
        if "CBLC" in font:
            return int(font["CBLC"].strikes[0].bitmapSizeTable.ppemY)
        if "sbix" in font:
            return int(min(font["sbix"].strikes))
    return None


def has_fontconfig() -> bool:
    import shutil  # lazy: only when a card needs a system font

    return shutil.which("fc-match") is not None


def fc_lang(lang: str) -> str:
    """`lang` as fontconfig knows it. fontconfig tells Chinese apart by region (zh-cn,
    zh-tw, zh-hk), not by BCP 47 script: given "zh-Hant" it offers its default CJK face,
    which sets Chinese text in Japanese glyph forms."""
    parts = lang.lower().replace("_", "-").split("-")
    if parts[0] != "zh":
        return lang
    for region in ("tw", "hk", "mo", "sg", "cn"):
        if region in parts[1:]:
            return f"zh-{region}"
    return "zh-tw" if "hant" in parts else "zh-cn"


def match(cluster: str, lang: str, style: Style) -> Face | None:
    """The face fontconfig offers for `cluster` in `lang` and `style`, if it draws it."""
    needed = needs(cluster)
    if not needed:
        return None
    family = "emoji" if _is_emoji(cluster) else _GENERIC[style]
    pattern = f"{family}:charset={needed[0]:x}" + (f":lang={fc_lang(lang)}" if lang else "")
    if family == "emoji":
        pattern += ":color=true"
    f = _fc_match(pattern)
    if f is None or not all(cp in coverage(f) for cp in needed):
        return None
    return f


# Faces already in use, by language and style: later clusters prefer them, so a quote stays
# in one face and needs one fontconfig call, not one per character; keyed so that a
# Japanese card does not lend its face to a Chinese one in the same batch.
_found: dict[tuple[str, Style], list[Face]] = {}


def system_face(cluster: str, lang: str, style: Style) -> Face | None:
    """A system face that draws `cluster`, preferring one already in use, or None."""
    needed = needs(cluster)
    in_use = _found.setdefault((fc_lang(lang), style), [])
    for f in in_use:
        have = coverage(f)
        if all(cp in have for cp in needed):
            return f
    found = match(cluster, lang, style)
    if found is not None:
        in_use.append(found)
    return found


class Offer(Struct, frozen=True):
    """What fontconfig offers for one script left to system fonts."""

    need: str  # a language ("ja", "zh-Hans", ...) or "emoji"
    style: Style | None  # None for emoji: one colour face serves every style
    face: Face | None
    package: str  # the Debian package that provides it


# The scripts the bundled fonts leave to the system, each with a character to ask for.
SYSTEM_NEEDS: tuple[tuple[str, str, str], ...] = (
    ("ja", "\u3042", "fonts-noto-cjk"),  # HIRAGANA LETTER A
    ("zh-Hans", "\u6C49", "fonts-noto-cjk"),  # 汉, simplified
    ("zh-Hant", "\u6F22", "fonts-noto-cjk"),  # 漢, traditional
    ("ko", "\uD55C", "fonts-noto-cjk"),  # HANGUL SYLLABLE HAN
    ("emoji", "\U0001F600", "fonts-noto-color-emoji"),  # GRINNING FACE
)


def offers() -> list[Offer]:
    """The system faces fontconfig offers for CJK (serif and sans) and colour emoji."""
    found: list[Offer] = []
    for need, probe, package in SYSTEM_NEEDS:
        styles: tuple[Style | None, ...] = (None,) if need == "emoji" else ("serif", "sans")
        for style in styles:
            lang = "" if need == "emoji" else need
            f = match(probe, lang, style or "sans") if has_fontconfig() else None
            found.append(Offer(need, style, f, package))
    return found
