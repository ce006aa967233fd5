"""Write fonts/coverage.json: the code points each bundled font draws, as ranges.

Reading a cmap needs fontTools, whose import and parsing cost about 75 ms, a third of a
`cards render` run from a cold start. The bundled fonts never change between releases,
so their coverage is read once here and shipped; tests/text/test_fonts.py checks the file
against fontTools. Run it after adding or changing a bundled font:

    python scripts/font_coverage.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cards.text.faces import COVERAGE_FILE, FONT_SUFFIXES, read_cmap, to_ranges  # noqa: E402


def main() -> None:
    fonts = ROOT / "fonts"
    entries = {}
    for path in sorted(fonts.rglob("*")):
        if path.suffix.lower() in FONT_SUFFIXES:
            entries[path.relative_to(fonts).as_posix()] = {
                "bytes": path.stat().st_size,
                "ranges": to_ranges(read_cmap(path)),
            }
    text = json.dumps(entries, separators=(",", ":"))
    (fonts / COVERAGE_FILE).write_text(text + "\n", encoding="utf-8")
    print(f"wrote {fonts / COVERAGE_FILE}: {len(entries)} fonts")


if __name__ == "__main__":
    main()
