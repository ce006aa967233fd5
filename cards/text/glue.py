"""Where a line should not end though UAX #14 allows it: after a short word that leads
into the next. `glue` marks such breaks, for the even-rag breaker to avoid at a cost."""

from __future__ import annotations

import re

from cards.text.languages import binds_forward

# A word as it stands between spaces: opening marks before it, closing ones after.
_WORD = re.compile(r"[“‘„‚«‹\"'(\[]*(\w+)\s*")


def glue(text: str, units: list[tuple[int, int, bool]], lang: str) -> tuple[bool, ...]:
    """For each unit, whether a line should rather not end after it: after a short word
    that leads into the next ("a", "I", Czech "v", Russian "на")."""
    out = []
    for i, (start, end, hyphen) in enumerate(units):
        if i + 1 == len(units) or hyphen or not text[end - 1].isspace():
            out.append(False)
            continue
        word = _WORD.fullmatch(text, start, end)
        out.append(word is not None and binds_forward(word.group(1), lang))
    return tuple(out)
