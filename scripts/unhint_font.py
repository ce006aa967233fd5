"""Remove TrueType hinting from a font file, in place, so that FreeType draws its outlines
as they were designed.

Debian's Vollkorn carries bytecode hinting, which FreeType runs for every glyph and every
size. Taking the hinting out is not enough on its own: FreeType sends a TrueType font
with no font program (`fpgm`), no control-value program (`prep`) and no glyph
instructions to its autohinter instead, which fits stems and spacing to whole pixels (at
16-24 px it left uneven gaps between letters) and costs more than the outlines do. So the
font keeps a one-instruction font program that does nothing: FreeType then uses its
TrueType engine, whose glyphs have no instructions, and draws each one as its outline.

Measured here (Pillow 13, FreeType 2.14) on a 44-character line at 48 px, once the font
is loaded at that size: the hinted original 1.11 ms, without its hinting tables (the
autohinter) 0.36 ms, as this script leaves it 0.18 ms; the first line at each new size
1.28, 1.22 and 0.30 ms. Every glyph tried at 16-64 px is the unhinted raster, as freetype-py's
FT_LOAD_NO_HINTING draws it (`tests/text/test_fonts.py`). The SIL OFL allows modified versions;
Vollkorn declares no Reserved Font Name, and the change is recorded in fonts/README.md.

Usage: python scripts/unhint_font.py fonts/vollkorn/Vollkorn-Regular.ttf [...]
"""

from __future__ import annotations

import sys

from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables import ttProgram

HINTING_TABLES = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX")

# The font program left in: push 1, pop it. Any instruction will do; an empty table
# counts as none.
NO_OP = ["PUSHB[ ]", "1", "POP[ ]"]


def unhint(path: str) -> None:
    font = TTFont(path, recalcTimestamp=False)  # the same bytes each time it is run
    for tag in HINTING_TABLES:
        if tag in font:
            del font[tag]
    for glyph in font["glyf"].glyphs.values():
        glyph.expand(font["glyf"])
        if hasattr(glyph, "program"):
            glyph.program.fromBytecode(b"")
    font["maxp"].maxSizeOfInstructions = 0
    fpgm = newTable("fpgm")
    fpgm.program = ttProgram.Program()
    fpgm.program.fromAssembly(NO_OP)
    font["fpgm"] = fpgm
    # Bit 3 of head.flags asks for integer ppem scaling, which only hinting needs.
    font["head"].flags &= ~(1 << 3)
    font.save(path)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        unhint(name)
