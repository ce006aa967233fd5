"""The gallery: an HTML page with every card, its alt text, its file name and the `cards
render` command that makes the same bytes; a card that could not be made in its place,
the card's shape, saying why; with guides, each card's guides laid over it, and a switch
that hides them. Everything shown is escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape, unescape
from pathlib import Path

from cards.files import outside_package, refuse_existing, write_atomic
from cards.preview.tiles import Tile

TITLE = "<title>cards preview</title>"

# A file this page showed (a card, or its guides): its name as card_name makes them,
# nothing else.
_SHOWN = re.compile(r'<img (?:class="guides" )?src="([a-z0-9-]+(?:\.guides)?\.(?:png|jpg|webp))"')

# An index.html larger than this is not one a gallery wrote (25 cards take 20 KB).
_MAX_PAGE = 4_000_000

# The guides switch is a checkbox ahead of the cards: CSS alone shows or hides every
# overlay, so the page needs no script.
_STYLE = (
    "body{font:15px system-ui;background:#ececE8;margin:24px}"
    "figure{display:inline-block;vertical-align:top;margin:0 24px 32px 0;max-width:540px}"
    ".card{position:relative;display:block;max-width:100%}"
    ".card img{display:block;width:100%;height:auto}"
    ".card img:first-child{box-shadow:0 1px 4px #0003}"
    ".card .guides{position:absolute;inset:0}"
    "#guides:not(:checked)~main .guides{display:none}"
    ".failed{box-sizing:border-box;max-width:100%;padding:12px;overflow:auto;"
    "border:4px solid #961820;color:#281616;background:repeating-linear-gradient("
    "45deg,#FDF3F1 0 8px,#F4D6D2 8px 11px)}"
    ".failed strong,.not-made,.unverified{color:#961820}"
    "pre{white-space:pre-wrap;font-size:12px}"
)


def _figure(tile: Tile) -> str:
    shown = tile.width // 3
    title = f"{escape(tile.template)} · {escape(tile.preset)} {tile.width}×{tile.height}"
    if tile.failed:
        return (f'<figure class="not-made"><div class="failed" role="img"'
                f' aria-label="{escape(tile.template)} {escape(tile.preset)}: not made"'
                f' style="width:{shown}px;aspect-ratio:{tile.width}/{tile.height}">'
                f"<strong>Cannot make this card</strong><p>{escape(tile.failed)}</p></div>"
                f'<figcaption><b>{title}</b> <span class="not-made">· not made</span>'
                "</figcaption></figure>")
    overlay = (f'<img class="guides" src="{escape(_overlay_name(tile))}" alt="">'
               if tile.overlay else "")
    return (f'<figure><div class="card" style="width:{shown}px">'
            f'<img src="{escape(tile.filename)}" alt="{escape(tile.alt_text)}"'
            f' width="{shown}">{overlay}</div>'
            f"<figcaption><b>{title}</b>"
            + ("" if tile.verified else ' <span class="unverified">· quote not verified'
               " against the article</span>")
            + f"<br><code>{escape(tile.filename)}</code>"
            f"<br><small>{escape(tile.alt_text)}</small>"
            f'<pre class="command">{escape(tile.command)}</pre></figcaption></figure>')


def _overlay_name(tile: Tile) -> str:
    return Path(tile.filename).stem + ".guides.png"


def gallery(tiles: Sequence[Tile], folder: Path, clobber: bool = True) -> Path:
    """A static page: each card, its alt text, its file name and the `cards render`
    command that makes it, or why it could not be made; the guides over each card, with
    a switch, if the tiles have them. The files an earlier gallery in the folder showed
    and this one does not are removed, so the folder holds only what its page shows.
    Without `clobber` nothing is written if any of the files is there already."""
    outside_package(folder, field="html")
    index = folder / "index.html"
    files = {}
    for tile in tiles:
        if not tile.failed:
            files[folder / tile.filename] = tile.png
            if tile.overlay:
                files[folder / _overlay_name(tile)] = tile.overlay
    if not clobber:
        refuse_existing([*files, index], field="html")
    earlier = _shown(index)
    folder.mkdir(parents=True, exist_ok=True)
    for path, data in files.items():
        write_atomic(path, data, clobber=clobber)
    switch = ('<input type="checkbox" id="guides" checked> <label for="guides">Guides: element'
              " boxes, QR quiet zone, margins, network crops</label>\n"
              if any(tile.overlay for tile in tiles) else "")
    page = ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"{TITLE}<style>{_STYLE}</style></head><body>\n"
            + switch + "<main>\n" + "\n".join(_figure(tile) for tile in tiles)
            + "\n</main>\n</body></html>\n")
    write_atomic(index, page.encode("utf-8"), clobber=clobber)
    for name in earlier - {path.name for path in files}:
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
