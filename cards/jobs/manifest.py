"""The batch manifest: every card in the output folder, with its row, file, size, SHA-256,
alt text and the row's columns cards does not use (`extra`: a planning sheet's date or
caption), as manifest.json (and manifest.csv when asked, or once asked, the extra
columns last).

While a batch runs, each card's entry is one line appended to a journal,
`.manifest.jsonl`, just before the card's file is written: a constant cost a card, where
rewriting the whole manifest with each one grew with the batch. The journal is folded
into manifest.json when the batch ends, however it ends, and, should the batch have been
killed before it could, by the next batch before it makes anything. Folding keeps the
last entry for each file and only the files on disk, so an entry whose file never came
(killed, or the disk full, between the two) is dropped, and a file is never on disk
without its entry.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct, field
from msgspec.structs import asdict

from cards.design.model import PRESETS
from cards.errors import CardsError, named
from cards.files import output_error, write_atomic

MANIFEST = "manifest.json"

MANIFEST_CSV = "manifest.csv"

JOURNAL = ".manifest.jsonl"


class Entry(Struct, frozen=True):
    """One card in the manifest."""

    row: str  # "jobs.csv:14"
    file: str  # its name in the output folder
    preset: str
    template: str
    quote: str
    speaker: str | None
    url: str | None
    alt_text: str
    width: int
    height: int
    bytes: int
    sha256: str
    verified: bool = True  # False: made with --unverified (the unverified column)
    extra: dict[str, Any] = field(default_factory=dict)  # the row's other columns, as given


# manifest.csv's columns: each of an entry's own, then its row's extra columns.
_OWN = tuple(name for name in Entry.__struct_fields__ if name != "extra")


class Manifest:
    """The manifest of the output folder `out` for one batch: opening it folds what an
    earlier batch left (its journal, if it was killed; files removed since), `add`
    appends a card's entry to the journal, and `close` folds the journal into
    manifest.json. The caller holds the folder's lock."""

    def __init__(self, out: Path, with_csv: bool, separator: str = ",") -> None:
        self.out, self.with_csv, self.separator = out, with_csv, separator
        self.journal = out / JOURNAL
        fold(out, with_csv, separator)  # what a killed batch left; one not to be read stops here
        flags = (os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC
                 | getattr(os, "O_NOFOLLOW", 0))
        try:
            self.fd: int | None = os.open(self.journal, flags, 0o666)
        except OSError as e:
            raise output_error(self.journal, e) from None
        self.size = os.fstat(self.fd).st_size

    def add(self, entry: Entry) -> None:
        """One line, in one write: once it returns, the line survives the process being
        killed (not the machine losing power: there is no fsync, which would cost more
        than drawing a small card, for a loss write_atomic's cards would share)."""
        assert self.fd is not None
        line = json.dumps(asdict(entry), ensure_ascii=False).encode() + b"\n"
        try:
            if os.write(self.fd, line) != len(line):
                raise OSError(28, os.strerror(28))  # a short write: the disk is full
        except OSError as e:
            os.ftruncate(self.fd, self.size)  # no torn line; freeing space cannot fail
            raise output_error(self.journal, e) from None
        self.size += len(line)

    def close(self) -> None:
        """Fold the journal into manifest.json (and manifest.csv), then remove it."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        fold(self.out, self.with_csv, self.separator)


def fold(out: Path, with_csv: bool, separator: str = ",") -> None:
    """manifest.json's entries and then the journal's, the last for each file winning,
    of the files in `out`, written as manifest.json (and manifest.csv, when asked or
    already there); then the journal is removed. A line cut short by a kill is skipped:
    its card was never written."""
    entries: dict[str, dict[str, Any]] = {}
    path = out / MANIFEST
    if path.is_file():
        try:
            entries.update((card["file"], card) for card in manifest_cards(path.read_bytes()))
        except (ValueError, KeyError, TypeError) as e:
            raise CardsError(f"{path}: not a manifest ({type(e).__name__}: {e}); move it"
                             f" away, or choose another {named('out')}", field="out") from None
    journal = out / JOURNAL
    try:
        lines = journal.read_bytes().split(b"\n")
    except FileNotFoundError:
        lines = []
    for line in lines:
        try:
            card = json.loads(line)
            entries[card["file"]] = card
        except (ValueError, KeyError, TypeError):
            continue
    with os.scandir(out) as found:
        there = {item.name for item in found if item.is_file(follow_symlinks=False)}
    rows = sorted((_order(card), card) for name, card in entries.items() if name in there)
    body = ",\n".join(json.dumps(card, ensure_ascii=False) for _, card in rows)
    write_atomic(path, f'{{"cards": [\n{body}\n]}}\n'.encode())
    # A manifest.csv asked for once is kept in step with manifest.json: left as it was,
    # it would list cards the folder no longer holds, and miss the new ones.
    if with_csv or (out / MANIFEST_CSV).is_file():
        # With a byte order mark, which is how Excel knows the file is UTF-8: without
        # it, “ and é in a quote open as â€œ and Ã©.
        # Its separator is the job file's: a plan from a European Excel (semicolons)
        # comes back in columns there.
        write_atomic(out / MANIFEST_CSV,
                     _csv([card for _, card in rows], separator).encode("utf-8-sig"))
    journal.unlink(missing_ok=True)


def manifest_cards(data: bytes) -> list[dict[str, Any]]:
    """The cards a manifest.json lists, each with its row and file (text) at least.
    Anything else raises ValueError or TypeError, saying what is wrong."""
    try:
        root = json.loads(data)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    cards = root.get("cards") if isinstance(root, dict) else None
    if not isinstance(cards, list):
        raise TypeError('no "cards" list')
    for card in cards:
        if not isinstance(card, dict):
            raise TypeError(f"an entry is not an object: {json.dumps(card)[:40]}")
        if not isinstance(card.get("file"), str) or not isinstance(card.get("row"), str):
            raise TypeError("an entry's file or row is missing or not text:"
                            f" {json.dumps(card)[:80]}")
    return cards


def _order(card: Mapping[str, Any]) -> tuple[str, int, int, str]:
    name, _, line = str(card["row"]).rpartition(":")
    presets = list(PRESETS)
    preset = card.get("preset")
    return (name, int(line) if line.isdigit() else 0,
            presets.index(preset) if preset in presets else 0, str(card["file"]))


def _csv(cards: list[dict[str, Any]], separator: str = ",") -> str:
    """manifest.csv: a line for each card, its own columns and then every extra column
    any row had (blank where a row had not), each named as its job file named it; one
    named like a column of the manifest's own is "extra.<name>"."""
    extra = list(dict.fromkeys(key for card in cards for key in _extra(card)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator)
    writer.writerow([*_OWN, *(f"extra.{key}" if key in _OWN else key for key in extra)])
    for card in cards:
        kept = _extra(card)
        writer.writerow([*(card.get(name) for name in _OWN), *(kept.get(key) for key in extra)])
    return buffer.getvalue()


def _extra(card: Mapping[str, Any]) -> Mapping[str, Any]:
    kept = card.get("extra")  # absent from a manifest an older cards wrote
    return kept if isinstance(kept, dict) else {}
