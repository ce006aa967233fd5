"""What cards says on standard error: the `Error:`, `Warning:` and `Note:` lines, their
prefixes coloured on a terminal, and the progress line a batch or a preview redraws.

Colour goes through `click.style`, and `click.echo` strips it wherever standard error is
not a terminal (a pipe, a file, a test's runner), so those read plain text; `NO_COLOR`
in the environment, whatever its value, turns it off on a terminal too (no-color.org).
A progress line is drawn only on a terminal; anything said while it is drawn first
clears it, and whatever stops a run (Ctrl-C, an error) is said on a line of its own."""

from __future__ import annotations

import os
import sys
import time
from types import TracebackType
from typing import Literal

import click

from cards.errors import CardsError, OutputError, flag_for
from cards.jobs.progress import Progress, Reporter


def on_terminal() -> bool:
    """Whether standard error is a terminal, where a person watches: progress lines and
    colour are for them, not for logs."""
    stream = sys.stderr
    return stream is not None and stream.isatty()


def _prefix(word: str, colour: str) -> str:
    label = f"{word}:"
    if "NO_COLOR" in os.environ:
        return label
    return click.style(label, fg=colour, bold=True)


# Whether a progress line is on the screen now, without a newline after it.
_line_open = False


def forget_line() -> None:
    """A new command starts with no progress line open (as each test's does)."""
    global _line_open
    _line_open = False


def _clear_line() -> None:
    global _line_open
    if _line_open:
        click.echo("\r\033[K", err=True, nl=False)
        _line_open = False


def _end_line() -> None:
    """Leave the progress line as it is and go to the next line."""
    global _line_open
    click.echo("", err=True)
    _line_open = False


def error_line(e: CardsError) -> str:
    """A library error as the command line says it: fields named as flags."""
    return e.worded(flag_for)


def report(problem: CardsError | str) -> None:
    """One error line on stderr, the same for the boundary, a batch's failed row and each
    problem `templates validate` finds."""
    text = error_line(problem) if isinstance(problem, CardsError) else problem
    _clear_line()
    click.echo(f"{_prefix('Error', 'red')} {text}", err=True)


def warn(text: str) -> None:
    _clear_line()
    click.echo(f"{_prefix('Warning', 'yellow')} {text}", err=True)


def note(text: str) -> None:
    _clear_line()
    click.echo(f"Note: {text}", err=True)


def stand_in_note(template: str) -> None:
    """Said when a design that sets the quote over a picture had none of the story's."""
    note(f'"{template}" set the quote over its own stand-in picture; pass --image FILE to'
         " use the story's picture instead")


class Display(Reporter):
    """The progress of a batch or a preview: on a terminal a line redrawn at most ten
    times a second; elsewhere a plain line every five seconds if `plain`, else nothing;
    nothing at all when `quiet`. `unit` is what the failures counted are: a batch's
    rows, a preview's cards.

    Used as a context manager: the line is cleared when the run ends, and kept when
    something stops it (Ctrl-C, an error), with a newline after it, so that what is said
    next starts a line of its own rather than landing after the bar (and the "^C" the
    terminal echoed there)."""

    def __init__(self, quiet: bool = False, plain: bool = True,
                 unit: Literal["rows", "cards"] = "rows") -> None:
        self.quiet, self.tty, self.plain, self.unit = quiet, on_terminal(), plain, unit
        self.shown = 0.0

    def progress(self, state: Progress) -> None:
        global _line_open
        now = time.monotonic()
        final = state.done >= state.total
        if self.quiet or not (self.tty or self.plain) or (
                now - self.shown < (0.1 if self.tty else 5.0) and not final):
            return
        self.shown = now
        failed = state.failed_rows if self.unit == "rows" else state.failed_cards
        left = (state.total - state.done) / state.rate if state.rate else 0
        line = (f"{state.done}/{state.total} cards · {failed} failed · "
                f"{state.rate:.1f}/s · {int(left) // 60}:{int(left) % 60:02d} left")
        if self.tty:
            width = 28
            filled = width * state.done // max(1, state.total)
            click.echo(f"\r[{'#' * filled}{'-' * (width - filled)}] {line}\033[K", err=True,
                       nl=False)
            _line_open = True
        else:
            click.echo(line, err=True)

    def clear(self) -> None:
        _clear_line()

    def __enter__(self) -> Display:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if error is None:
            _clear_line()
            return
        # Ctrl-C leaves "^C" where the cursor was, even before any bar was drawn; a
        # batch turns it into its own error, which keeps the KeyboardInterrupt as context.
        stopped = isinstance(error, KeyboardInterrupt) or isinstance(
            error.__context__, KeyboardInterrupt)
        if _line_open or (stopped and self.tty):
            _end_line()


def to_stdout(data: bytes, what: str) -> None:
    """`what` (a card, a sheet) on standard output, or one line saying why it could not
    go there (a full disk behind a redirect, a reader that went away)."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as e:
        raise OutputError(f"--out -: cannot write {what} to standard output:"
                          f" {e.strerror or type(e).__name__}") from e
