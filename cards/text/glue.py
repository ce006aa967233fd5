"""Where a line should not end though UAX #14 allows it: after a short word that leads
into the next, and between an emoji and the word it follows. `join_emoji` removes such
breaks outright; `glue` marks the rest, for the even-rag breaker to avoid at a cost."""

from __future__ import annotations

import re

from cards.text.languages import binds_forward

# Pictographs that begin an emoji (with the symbols the colour emoji font covers).
_EMOJI = re.compile(r"[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")
# What may end an emoji sequence: a pictograph, a modifier, a joiner, a selector, a tag.
_EMOJI_END = re.compile(r"[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\u200d\ufe0f"
                        r"\u20e3\U000e0020-\U000e007f]")
# A word as it stands between spaces: opening marks before it, closing ones after.
_WORD = re.compile(r"[“‘„‚«‹\"'(\[]*(\w+)\s*")


def join_emoji(
    text: str, units: list[tuple[int, int, bool]]
) -> list[tuple[int, int, bool]]:
    """Join an emoji to the word or punctuation it touches: UAX #14 allows a break
    between a letter and an emoji (class ID), but "great👍" is one thing to the eye. A
    row of emoji may still break between them."""
    out: list[tuple[int, int, bool]] = []
    for start, end, hyphen in units:
        if out and _EMOJI.match(text, start) and not text[start - 1].isspace() \
                and not _EMOJI_END.match(text, start - 1):
            out[-1] = (out[-1][0], end, hyphen)
        else:
            out.append((start, end, hyphen))
    return out


def glue(text: str, units: list[tuple[int, int, bool]], lang: str) -> tuple[bool, ...]:
    """For each unit, whether a line should rather not end after it: after a short word
    that leads into the next ("a", "I", Czech "v", Russian "на"), after a word an emoji
    follows across a space ("hi 👋"), so the emoji does not start a line alone, and
    between emoji written together ("🎉🎉"), which may still break if nothing else fits."""
    out = []
    for i, (start, end, hyphen) in enumerate(units):
        nxt = units[i + 1][0] if i + 1 < len(units) else None
        if nxt is None or hyphen:
            out.append(False)
            continue
        if not text[end - 1].isspace():
            out.append(_EMOJI.match(text, nxt) is not None
                        and _EMOJI_END.match(text, end - 1) is not None)
            continue
        word = _WORD.fullmatch(text, start, end)
        short = word is not None and binds_forward(word.group(1), lang)
        emoji_after = (_EMOJI.match(text, nxt) is not None
                       and _EMOJI.search(text, start, end) is None)
        out.append(short or emoji_after)
    return tuple(out)
