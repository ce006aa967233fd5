"""System fonts through fontconfig: the last link of every fallback chain.

CJK and colour emoji fonts are large (Noto CJK alone is over 100 MB), so they are not
bundled; where fontconfig is present it is asked, by character and language, for a face
that has the glyph (`fc-match 'serif:lang=ja:charset=6771'`), so a Japanese quote gets
Japanese glyph forms and a Chinese one Chinese forms.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

from .fonts import Face, coverage

# fontconfig's generic families for each style of the role's font.
_GENERIC = {"serif": "serif", "sans": "sans-serif"}


def _is_emoji(cluster: str) -> bool:
    return any(
        0x1F000 <= ord(c) <= 0x1FAFF or 0x2600 <= ord(c) <= 0x27BF or ord(c) == 0xFE0F
        for c in cluster
    )


@cache
def _fc_match(pattern: str) -> Face | None:
    if shutil.which("fc-match") is None:
        return None
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


_found: list[Face] = []


def system_face(cluster: str, lang: str, style: str) -> Face | None:
    """A system face that draws `cluster`, preferring one already in use, or None."""
    needed = [ord(c) for c in cluster if unicodedata.category(c) not in ("Mn", "Cf")]
    needed = needed or [ord(c) for c in cluster]
    for f in _found:
        have = coverage(f)
        if all(cp in have for cp in needed):
            return f
    family = "emoji" if _is_emoji(cluster) else _GENERIC.get(style, "sans-serif")
    pattern = f"{family}:charset={needed[0]:x}" + (f":lang={lang}" if lang else "")
    if family == "emoji":
        pattern += ":color=true"
    match = _fc_match(pattern)
    if match is None or not all(cp in coverage(match) for cp in needed):
        return None
    _found.append(match)
    return match
