"""The exception hierarchy. Every expected failure is a `CardsError` whose message says
what was wrong, where, and what to do; the CLI prints it on one line and exits non-zero.

The library names the fields a user fills in (`speaker`, `url`, `out`…), never a flag:
a message marks each with `named("speaker")`, and the front end words it where the user
is (`--speaker` on the command line, "the speaker column" in a batch). `reading` names
the input being read, so that even an exception nobody foresaw is reported against it.
`suggest` and `misspelt` find the key a user meant, for the "did you mean" every reader of
keys and columns offers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

# A field in a message: ⟦speaker⟧. Brackets no message or quote uses otherwise.
_FIELD = re.compile(r"⟦([a-z_]+)⟧")


def named(name: str) -> str:
    """A reference to the input field `name` in a message, worded by the front end."""
    return f"⟦{name}⟧"


def flag_for(field_name: str) -> str:
    """The command-line flag that sets a field (`no_qr` is --no-qr): for the messages the
    command line words, and the commands a preview gallery prints."""
    return "--" + field_name.replace("_", "-")


def internal_error(e: BaseException) -> str:
    """One card's (or one request's) failure that no check foresaw, as one line: a fault
    of cards itself, to report. Said the same by a batch row, a preview tile and the web
    page."""
    return f"internal error: {type(e).__name__}: {e} (please report it)"


def plain_field(name: str) -> str:
    """How a field reads where no front end words it: its name, in quotes."""
    return f'"{name}"'


def word(message: str, name: Callable[[str], str] = plain_field) -> str:
    """A message (an error's or a warning's) with each field named as `name` words it."""
    return _FIELD.sub(lambda m: name(m.group(1)), message)


def key_name(key: Any) -> str:
    """A key or column as people write it, as cards names it: "Quote", " speaker" and
    "No QR" are quote, speaker and no_qr."""
    return str(key).strip().lower().replace("-", "_").replace(" ", "_")


def did_you_mean(option: str) -> str:
    return f' (did you mean "{option}"?)'


def suggest(word: str, options: Sequence[str]) -> str:
    """' (did you mean "x"?)' for a near miss (also "dark_logo" for "logo_dark"), else
    the options when they are few, else nothing."""
    import difflib  # lazy: keeps start-up fast

    swapped = "_".join(reversed(word.split("_")))
    near = [swapped] if swapped in options else difflib.get_close_matches(word, options, n=1)
    if near:
        return did_you_mean(near[0])
    return f" (one of: {', '.join(options)})" if len(options) <= 10 else ""


def misspelt(word: str, options: Collection[str]) -> str | None:
    """The option `word` is a slip of the keys away from, if any: one letter wrong,
    missing, extra, or two swapped (two slips in a name of seven letters or more), with
    the first letter right or swapped with the second. Stricter than `suggest`: a column
    or key that is merely unknown ("date", "time", "subtitle") is someone's own and is
    kept quietly; only a near miss earns a warning."""
    best: tuple[int, str] | None = None
    for option in options:
        limit = 2 if len(option) >= 7 else 1
        if (word == option or abs(len(word) - len(option)) > limit or not word
                or (word[0] != option[0] and word[:2] != option[1::-1])):
            continue
        distance = _slips(word, option)
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, option)
    return best[1] if best else None


def _slips(a: str, b: str) -> int:
    """Edits from `a` to `b`: letters replaced, inserted, deleted, or two adjacent swapped
    (the optimal string alignment distance). Callers bound the lengths."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


class CardsError(Exception):
    """An expected failure with a message meant for the user. `field` is the input the
    problem is about, where there is one (a web page would highlight it)."""

    exit_code = 1

    def __init__(self, message: str, *args: object, field: str | None = None) -> None:
        super().__init__(message, *args)
        self.message = message
        self.field = field

    def worded(self, name: Callable[[str], str] = plain_field) -> str:
        """The message with each field named as `name` words it."""
        return word(self.message, name)

    def __str__(self) -> str:
        return self.worded()

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries (batch and preview workers) whole: the field and
        # a subclass's own attributes too, whatever its __init__ takes.
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(cls: type[CardsError], args: tuple[object, ...],
             state: dict[str, object]) -> CardsError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ArticleError(CardsError):
    """The article is missing, unreadable, empty, not UTF-8 or malformed."""


class FetchError(ArticleError):
    """A page or image could not be read from the web: a bad address, no answer, an
    error status, the wrong kind of file or one too large."""


class QuoteError(CardsError):
    """The chosen quote is not in the article, or its number is out of range. `meant` is
    the number of the listed quotation the text was most likely meant to be, if any;
    `command` how to ask for it, where the front end can say (the command line's own);
    `passage` the article's words nearest the quote, as the message shows them."""

    def __init__(self, message: str, *args: object, field: str | None = None,
                 meant: int | None = None, passage: str | None = None) -> None:
        super().__init__(message, *args, field=field)
        self.meant = meant
        self.passage = passage
        self.command: str | None = None

    def worded(self, name: Callable[[str], str] = plain_field) -> str:
        text = super().worded(name)
        if self.meant is None:
            return text
        how = self.command or f"set {name('quote')} to {self.meant}"
        return f"{text}; did you mean quote {self.meant}? {how}"


class TemplateError(CardsError):
    """A template is unknown or invalid."""


class ContrastError(TemplateError):
    """A colour does not read against what is behind it. Carries the colour roles, so a
    brand kit that brought the colours can be named as the place to fix it."""

    def __init__(self, message: str, role: str, grounds: tuple[str, ...], ratio: float,
                 needed: float, element: str, preset: str) -> None:
        super().__init__(message)
        self.role, self.grounds, self.ratio, self.needed = role, grounds, ratio, needed
        self.element, self.preset = element, preset


class LogoContrastError(TemplateError):
    """A logo does not stand out from the background."""

    def __init__(self, message: str, ratio: float, ink: tuple[int, int, int]) -> None:
        super().__init__(message)
        self.ratio, self.ink = ratio, ink


class FontError(CardsError):
    """A font is missing, or no font covers a character."""


class LayoutError(CardsError):
    """The content does not fit the template (for example a quote too long)."""


class OptionError(CardsError):
    """A command-line value is invalid (URL, size preset, output path)."""


class OutputError(CardsError):
    """A file could not be written. `reason` is why, in the system's words, for a caller
    that words the rest itself (the image cache)."""

    def __init__(self, message: str, *args: object, field: str | None = None,
                 reason: str = "") -> None:
        super().__init__(message, *args, field=field)
        self.reason = reason


class InputError(CardsError):
    """An input (a picture, a font, a job file) could not be read, for a reason no check
    foresaw: a damaged file, one nested too deeply."""


class NotACardError(InputError):
    """A file read as a card is whole, but is not a card made by cards: a plain PNG, a
    JPEG from elsewhere, something far larger than any card."""


@contextmanager
def reading(what: str) -> Iterator[None]:
    """Name the input being read while the block runs: an exception that is not a
    `CardsError` (Pillow's `OSError`, a `RecursionError`, a `ValueError` from a parser)
    becomes an `InputError` that names `what`, chained to the original for --debug."""
    try:
        yield
    except CardsError:
        raise
    except Exception as e:  # noqa: BLE001 - whatever a parser or a decoder raises
        raise InputError(f"{what}: {describe(e)}") from e


def describe(e: BaseException) -> str:
    """A short reason for an unforeseen exception, without Python's vocabulary where a
    user would not know it."""
    if isinstance(e, RecursionError):
        return "nested too deeply to read"
    if isinstance(e, MemoryError):
        return "too large to read"
    if isinstance(e, OSError) and e.strerror:
        return f"cannot be read ({e.strerror})"
    text = str(e).splitlines()[0].strip() if str(e).strip() else type(e).__name__
    return f"cannot be read ({text})"
