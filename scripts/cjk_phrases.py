"""Count the lines of Japanese and Chinese quotes that end inside a BudouX phrase.

Each quote in tests/fixtures/phrases/ is set with the real fonts at several box widths,
as the classic template's quote (36-76 px, 1.2 line height, seven lines at most). Run it
from a checkout to measure that checkout's breaking:

    python scripts/cjk_phrases.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import budoux

from cards.design.model import Rect, TextStyle
from cards.text.fitting import Box, Setting, fit_text
from cards.text.runs import chain

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "phrases"
LANGS = {"ja": "ja", "zh": "zh-Hans"}
WIDTHS = (360, 480, 600, 792)
HEIGHT = 346
STYLE = TextStyle(box=Rect(0, 0, 1, 1), font="Vollkorn-Regular", size_min=36,
                  size_max=76, line_height=1.2, max_lines=7, color="text", align="left",
                  valign="top")
PARSERS = {"ja": budoux.load_default_japanese_parser,
           "zh": budoux.load_default_simplified_chinese_parser}


def samples(name: str) -> list[str]:
    return (ROOT / f"{name}.txt").read_text(encoding="utf-8").splitlines()


def boundaries(text: str, name: str) -> set[int]:
    at, out = 0, {0}
    for chunk in PARSERS[name]().parse(text):
        at += len(chunk)
        out.add(at)
    return out


def line_ends(lines: tuple[tuple[object, ...], ...]) -> list[int]:
    """The offset where each line but the last ends."""
    ends, at = [], 0
    for line in lines[:-1]:
        at += sum(len(p.text) for u in line for p in u.pieces)  # type: ignore[attr-defined]
        ends.append(at)
    return ends


def count(name: str) -> tuple[int, int, int, int]:
    """Settings, lines, lines ending inside a phrase, settings that did not fit."""
    settings = lines = split = refused = 0
    for text in samples(name):
        phrases = boundaries(text, name)
        for width in WIDTHS:
            setting = Setting("quote", chain("Vollkorn-Regular"), LANGS[name], False)
            fit = fit_text(STYLE, text, Box(0, 0, width, HEIGHT), setting)
            settings += 1
            if fit is None:
                refused += 1
                continue
            lines += len(fit.lines)
            split += sum(end not in phrases for end in line_ends(fit.lines))
    return settings, lines, split, refused


def main() -> int:
    for name in LANGS:
        settings, lines, split, refused = count(name)
        print(f"{name}: {settings} settings, {lines} lines, {split} end inside a phrase,"
              f" {refused} do not fit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
