"""Clear space on a laid-out card: every element keeps the design's `clear_space` from
the logo as it is placed and from the QR plate (or a story's link sticker).

The template's boxes were checked against it when it was parsed; here what is drawn is
measured (`Layout.drawn`: text extents and hanging marks, rules, glyph ink, the
speaker's circle). A rule or glyph that would come too close is left off, with a note
saying why: a decoration never crowds the logo or the code. Anything else too close is
noted, so the design can be fixed."""

from __future__ import annotations

from collections.abc import Mapping

from cards.text.fitting import Box

# What is kept clear around, as `Layout.drawn` names them.
PROTECTED = ("logo", "QR plate", "link sticker")
# The plate's own label sits its `label_gap` under it, not its clear space.
_OWN = {("QR plate", "QR label")}
DECORATIONS = ("rules[", "glyphs[")


def crowded(boxes: Mapping[str, Box], clear: int) -> list[tuple[str, str, int]]:
    """Each (kept clear, element, px apart) where an element comes closer than `clear`
    px to the logo, the QR plate or the link sticker."""
    found = []
    kept = [k for k in PROTECTED if k in boxes]
    for i, protected in enumerate(kept):
        for name, box in boxes.items():
            if name in kept[:i + 1] or (protected, name) in _OWN:
                continue
            apart = boxes[protected].apart(box)
            if apart < clear:
                found.append((protected, name, apart))
    return found


def keep_clear(boxes: Mapping[str, Box], clear: int, where: str
               ) -> tuple[frozenset[str], list[str]]:
    """The decorations (rules and glyphs) to leave off because they come within `clear`
    px of the logo, the QR plate or the link sticker, and a note for each of them and
    for anything else that does."""
    too_close = crowded(boxes, clear)
    off = frozenset(name for _, name, _ in too_close if name.startswith(DECORATIONS))
    notes = []
    for kept, name, apart in too_close:
        how = f"{apart} px from" if apart > 0 else "against" if apart == 0 else "over"
        if name in off:
            notes.append(f"{name} is left off at {where}: it would be {how} the {kept},"
                         f" inside the {clear} px kept clear around it")
        else:
            notes.append(f"the {name} is {how} the {kept} at {where}, inside the {clear} px"
                         " the design keeps clear around it")
    return off, list(dict.fromkeys(notes))
