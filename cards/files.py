"""Files in and out, the same way everywhere: the one atomic writer, TOML reading, plain
JSON for what is printed, and where the bundled fonts and templates live."""

from __future__ import annotations

import errno
import json
import os
import stat
from functools import cache
from pathlib import Path
from typing import Any

from msgspec import Struct

from cards.errors import CardsError, InputError, OutputError, TemplateError, named

_PACKAGE = Path(__file__).resolve().parent
_PACKAGE_CASED = os.path.normcase(str(_PACKAGE))


@cache
def bundled_dir(name: str) -> Path:
    """The bundled folder `name` ("fonts" or "templates").

    A wheel carries them inside the package (see pyproject's force-include); a source
    checkout or editable install keeps them at the repository's top level.
    """
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def json_value(text: str) -> Any:
    """`text` read as JSON is written (RFC 8259): NaN and Infinity, which Python's json
    takes for numbers, are refused with a ValueError, as any other fault is. A site
    named NaN would otherwise be set on a card as "nan"."""
    return json.loads(text, parse_constant=_not_json)


def plain_json(value: Any) -> Any:
    """JSON's types only (for `--explain` and `templates show`): a path as text, a record
    as an object of its fields."""
    if isinstance(value, Struct):
        return {name: plain_json(getattr(value, name)) for name in value.__struct_fields__}
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {k: plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_json(v) for v in value]
    return value


def inside(folder: Path, name: str | Path) -> Path | None:
    """The file `name` names in `folder`, if it lies inside that folder once every
    symbolic link on the way is followed; None if it lies elsewhere (an absolute path,
    `..`, or a link out of the folder). A template, a brand kit or an article may name
    only its own files."""
    path = folder / name
    return path if path.resolve().is_relative_to(folder.resolve()) else None


def outside_package(path: Path, field: str = "out") -> Path:
    """`path`, if it lies outside the cards package's own folder: output written there
    would mix with the code (run from a checkout, `--out cards` is that folder). `field`
    is the input that named it."""
    # As Path.resolve and is_relative_to decide it, on strings: a third of the time, and
    # every card a batch writes asks.
    real = os.path.normcase(os.path.realpath(path))
    if real == _PACKAGE_CASED or real.startswith(_PACKAGE_CASED + os.sep):
        raise OutputError(
            f"{named(field)} {path}: that is inside the cards package's own folder"
            f" ({_PACKAGE}), which holds its code; choose a folder outside it",
            field=field, reason="inside the package")
    return path


def refuse_existing(paths: list[Path], field: str = "out") -> None:
    """Refuse to replace files, before any is written: the first already there (and how
    many more) in one line, for `--no-clobber`. `field` is the input that named them."""
    there = [path for path in paths if os.path.lexists(path)]
    if there:
        more = f" (and {len(there) - 1} more)" if len(there) > 1 else ""
        raise OutputError(
            f"{there[0]} is already there{more}, and {named('no_clobber')} keeps it;"
            f" move it away, or choose another {named(field)}", field=field,
            reason="already there")


def read_bounded(path: Path, limit: int, what: str) -> tuple[bytes, int]:
    """The bytes of the regular file `path` and its size, for a file `what` (a card, a
    manifest) found in a folder anyone may have filled: a pipe or a device, which could
    wait for ever or never end, is refused without waiting, and at most `limit` + 1
    bytes are read, none of a file that says it is larger (the caller refuses it in its
    own words). Anything else is an `InputError` naming the file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputError(f"{what} not found: {path}") from None
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or type(e).__name__}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path} is a folder, not a {what}")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{path} is not a regular file, so not a {what}")
        data = b""
        if info.st_size <= limit:
            with os.fdopen(fd, "rb", closefd=False) as file:
                data = file.read(limit + 1)  # it may have grown since
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or type(e).__name__}") from None
    finally:
        os.close(fd)
    return data, max(info.st_size, len(data))


def write_atomic(path: Path, data: bytes, clobber: bool = True) -> None:
    """Write the whole file or nothing: a temporary file beside it, then a rename over
    `path`. The temporary name is random and created exclusively, never through a
    symbolic link, so another writer or a planted link cannot be written through; the
    file gets the permissions of any new file (the umask's), not a private 0600.

    Without `clobber` a file already at `path` is never replaced: the temporary file is
    linked to the name, which fails if anything holds it, even one that appeared a
    moment ago. Nothing is written inside the package's own folder."""
    outside_package(path)
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder; choose another {named('out')}",
                          field="out", reason="it is a folder")
    try:
        fd, tmp = _new_beside(path)  # the folder is there: every card of a batch but one
    except OSError:
        directory = path.parent
        blocker = next((p for p in (directory, *directory.parents)
                        if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            reason = (f"{blocker} is a file, not a folder" if blocker.is_file()
                      else f"{blocker} is not a folder")
            raise OutputError(f"cannot write {path}: {reason}; choose another {named('out')}",
                              field="out", reason=reason) from None
        try:
            directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = _new_beside(path)
        except OSError as e:
            raise output_error(path, e) from e
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        if clobber:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise output_error(path, e) from e
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _new_beside(path: Path) -> tuple[int, Path]:
    """A new temporary file beside `path`, opened for writing: its descriptor and name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    while True:
        # os.urandom, not secrets, which imports random and costs a cold command 2 ms.
        tmp = path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue


def _link_new(tmp: Path, path: Path) -> None:
    """`tmp` renamed to `path` only if nothing is at `path`."""
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        refuse_existing([path])
    except OSError as e:
        if e.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # A file system without hard links (FAT, some network shares): checked, then
        # renamed, which leaves a moment in which another writer could come first.
        if os.path.lexists(path):
            tmp.unlink(missing_ok=True)
            refuse_existing([path])
        os.replace(tmp, path)
        return
    tmp.unlink()


def output_error(path: Path, e: OSError) -> OutputError:
    """`path` could not be written, in the system's words (a full disk, no permission)."""
    reason = str(e.strerror or e)
    return OutputError(f"cannot write {path}: {reason}; choose another {named('out')}",
                       field="out", reason=reason)


def read_toml(path: Path, error: type[CardsError] = TemplateError) -> tuple[dict[str, Any], bytes]:
    """A TOML file's data and its bytes (for digests); any problem is `error` naming the
    file."""
    import tomllib  # lazy: keeps start-up fast

    try:
        raw = path.read_bytes()
    except OSError as e:
        raise error(f"cannot read {path}: {e.strerror}") from e
    try:
        return tomllib.loads(raw.decode("utf-8")), raw
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise error(f"{path}: not valid TOML: {e}") from e


def end_process(status: int) -> None:
    """End the process now with `status`, once its standard output and error are flushed
    (either may be closed, or a pipe its reader closed): the interpreter's own tidying
    is skipped. Only for when every file is written and closed."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: the process was started with it closed
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (cards quotes | head) or stream
            pass
    os._exit(status)
