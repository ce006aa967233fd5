"""A job file's rows for `cards batch`: the columns a row may have, and `parse_job`, which
checks one row (as `readers` gives it, with the `file:line` it came from) and fills it
from the batch's defaults. Columns cards does not use (a planning sheet's date, caption
or channel) travel with the row to the manifest, as its `extra`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msgspec import Struct

from cards.design.model import PRESETS, near_preset, preset_named
from cards.errors import CardsError, key_name, misspelt
from cards.pipeline import CardOptions


class JobError(CardsError):
    """A job file, or one of its rows, is malformed."""


class Job(Struct, frozen=True):
    """One row: a quote from an article, as cards at one or more size presets."""

    where: str  # "jobs.csv:14": the file and line the row starts on
    article: str
    options: CardOptions  # the row's columns over the batch's defaults
    output: str | None = None  # the file names' stem (a hash and the preset follow)
    network: str | None = None  # where the cards are posted: utm_source for feed presets
    campaign: str | None = None  # utm_campaign, with --utm
    extra: tuple[tuple[str, Any], ...] = ()  # the columns cards does not use, as given


# A row's columns: the article, every card option (the same names the library's errors
# use), and what only a batch has.
_BATCH_WIDE = ("tracking", "strict")  # options of the batch's, never of one row
_OPTION_COLUMNS = tuple(name for name in CardOptions.__struct_fields__ if name not in _BATCH_WIDE)
_ROW_COLUMNS = ("output", "network", "campaign")
COLUMNS = ("article", *_OPTION_COLUMNS, *_ROW_COLUMNS)
REQUIRED = ("article", "quote")
_COLUMN_OF = {"size": "sizes"}  # a field whose column is spelt otherwise
# Fields set for the whole process or batch, on the command line, never by a row.
_PROCESS_FLAGS = {"allow_private_hosts": "--allow-private-hosts", "strict": "--strict",
                  "out": "--out", "no_clobber": "--no-clobber", "resume": "--resume",
                  "jobs_format": "--jobs-format"}


def known_column(key: Any) -> str | None:
    """The column `key` names, written as people write it ("Quote", " speaker", "No QR",
    and "size" as on the command line), or None for a column cards does not use."""
    name = key_name(key)
    name = _COLUMN_OF.get(name, name)
    return name if name in COLUMNS else None


def near_column(key: Any) -> str | None:
    """The column that `key`, which is none, looks like misspelt ("speeker"), if any."""
    return misspelt(key_name(key), COLUMNS)


def column(name: str) -> str:
    """How a batch names a field in a row's error: by the row's column."""
    if name in _PROCESS_FLAGS:
        return _PROCESS_FLAGS[name]
    name = _COLUMN_OF.get(name, name)
    return f"the {name} column" if name in COLUMNS else f'"{name}"'


def row_error(e: CardsError) -> str:
    """A library error as a batch row reports it: fields named as the row's columns."""
    return e.worded(column)


_PATHS = ("article", "brand", "photo", "image")  # relative to the job file's folder
_FLAGS = ("unverified", "no_qr", "story_qr", "mark_unverified")


def parse_job(where: str, row: Mapping[str, Any], defaults: CardOptions,
              folder: Path) -> Job:
    """A row checked and filled in from `defaults` (the batch's options). Paths in the
    row are relative to the job file's `folder`, those in `defaults` to the current
    folder; both become absolute. URLs are left as they are."""
    values: dict[str, Any] = {}
    named: dict[str, str] = {}
    extra: list[tuple[str, Any]] = []
    for key, value in row.items():
        column = known_column(key)
        if column is None:
            extra.append((str(key).strip(), _kept(value, where, key)))
            continue
        if column in named:
            raise JobError(f'{where}: "{named[column]}" and "{key}" are the same column;'
                           " keep one")
        named[column] = str(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, (dict, list)) and column != "sizes":
            raise JobError(f"{where}: {column}: expected text, got {value!r}")
        values[column] = value
    given = {name: getattr(defaults, name) for name in CardOptions.__struct_fields__
             if name != "tracking"}
    merged = {**{k: v for k, v in given.items() if v not in (None, "")}, **values}
    for required in REQUIRED:
        if required not in merged:
            meant = next((str(k).strip() for k in row
                          if known_column(k) is None and near_column(k) == required), None)
            hint = f' ("{meant}": did you mean "{required}"?)' if meant else ""
            raise JobError(f"{where}: no {required}; every row needs an article and a"
                           f" quote{hint}")
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
    names = []
    for size in (str(s) for s in sizes):
        name = preset_named(size)
        if name is None:
            near = near_preset(size)
            hint = (f' (did you mean "{near}"?)' if near
                    else f" (one of: {', '.join([*PRESETS, 'all'])})")
            raise JobError(f'{where}: sizes: no preset "{size}"{hint}')
        names.append(name)
    merged["sizes"] = tuple(names)
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
    return Job(where, article, CardOptions(**text), **row_values, extra=tuple(extra))


def _kept(value: Any, where: str, key: Any) -> Any:
    """A value of a column cards does not use, as the manifest keeps it: JSON's scalars as
    they are, a date as ISO text, a list or mapping as its JSON text."""
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()  # YAML reads an unquoted 2026-11-20 as a date
    if isinstance(value, (list, dict)):
        try:
            return json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError, RecursionError):
            raise JobError(f'{where}: the column "{str(key).strip()}" holds what cannot be'
                           " kept as text") from None
    return str(value)


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
