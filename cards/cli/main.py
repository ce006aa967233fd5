"""The `cards` group: every command registered, and the one place errors are reported.

An expected failure (`CardsError`) is one line naming the flag to change; anything else
the library raises (Pillow's `OSError`, a `RecursionError` from a hostile file) is one
line naming the input being read. `--debug`, anywhere on the command line, shows the
traceback instead; `--allow-private-hosts`, also anywhere, lets the fetcher reach an
intranet server.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import os
import sys
from typing import Any

import click

from cards._version import __version__
from cards.cli import config
from cards.cli.command import Group, UnknownName
from cards.cli.terminal import forget_line, report
from cards.errors import CardsError


def _take_limit(args: list[str]) -> list[str]:
    """`--max-article-mb N` (or `=N`), anywhere before "--": the process's article cap."""
    end = args.index("--") if "--" in args else len(args)
    given = [i for i, arg in enumerate(args[:end])
             if arg == "--max-article-mb" or arg.startswith("--max-article-mb=")]
    if len(given) > 1:
        raise click.UsageError("--max-article-mb is given more than once; it takes one value")
    for i in given:
        arg = args[i]
        value = arg.partition("=")[2] if "=" in arg else (args[i + 1] if i + 1 < end else "")
        try:
            mb = float(value)
        except ValueError:
            raise click.UsageError(
                f"--max-article-mb: expected a number of megabytes, got {value!r}") from None
        from cards.article.limits import max_article_mb  # lazy: rarely given

        max_article_mb(mb)
        rest = args[i + 1 :] if "=" in arg else args[i + 2 :]
        return args[:i] + rest
    return args


# Whether `gc.freeze` is set to run as the process ends.
_freezing_at_exit = False


def _freeze_at_exit() -> None:
    """As the interpreter ends, its garbage collector walks every object the run made,
    to collect cycles whose memory the system takes back anyway: 11 ms of a 130 ms
    `cards render`. Frozen just before (atexit runs first), they are left alone; every
    object is still freed, and every other exit handler still runs."""
    global _freezing_at_exit
    if not _freezing_at_exit:
        atexit.register(gc.freeze)
        _freezing_at_exit = True


class CardsGroup(Group):
    """The conventions' group, with every error reported in the same one-line form."""

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if args is not None:  # called from Python (a test's runner): it ends as it likes
            return self._main(args, prog_name, complete_var, standalone_mode, **extra)
        # The command line's process: once done, it does not wait on a worker's pipe.
        try:
            result = self._main(args, prog_name, complete_var, standalone_mode, **extra)
        except SystemExit as e:
            _leave_now_if_a_worker_was_cut_off(e.code if isinstance(e.code, int) else 1)
            raise
        _leave_now_if_a_worker_was_cut_off(0)
        return result

    def _main(self, args: Any, prog_name: str | None, complete_var: str | None,
              standalone_mode: bool, **extra: Any) -> Any:
        _freeze_at_exit()
        args = list(sys.argv[1:] if args is None else args)
        forget_line()
        # --debug and --allow-private-hosts are the group's, but are taken anywhere before
        # "--", as --debug always was: they are about the process, not one command.
        end = args.index("--") if "--" in args else len(args)
        debug = "--debug" in args[:end]
        if "--allow-private-hosts" in args[:end]:
            from cards.article.addresses import allow_private_hosts  # lazy: rarely given

            allow_private_hosts(True)  # for the process and the workers it forks
        args = [a for i, a in enumerate(args)
                if not (a in ("--debug", "--allow-private-hosts") and i < end)]
        try:
            args = _take_limit(args)
            if "default_map" not in extra:
                extra["default_map"] = _configured(self)
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as e:
            # A name that names nothing lists the choices itself.
            hint = (f" (see {e.ctx.command_path} --help)"
                    if e.ctx and not isinstance(e, UnknownName) else "")
            report(f"{e.format_message()}{hint}")
            sys.exit(e.exit_code)
        except click.ClickException as e:
            report(e.format_message())
            sys.exit(e.exit_code)
        except click.Abort as e:
            click.echo("Aborted.", err=True)
            # Ctrl-C: the status a shell expects of a program the user interrupted.
            sys.exit(130 if isinstance(e.__cause__, KeyboardInterrupt) else 1)
        except CardsError as e:
            if debug:
                raise
            report(e)
            sys.exit(e.exit_code)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as e:  # noqa: BLE001 - the boundary: no traceback without --debug
            if debug:
                raise
            report(unexpected(e))
            sys.exit(1)
        if standalone_mode:
            sys.exit(result if isinstance(result, int) else 0)
        return result


def _leave_now_if_a_worker_was_cut_off(code: int) -> None:
    """See `cards.jobs.pool.leave_now_if_a_worker_was_cut_off`: only a command that ran
    a pool has imported it."""
    pool = sys.modules.get("cards.jobs.pool")
    if pool is not None:
        pool.leave_now_if_a_worker_was_cut_off(code)


def _configured(group: click.Group) -> dict[str, Any]:
    """The defaults cards.toml files and CARDS_* variables set (`cli/config.py`)."""
    from pathlib import Path

    values = config.load(group, Path.cwd(), os.environ)
    return config.default_map(group, values) if values else {}


def unexpected(e: BaseException) -> str:
    """One line for an exception no check foresaw and no input explains: a fault of cards
    itself, to report."""
    text = str(e).splitlines()[0].strip() if str(e).strip() else ""
    return (f"internal error: {type(e).__name__}{': ' + text if text else ''} (run again with"
            " --debug for the traceback, and please report it)")


@click.group(cls=CardsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cards")
@click.option("--debug", is_flag=True,
              help="Show the full traceback on errors (taken anywhere on the line).")
@click.option("--max-article-mb", type=float, metavar="N",
              help="Read articles of up to N megabytes, from a file or the web [default: 10]"
                   " (taken anywhere on the line; or set CARDS_MAX_ARTICLE_MB).")
@click.option("--allow-private-hosts", is_flag=True,
              help="Fetch pages and images from loopback and private addresses too, such"
                   " as an intranet CMS (taken anywhere on the line; or set"
                   " CARDS_ALLOW_PRIVATE_HOSTS=1).")
def main(debug: bool, max_article_mb: float | None, allow_private_hosts: bool) -> None:
    """Turn a news article and a quote from it into share cards (PNG, JPEG or WebP)."""


class LazyCommands(dict[str, click.Command]):
    """The group's commands by name, each one's module imported the first time it is
    asked for: `cards render` starts without loading the web server, the batch runner or
    the audit (a cold start is most of a single card's time)."""

    def __init__(self, modules: tuple[str, ...]) -> None:
        super().__init__()
        self.modules = modules  # cards.cli.NAME holds the command NAME

    def _load(self, name: str) -> None:
        if name in self.modules and not dict.__contains__(self, name):
            module = importlib.import_module(f"cards.cli.{name}")
            dict.__setitem__(self, name, getattr(module, name))

    def __getitem__(self, name: str) -> click.Command:
        self._load(name)
        return dict.__getitem__(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        self._load(name)
        return dict.get(self, name, default)

    def __contains__(self, name: object) -> bool:
        return name in self.modules or dict.__contains__(self, name)

    def __iter__(self) -> Any:
        return iter([*self.modules, *(n for n in dict.keys(self) if n not in self.modules)])

    def __len__(self) -> int:
        return len(list(iter(self)))

    def keys(self) -> Any:
        return list(iter(self))

    def items(self) -> Any:
        return [(name, self[name]) for name in self]

    def values(self) -> Any:
        return [self[name] for name in self]


main.commands = LazyCommands(("render", "quotes", "info", "batch", "preview", "serve",
                              "templates", "fonts", "inspect", "audit", "config"))
