"""The batch manifest: every card written, with its row, file, size, SHA-256 and alt text,
as manifest.json (and manifest.csv when asked). It is rewritten with every card, in the
same step as the card's file, so it always lists exactly the files on disk."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cards.design.model import PRESETS
from cards.files import write_atomic

MANIFEST = "manifest.json"

MANIFEST_CSV = "manifest.csv"


@dataclass(frozen=True)
class Entry:
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


class Manifest:
    """manifest.json (and manifest.csv) in the output folder, rewritten atomically after
    every card, so that whatever stops the batch, it lists exactly the files on disk.
    Each entry is serialised once; a rewrite only joins the lines, which keeps it cheap
    for long batches (and the workers draw meanwhile)."""

    def __init__(self, out: Path, with_csv: bool) -> None:
        self.out, self.with_csv = out, with_csv
        self.lines: dict[str, tuple[tuple[str, int, int], str, str]] = {}  # by file

    def add(self, entry: Entry) -> None:
        row = asdict(entry)
        self.lines[entry.file] = (_order(entry), json.dumps(row, ensure_ascii=False),
                                  _csv_row(row) if self.with_csv else "")
        self.write()

    def write(self) -> None:
        rows = sorted(self.lines.values())
        body = ",\n".join(text for _, text, _ in rows)
        write_atomic(self.out / MANIFEST, f'{{"cards": [\n{body}\n]}}\n'.encode())
        if self.with_csv:
            header = _csv_row({name: name for name in Entry.__dataclass_fields__})
            write_atomic(self.out / MANIFEST_CSV,
                    (header + "".join(line for *_, line in rows)).encode("utf-8"))


def _order(entry: Entry) -> tuple[str, int, int]:
    name, _, line = entry.row.rpartition(":")
    presets = list(PRESETS)
    return (name, int(line) if line.isdigit() else 0,
            presets.index(entry.preset) if entry.preset in presets else 0)


def _csv_row(row: Mapping[str, Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(row.values())
    return buffer.getvalue()
