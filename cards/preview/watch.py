"""Watching: the files a preview depends on (the article, each template and what it
extends, the brand kit), polled, with only the templates a change touches drawn again."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cards.design.catalog import find_template
from cards.errors import CardsError
from cards.files import read_toml
from cards.preview.plan import Request

if TYPE_CHECKING:

    pass


def template_files(ref: str) -> set[Path]:
    """The files a template depends on: its folder (TOML, pictures, fonts) and the folder
    of every template it extends."""
    paths: set[Path] = set()
    try:
        toml = find_template(ref)
    except CardsError:
        return paths
    seen: set[Path] = set()
    while toml.resolve() not in seen:
        seen.add(toml.resolve())
        paths.update(p for p in toml.parent.rglob("*") if p.is_file())
        try:
            parent = read_toml(toml)[0].get("extends")
            if not isinstance(parent, str):
                break
            toml = find_template(parent, relative_to=toml.parent)
        except CardsError:
            break
    return paths


def watched_files(request: Request) -> list[Path]:
    """The files a preview depends on: the article, each template's files, and the brand
    kit with its folder."""
    paths: set[Path] = set()
    if "://" not in request.article and request.article != "-":
        paths.add(Path(request.article))
    for ref in request.templates:
        paths |= template_files(ref)
    brand = request.options.brand or ("templates/brand.toml"
                                              if Path("templates/brand.toml").is_file() else None)
    if brand:
        kit = Path(brand)
        folder = kit if kit.is_dir() else kit.parent
        paths.update(p for p in folder.glob("*") if p.is_file())
    return sorted(paths)


def affected(request: Request, changed: set[Path]) -> tuple[str, ...] | None:
    """The templates a change touches, or None when it touches them all (the article or
    the brand kit, or a file no single template owns)."""
    owners = {ref: template_files(ref) for ref in request.templates}
    hit = tuple(ref for ref, files in owners.items() if files & changed)
    owned = set().union(*owners.values()) if owners else set()
    return hit if hit and changed <= owned else None


def _snapshot(paths: Sequence[Path]) -> dict[Path, tuple[int, int]]:
    stamps = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        stamps[path] = (info.st_mtime_ns, info.st_size)
    return stamps


def watch(request: Request, render: Callable[[tuple[str, ...] | None], None],
          say: Callable[[str], None], stop: Callable[[], bool], interval: float = 0.1,
          settle: float = 0.1, error: Callable[[CardsError], None] | None = None) -> None:
    """Render now, then again whenever a watched file changes (after `settle` seconds
    without further change, so an editor's save is one render): only the templates the
    change touches (`render(templates)`), or all (`render(None)`). An error is said (to
    `error`, else as a line to `say`) and the watch goes on."""
    def attempt(changed: str, only: tuple[str, ...] | None = None) -> None:
        started = time.monotonic()
        try:
            render(only)
        except CardsError as e:
            if error is None:
                say(f"Error: {e}")
            else:
                error(e)
            return
        what = f" ({', '.join(only)})" if only else ""
        say(f"{changed}: rendered{what} in {time.monotonic() - started:.2f} s")

    seen = _snapshot(watched_files(request))  # before rendering: an edit meanwhile counts
    attempt("start")
    while not stop():
        time.sleep(interval)
        # Listed afresh each time: a template may now extend another, or gain a file.
        now = _snapshot(watched_files(request))
        if now == seen:
            continue
        while True:  # wait until the editor has finished writing
            time.sleep(settle)
            later = _snapshot(watched_files(request))
            if later == now:
                break
            now = later
        paths = set(now) ^ set(seen) | {p for p in now if p in seen and now[p] != seen[p]}
        seen = now
        changed = sorted(str(p) for p in paths)
        attempt("changed " + ", ".join(changed[:3]) + (" …" if len(changed) > 3 else ""),
                affected(request, paths))
