"""The gallery: an HTML page with every card, its alt text, its file name and the `cards
render` command that makes the same bytes; everything shown is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from cards.files import write_atomic
from cards.preview.tiles import Tile

if TYPE_CHECKING:

    pass


def gallery(tiles: Sequence[Tile], folder: Path) -> Path:
    """A static page: each card, its alt text, its file name and the `cards render`
    command that makes it."""
    folder.mkdir(parents=True, exist_ok=True)
    figures = []
    for tile in tiles:
        write_atomic(folder / tile.filename, tile.png)
        figures.append(
            f'<figure><img src="{escape(tile.filename)}" alt="{escape(tile.alt_text)}"'
            f' width="{tile.layout.width // 3}">'
            f"<figcaption><b>{escape(tile.template)} · {escape(tile.preset)}</b>"
            f"<br><code>{escape(tile.filename)}</code>"
            f"<br><small>{escape(tile.alt_text)}</small>"
            f'<pre class="command">{escape(tile.command)}</pre></figcaption></figure>')
    page = ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<title>cards preview</title><style>body{font:15px system-ui;background:#ececE8;"
            "margin:24px}figure{display:inline-block;vertical-align:top;margin:0 24px 32px 0;"
            "max-width:540px}img{display:block;max-width:100%;height:auto;box-shadow:0 1px 4px"
            " #0003}pre{white-space:pre-wrap;font-size:12px}</style></head><body>\n"
            + "\n".join(figures) + "\n</body></html>\n")
    index = folder / "index.html"
    write_atomic(index, page.encode("utf-8"))
    return index
