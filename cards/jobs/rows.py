"""Job files for `cards batch`: CSV, JSON Lines or YAML rows, each naming one quote card.

One reader per format, each yielding (`file:line`, mapping), so every later error names
the row it came from. `parse_job` checks a row and fills it from the batch's defaults.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from cards.design.model import PRESETS
from cards.errors import CardsError, named, reading
from cards.pipeline import CardOptions


class JobError(CardsError):
    """A job file, or one of its rows, is malformed."""


@dataclass(frozen=True)
class Job:
    """One row: a quote from an article, as cards at one or more size presets."""

    where: str  # "jobs.csv:14": the file and line the row starts on
    article: str
    options: CardOptions  # the row's columns over the batch's defaults
    output: str | None = None  # the file names' stem (a hash and the preset follow)
    network: str | None = None  # where the cards are posted: utm_source for feed presets
    campaign: str | None = None  # utm_campaign, with --utm


# A row's columns: the article, every card option (the same names the library's errors
# use), and what only a batch has.
_OPTION_COLUMNS = tuple(f.name for f in fields(CardOptions) if f.name != "tracking")
_ROW_COLUMNS = ("output", "network", "campaign")
COLUMNS = ("article", *_OPTION_COLUMNS, *_ROW_COLUMNS)
_COLUMN_OF = {"size": "sizes"}  # a field whose column is spelt otherwise
# Fields set for the whole process, on the command line, never by a row.
_PROCESS_FLAGS = {"allow_private_hosts": "--allow-private-hosts", "out": "--out",
                  "no_clobber": "--no-clobber", "resume": "--resume",
                  "jobs_format": "--jobs-format"}


def column(name: str) -> str:
    """How a batch names a field in a row's error: by the row's column."""
    if name in _PROCESS_FLAGS:
        return _PROCESS_FLAGS[name]
    name = _COLUMN_OF.get(name, name)
    return f"the {name} column" if name in COLUMNS else f'"{name}"'


def row_error(e: CardsError) -> str:
    """A library error as a batch row reports it: fields named as the row's columns."""
    return e.worded(column)
FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".yaml": "yaml",
           ".yml": "yaml"}
_PATHS = ("article", "brand", "photo", "image")  # relative to the job file's folder
_FLAGS = ("unverified", "no_qr")


def read_rows(path: Path, kind: str | None = None
              ) -> Iterator[tuple[str, dict[str, Any] | JobError]]:
    """Each row of a job file as (`file:line`, mapping), or the row's error when that one
    line cannot be read (the others still can); blank rows are skipped. The path `-` is
    standard input (CSV unless `kind` says otherwise), named <stdin> in messages."""
    stdin = str(path) == "-"
    name = "<stdin>" if stdin else str(path)
    kind = kind or ("csv" if stdin else FORMATS.get(path.suffix.lower()))
    if kind is None:
        raise JobError(f"{path}: cannot tell the format from the name; use .csv, .jsonl or"
                       f" .yaml, or pass {named('jobs_format')}", field="jobs_format")
    try:
        raw = sys.stdin.buffer.read() if stdin else path.read_bytes()
        text = raw.decode("utf-8-sig")
    except FileNotFoundError:
        raise JobError(f"job file not found: {path}") from None
    except UnicodeDecodeError:
        raise JobError(f"{name} is not UTF-8 text; save it as UTF-8") from None
    except OSError as e:
        raise JobError(f"cannot read {name}: {e.strerror}") from None
    with reading(f"the job file {name}"):
        yield from {"csv": _csv, "jsonl": _jsonl, "yaml": _yaml}[kind](text, name)


def _csv(text: str, name: str) -> Iterator[tuple[str, dict[str, Any] | JobError]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise JobError(f"{name}: empty; the first line names the columns (article,quote,…)")
    # A header mistake is every row's: say it once, before any work, naming them all.
    unknown = []
    for key in reader.fieldnames:
        try:
            _column(key, "")
        except JobError as e:
            unknown.append(str(e).removeprefix(": unknown column "))
    if unknown:
        noun = "column" if len(unknown) == 1 else "columns"
        raise JobError(f"{name}:1: unknown {noun} {', '.join(unknown)}")
    for row in reader:
        extra = row.pop(None, None)
        if extra:
            raise JobError(f"{name}:{reader.line_num}: more values than the header has"
                           " columns; quote a value that holds a comma")
        if any((v or "").strip() for v in row.values()):
            yield f"{name}:{reader.line_num}", {k.strip(): v for k, v in row.items() if k}


def _jsonl(text: str, name: str) -> Iterator[tuple[str, dict[str, Any] | JobError]]:
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{name}:{number}"
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield where, JobError(f"{where}: not valid JSON: {e.msg} (column {e.colno})")
            continue
        if not isinstance(row, dict):
            yield where, JobError(f"{where}: expected an object, got {json.dumps(row)[:40]}")
            continue
        yield where, row


def _yaml(text: str, name: str) -> Iterator[tuple[str, dict[str, Any] | JobError]]:
    import yaml  # lazy: keeps start-up fast

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise JobError(f"{name}{line}: not valid YAML: {getattr(e, 'problem', e)}") from None
    if root is None:
        return
    if not isinstance(root, yaml.SequenceNode):
        raise JobError(f"{name}: expected a list of jobs (each line starting with '- ')")
    for node in root.value:
        where = f"{name}:{node.start_mark.line + 1}"
        row = yaml.SafeLoader(yaml.serialize(node)).get_single_data()
        if not isinstance(row, dict):
            yield where, JobError(f"{where}: expected a job (key: value lines), got {row!r}")
            continue
        yield where, row


def parse_job(where: str, row: Mapping[str, Any], defaults: CardOptions,
              folder: Path) -> Job:
    """A row checked and filled in from `defaults` (the batch's options). Paths in the
    row are relative to the job file's `folder`, those in `defaults` to the current
    folder; both become absolute. URLs are left as they are."""
    values: dict[str, Any] = {}
    for key, value in row.items():
        column = _column(key, where)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, (dict, list)) and column != "sizes":
            raise JobError(f"{where}: {column}: expected text, got {value!r}")
        values[column] = value
    given = {f.name: getattr(defaults, f.name) for f in fields(CardOptions)
             if f.name != "tracking"}
    merged = {**{k: v for k, v in given.items() if v not in (None, "")}, **values}
    for required in ("article", "quote"):
        if required not in merged:
            raise JobError(f"{where}: no {required}; every row needs an article and a quote")
    for column in _PATHS:
        value = merged.get(column)
        if isinstance(value, str) and "://" not in value and value != "-":
            # Made absolute, so that a worker whose current folder is another (a Dask
            # worker's) opens the same file, and a card's name, which hashes its picture's
            # path, does not depend on the folder the batch was started from.
            base = folder if column in values else Path()
            merged[column] = os.path.abspath(base / value)
    for flag in _FLAGS:
        if flag in merged:
            merged[flag] = _truth(merged[flag], where, flag)
    sizes = merged.get("sizes", ("landscape",))
    if isinstance(sizes, str):
        sizes = tuple(s for s in sizes.replace(",", " ").split())
    merged["sizes"] = tuple(str(s) for s in sizes)

    for size in merged["sizes"]:
        if size not in PRESETS and size != "all":
            options = [*PRESETS, "all"]
            near = difflib.get_close_matches(size, options, n=1)
            hint = f' (did you mean "{near[0]}"?)' if near else f" (one of: {', '.join(options)})"
            raise JobError(f'{where}: sizes: no preset "{size}"{hint}')
    if "quality" in merged:
        if "quality" not in values and str(merged.get("format") or "png").lower() == "png":
            del merged["quality"]  # the batch's --quality is for its JPEG and WebP rows
        else:
            merged["quality"] = _quality(merged["quality"], where)
    text: dict[str, Any] = {
        k: v if isinstance(v, (bool, tuple)) or k == "quality" else str(v).strip()
        for k, v in merged.items()}
    row_values = {k: text.pop(k) for k in _ROW_COLUMNS if k in text}
    article = text.pop("article")
    return Job(where, article, CardOptions(**text), **row_values)


def _column(key: Any, where: str) -> str:
    column = str(key).strip().lower().replace("-", "_").replace(" ", "_")
    if column not in COLUMNS:
        near = difflib.get_close_matches(column, COLUMNS, n=1)
        hint = f' (did you mean "{near[0]}"?)' if near else f" (columns: {', '.join(COLUMNS)})"
        raise JobError(f'{where}: unknown column "{key}"{hint}')
    return column


def _quality(value: Any, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise JobError(f"{where}: quality: expected a whole number from 1 to 100, got"
                       f" {value!r}") from None


def _truth(value: Any, where: str, column: str) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("1", "true", "yes", "y", "x"):
        return True
    if word in ("0", "false", "no", "n", ""):
        return False
    raise JobError(f"{where}: {column}: expected yes or no, got {value!r}")
