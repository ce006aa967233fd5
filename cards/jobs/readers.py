"""Reading a job file for `cards batch`: its bytes (a file, or standard input for "-"),
its encoding, its format and its rows, as newsrooms have them; `read_jobs` gives the
jobs, the rows that failed, and what to tell the user once.

One reader per format (CSV, JSON Lines, YAML), each yielding (`file:line`, mapping), so
every later error names the row it came from. A file that is not UTF-8 is decoded as
articles are (`decode_file`: Windows-1252 from Excel, UTF-16 from its "Unicode text"),
with a note. A CSV file's values may be separated by commas, semicolons (Excel where the
decimal mark is a comma) or tabs; standard input's format is read from its first line.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from msgspec import Struct

from cards.article.encoding import decode_file
from cards.errors import CardsError, did_you_mean, named, reading
from cards.files import json_value
from cards.jobs.rows import (
    REQUIRED,
    Job,
    JobError,
    known_column,
    near_column,
    parse_job,
    row_error,
)
from cards.pipeline import CardOptions

FORMATS = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl",
           ".yaml": "yaml", ".yml": "yaml"}
STDIN = "-"
# The field that names a job file's format: the batch's option, worded by the front end.
_FORMAT = "jobs_format"


class JobFile(Struct, frozen=True):
    """A job file read: its rows, each (`file:line`, mapping) or the error that one row
    gave, and a note when it had to be decoded as something other than UTF-8."""

    name: str  # as messages name it: the path given, or "<stdin>"
    folder: Path  # the folder that paths in its rows are relative to
    rows: tuple[tuple[str, dict[str, Any] | JobError], ...]
    note: str | None = None
    header: str | None = None  # a CSV file's first line ("week.csv:1"), which names its columns
    separator: str = ","  # a CSV file's: manifest.csv is written with the same one


def read_job_file(source: str, kind: str | None = None) -> JobFile:
    """The job file at path `source`, or standard input when it is "-". Its format is
    `kind` if given, else its name's (.csv, .tsv, .jsonl, .ndjson, .yaml, .yml), else,
    for standard input, what its first line looks like. Blank rows are skipped."""
    if source == STDIN:
        name, folder = "<stdin>", Path()
        data = sys.stdin.buffer.read()
    else:
        path = Path(source)
        name, folder = source, path.parent
        kind = kind or FORMATS.get(path.suffix.lower())
        if kind is None:
            raise JobError(f"{name}: cannot tell the format from the name; use .csv, .jsonl or"
                           f" .yaml, or pass {named(_FORMAT)}", field=_FORMAT)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise JobError(f"job file not found: {name}") from None
        except OSError as e:
            raise JobError(f"cannot read {name}: {e.strerror}") from None
    text, note = decode_file(data, name, JobError)
    kind = kind or sniff_format(text)
    header, separator = None, ","
    with reading(f"the job file {name}"):
        if kind == "csv":
            header, found, separator = _csv(text, name)
        else:
            found = (_jsonl if kind == "jsonl" else _yaml)(text, name)
        rows = tuple(found)
    return JobFile(name, folder, rows, f"{name}: {note}" if note else None, header, separator)


class Jobs(Struct, frozen=True):
    """A job file as a batch takes it: the rows that parse, (where, message) for each
    that does not, and what to say once before any card is made: `warnings` (columns
    that look misspelt) and `notes` (an encoding assumed, columns kept as extra)."""

    jobs: list[Job]
    bad: list[tuple[str, str]]
    warnings: list[str]
    notes: list[str]
    separator: str = ","  # the CSV file's, for manifest.csv: a desk's Excel reads it back


def read_jobs(source: str, kind: str | None, defaults: CardOptions) -> Jobs:
    """The job file at `source` ("-": standard input) read and every row parsed, with the
    batch's options as `defaults`. A column that looks like one cards uses, misspelt, is
    warned about once for the file, or refused with `defaults.strict`."""
    read = read_job_file(source, kind)
    seen: dict[str, str] = {}  # each column cards does not use: the row it is first in
    for where, row in read.rows:
        if not isinstance(row, CardsError):
            for key in row:
                if known_column(key) is None:
                    seen.setdefault(str(key).strip(), read.header or where)
    near = {key: meant for key in seen if (meant := near_column(key))}
    warnings, notes = [], [read.note] if read.note else []
    if near:
        listed = ", ".join(f'"{key}"{did_you_mean(meant)}' for key, meant in near.items())
        columns = f"column{'s' if len(near) > 1 else ''} {listed}"
        where = seen[next(iter(near))]
        if defaults.strict:
            raise JobError(f"{where}: unknown {columns}")
        warnings.append(f"{where}: ignored {columns}")
    kept = [key for key in seen if key not in near]
    if kept:
        notes.append(f"{read.name}: {'columns' if len(kept) > 1 else 'a column'} cards does"
                     f" not use, kept in the manifest: {', '.join(kept)}")
    good: list[Job] = []
    bad: list[tuple[str, str]] = []
    for where, row in read.rows:
        try:
            if isinstance(row, CardsError):
                raise row
            good.append(parse_job(where, row, defaults, read.folder))
        except CardsError as e:
            bad.append((where, row_error(e).removeprefix(f"{where}: ")))
    return Jobs(good, bad, warnings, notes, read.separator)


def sniff_format(text: str) -> str:
    """A job file's format from its first line that is not blank: JSON Lines start with
    "{", YAML with "- " (or "---", "[", a comment), anything else is a CSV header."""
    for line in text[:65536].splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            return "jsonl"
        if line in ("-", "---") or line.startswith(("- ", "-\t", "--- ", "#", "%", "[")):
            return "yaml"
        return "csv"
    return "csv"


# Excel's first line naming the separator, which it writes for a reader in another locale.
_SEPARATOR_LINE = re.compile(r'"?sep=([^"\r\n])"?')
_SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}


def _csv(text: str, name: str
         ) -> tuple[str, Iterator[tuple[str, dict[str, Any] | JobError]], str]:
    """Where the header is ("week.csv:1"), checked, and the rows under it."""
    first, _, rest = text.partition("\n")
    given = _SEPARATOR_LINE.fullmatch(first.strip())
    skipped = 1 if given else 0
    separator = given.group(1) if given else _separator(text)
    reader = csv.reader(io.StringIO(rest if given else text, newline=""),
                        delimiter=separator, skipinitialspace=True)
    header = next(reader, None)
    if header is None or not any(h.strip() for h in header):
        raise JobError(f"{name}: empty; the first line names the columns (article,quote,…)")
    where = f"{name}:{reader.line_num + skipped}"
    columns = _columns(header, where)

    def rows() -> Iterator[tuple[str, dict[str, Any] | JobError]]:
        # A row is named by the line it starts on: a quoted value may hold line breaks,
        # and the reader's count is then the row's last line.
        start = reader.line_num + 1
        for values in reader:
            where = f"{name}:{start + skipped}"
            start = reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            # Even an empty value past the last column means the row's values moved: a
            # separator inside an unquoted quote shifts every value after it, and the
            # speaker column would hold words of the quote.
            if len(values) > len(columns):
                what = _SEPARATORS.get(separator, f'"{separator}"')
                yield where, JobError(f"{where}: more values than the header has columns;"
                                      f" quote a value that holds a {what}")
                continue
            values = (values + [""] * len(columns))[:len(columns)]
            # A column without a name (Excel's last, often) is kept where it holds a value.
            yield where, {column: value for (column, unnamed), value
                          in zip(columns, values, strict=True) if not unnamed or value.strip()}

    return where, rows(), separator


def _separator(text: str) -> str:
    """What separates a CSV file's values: csv.Sniffer's reading of the first lines, if
    the header then has an article and a quote column; else a comma, semicolon or tab
    under which it has them; else the Sniffer's, and the header's check says what is
    missing."""
    sample = text[:4096]
    if "\n" in sample.rstrip("\n"):  # whole lines only: a cut one misleads the Sniffer
        sample = sample[:sample.rstrip("\n").rindex("\n")]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(_SEPARATORS)).delimiter
    except csv.Error:  # one column, or nothing regular
        sniffed = ","
    first = text[:65536].partition("\n")[0].rstrip("\r")

    def fits(separator: str) -> bool:
        header = next(csv.reader([first], delimiter=separator, skipinitialspace=True), [])
        return set(REQUIRED) <= {known_column(c) for c in header}

    return next((s for s in (sniffed, *_SEPARATORS) if fits(s)), sniffed)


def _columns(header: list[str], where: str) -> list[tuple[str, bool]]:
    """The header's columns as (name, unnamed). A file without an article or a quote
    column, or with one column twice ("Quote" and "quote"), is refused as a whole: every
    row would fail the same way. A column cards does not use that is named twice keeps
    its place in the second name."""
    columns: list[tuple[str, bool]] = []
    known: dict[str, str] = {}
    others: set[str] = set()
    for number, raw in enumerate(header, 1):
        given = raw.strip()
        if not given:
            columns.append((f"column {number}", True))
            continue
        column = known_column(given)
        if column is not None:
            if column in known:
                raise JobError(f'{where}: "{known[column]}" and "{given}" are the same column;'
                               " keep one")
            known[column] = given
        elif given in others:
            given = f"{given} (column {number})"
        others.add(given)
        columns.append((given, False))
    missing = [c for c in REQUIRED if c not in known]
    if missing:
        meant = [f'"{c}" (did you mean "{near_column(c)}"?)' for c, unnamed in columns
                 if not unnamed and near_column(c) in missing and known_column(c) is None]
        why = (f": {', '.join(meant)}" if meant else "; the first line names the columns"
               " (article,quote,…), separated by commas, semicolons or tabs")
        plural = "s" if len(missing) > 1 else ""
        raise JobError(f"{where}: no {' and '.join(missing)} column{plural}{why}")
    return columns


def _jsonl(text: str, name: str) -> Iterator[tuple[str, dict[str, Any] | JobError]]:
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{name}:{number}"
        if not line.strip():
            continue
        try:
            row = json_value(line)
        except json.JSONDecodeError as e:
            yield where, JobError(f"{where}: not valid JSON: {e.msg} (column {e.colno})")
            continue
        except ValueError as e:  # NaN, Infinity
            yield where, JobError(f"{where}: not valid JSON: {e}")
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
