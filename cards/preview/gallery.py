"""The gallery: an HTML page with every card, its alt text, its file name and the `cards
render` command that makes the same bytes; everything shown is escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape, unescape
from pathlib import Path

from cards.files import outside_package, refuse_existing, write_atomic
from cards.preview.tiles import Tile

TITLE = "<title>cards preview</title>"

# A card this page showed: its file name as card_name makes them, nothing else.
_SHOWN = re.compile(r'<img src="([a-z0-9-]+\.(?:png|jpg|webp))"')

# An index.html larger than this is not one a gallery wrote (25 cards take 20 KB).
_MAX_PAGE = 4_000_000


def gallery(tiles: Sequence[Tile], folder: Path, clobber: bool = True) -> Path:
    """A static page: each card, its alt text, its file name and the `cards render`
    command that makes it. The cards an earlier gallery in the folder showed and this
    one does not are removed, so the folder holds only what its page shows. Without
    `clobber` nothing is written if any of the files is there already."""
    outside_package(folder, field="html")
    index = folder / "index.html"
    files = {folder / tile.filename: tile.file for tile in tiles}
    if not clobber:
        refuse_existing([*files, index], field="html")
    earlier = _shown(index)
    folder.mkdir(parents=True, exist_ok=True)
    figures = []
    for tile in tiles:
        figures.append(
            f'<figure><img src="{escape(tile.filename)}" alt="{escape(tile.alt_text)}"'
            f' width="{tile.layout.width // 3}">'
            f"<figcaption><b>{escape(tile.template)} · {escape(tile.preset)}</b>"
            f"<br><code>{escape(tile.filename)}</code>"
            f"<br><small>{escape(tile.alt_text)}</small>"
            f'<pre class="command">{escape(tile.command)}</pre></figcaption></figure>')
    for path, data in files.items():
        write_atomic(path, data, clobber=clobber)
    page = ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"{TITLE}<style>body{{font:15px system-ui;background:#ececE8;"
            "margin:24px}figure{display:inline-block;vertical-align:top;margin:0 24px 32px 0;"
            "max-width:540px}img{display:block;max-width:100%;height:auto;box-shadow:0 1px 4px"
            " #0003}pre{white-space:pre-wrap;font-size:12px}</style></head><body>\n"
            + "\n".join(figures) + "\n</body></html>\n")
    write_atomic(index, page.encode("utf-8"), clobber=clobber)
    for name in earlier - {tile.filename for tile in tiles}:
        (folder / name).unlink(missing_ok=True)
    return index


def _shown(index: Path) -> set[str]:
    """The card files an earlier gallery's page at `index` shows; none if the page is
    not one a gallery wrote."""
    try:
        if index.is_symlink() or index.stat().st_size > _MAX_PAGE:
            return set()
        page = index.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    if TITLE not in page:
        return set()
    return {unescape(name) for name in _SHOWN.findall(page)}
