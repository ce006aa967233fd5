"""A card that could not be made, as a contact sheet shows it: a tile of the card's shape
in the card's place, hatched and framed in red so it is never taken for a card, saying
why in the words the command line uses. Its text is set like any other: each character
in a font that has it, and one that no font has is named by its code point, never drawn
as a blank box."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cards.errors import FontError
from cards.text.faces import Face, get_font
from cards.text.runs import chain, split_runs

if TYPE_CHECKING:
    from PIL.Image import Image
    from PIL.ImageDraw import ImageDraw


HEADING = "Cannot make this card"
INK = (150, 24, 32)  # the frame, hatching and heading: a red that reads on the pale ground
_GROUND = (253, 243, 241)
_HATCH = (244, 214, 210)
_TEXT = (40, 22, 22)
_FRAME = 4  # px
_PAD = 12  # px inside the frame
_SIZES = (15, 14, 13, 12, 11, 10)  # the reason's type, largest that lets it fit


def _chars(text: str) -> list[tuple[str, Face]]:
    """Each character of `text` with the face that draws it, from Inter's fallback chain
    and the system's; a character none draws (or only a colour bitmap font, which has no
    size to set it at) becomes its code point, "U+6E2F"."""
    faces = chain("Inter-Regular")

    def placed(piece: str) -> list[tuple[str, Face]] | None:
        try:
            runs = split_runs(piece, faces, "text")
        except FontError:
            return None
        if any(run.face.color for run in runs):
            return None
        return [(c, run.face) for run in runs for c in run.text]

    whole = placed(text)
    if whole is not None:
        return whole
    out: list[tuple[str, Face]] = []
    for char in text:
        one = placed(char)
        out += one if one is not None else [(c, faces[0]) for c in f"U+{ord(char):04X}"]
    return out


def _groups(chars: list[tuple[str, Face]]) -> list[tuple[str, Face]]:
    """Neighbouring characters of one face joined, to be measured and drawn together."""
    out: list[tuple[str, Face]] = []
    for char, f in chars:
        if out and out[-1][1] == f:
            out[-1] = (out[-1][0] + char, f)
        else:
            out.append((char, f))
    return out


def _width(chars: list[tuple[str, Face]], size: int) -> float:
    return sum(get_font(f, size).getlength(text) for text, f in _groups(chars))


def wrap(text: str, width: int, size: int) -> list[list[tuple[str, Face]]]:
    """`text` in lines no wider than `width` px at `size`: broken at spaces, and a word
    wider than a line (a path, a run of CJK) between its characters."""
    chars = _chars(text)
    words: list[list[tuple[str, Face]]] = []
    for match in re.finditer(r"\S+\s*", "".join(c for c, _ in chars)):
        words.append(chars[match.start():match.end()])
    lines: list[list[tuple[str, Face]]] = []
    line: list[tuple[str, Face]] = []
    for word in words:
        if _width(line + word, size) <= width or not line and _width(word, size) <= width:
            line += word
            continue
        if line:
            lines.append(line)
            line = []
        for char in word:  # too wide for a line of its own: broken anywhere
            if line and _width(line + [char], size) > width:
                lines.append(line)
                line = []
            line.append(char)
    if line:
        lines.append(line)
    return [_strip(line) for line in lines]


def _strip(line: list[tuple[str, Face]]) -> list[tuple[str, Face]]:
    while line and line[-1][0].isspace():
        line = line[:-1]
    return line


def failed_picture(width: int, height: int, reason: str, tall: int) -> Image:
    """The tile for a card of `width` × `height` px that could not be made, at `tall` px
    high (the sheet's height for a card): framed, hatched, headed, with the reason."""
    from PIL import Image as PILImage  # lazy: keeps start-up fast
    from PIL import ImageDraw  # lazy: keeps start-up fast

    w, h = max(1, round(width * tall / height)), tall
    tile = PILImage.new("RGB", (w, h), _GROUND)
    draw = ImageDraw.Draw(tile)
    for x in range(-h, w, 14):  # hatching: no card has it
        draw.line((x, h, x + h, 0), fill=_HATCH, width=3)
    draw.rectangle((0, 0, w - 1, h - 1), outline=INK, width=_FRAME)
    inner = w - 2 * (_FRAME + _PAD)
    heading = get_font("Inter-SemiBold", 15)
    top = _FRAME + _PAD
    words: list[str] = []
    for word in HEADING.split():
        if words and heading.getlength(f"{words[-1]} {word}") <= inner:
            words[-1] += f" {word}"
        else:
            words.append(word)
    for line_text in words:
        draw.text((_FRAME + _PAD, top), line_text, fill=INK, font=heading)
        top += 20
    top += 6
    room = h - top - _FRAME - _PAD
    for size in _SIZES:
        lines = wrap(reason, inner, size)
        step = round(size * 1.35)
        if len(lines) * step <= room or size == _SIZES[-1]:
            break
    shown = max(1, room // step)
    if len(lines) > shown:  # only on a sliver of a tile; the gallery has it whole
        lines = lines[:shown]
        lines[-1] = _strip(lines[-1][:-1]) + [("…", lines[-1][-1][1])]
    for line in lines:
        _draw_line(draw, line, _FRAME + _PAD, top, size, _TEXT)
        top += step
    return tile


def _draw_line(draw: ImageDraw, line: list[tuple[str, Face]], x: float, y: int, size: int,
               fill: tuple[int, int, int]) -> None:
    for text, f in _groups(line):
        font = get_font(f, size)
        draw.text((x, y), text, fill=fill, font=font)
        x += font.getlength(text)
