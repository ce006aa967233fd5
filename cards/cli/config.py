"""Defaults set once: `cards.toml` files and `CARDS_*` variables.

Every option of the commands that make cards may have its default set, by the name of its
long flag (`template`, `size`, `out`, `brand`, `no_qr`, `jobs`…), except what belongs to
one card or one run (the quote, its URL and speaker, pictures, `--unverified`: a default
there would put one story's words or one person's name on every card). A key at the top
of a file applies to every command that has the option; a `[render]`, `[batch]`,
`[preview]` or `[quotes]` table sets it for that command alone.

Where a value comes from, lowest first: the user's file (`$XDG_CONFIG_HOME/cards/
cards.toml`, else `~/.config/cards/cards.toml`), the nearest `cards.toml` in the current
folder or a parent (or the file `CARDS_CONFIG` names), then `CARDS_<KEY>` variables;
whatever the command line gives wins over all of them. Paths in a file are relative to
the file's folder. Click applies the result as each command's `default_map`, so a value
is checked and converted exactly as the same flag would be.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
from msgspec import Struct

from cards.cli.command import Command, Group
from cards.errors import CardsError
from cards.files import read_toml

NAME = "cards.toml"
COMMANDS = ("render", "batch", "preview", "quotes", "serve")
# What belongs to one card or one run, never a default.
PER_CARD = frozenset({
    "quote", "url", "speaker", "unverified", "image", "photo", "kicker", "explain", "json",
    "resume", "watch", "html", "help", "open", "fail_fast", "site",
    "headline",
})
# What to set instead, where a key is one card's.
_INSTEAD = {"site": ('"default_site", which names the publication of an article that'
                     " states none (\"site\" would replace every article's own)")}
# Keys whose values are paths, read relative to the file that sets them.
_PATHS = frozenset({"brand", "out", "template"})
# `out` is a folder for render and batch, but preview's is its sheet: a top-level `out`
# is for the first two only; preview's goes in a [preview] table.
_TOP_OUT = ("render", "batch")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


class ConfigError(CardsError):
    """A configuration file or variable that cannot be used as it stands."""

    exit_code = 2


class Value(Struct, frozen=True):
    key: str
    value: Any
    source: str  # a file (with its table), a variable, or "default"
    command: str | None = None  # None: every command that has the option


def key_of(option: click.Option) -> str:
    """The key that sets `option`: its longest flag, without dashes, `-` as `_`."""
    return max(option.opts, key=len).lstrip("-").replace("-", "_")


def options(group: click.Group) -> dict[str, dict[str, click.Option]]:
    """Every key a file may set: key -> {command: its option}."""
    found: dict[str, dict[str, click.Option]] = {}
    for name in COMMANDS:
        command = group.commands.get(name)
        if command is None:
            continue
        for param in command.params:
            if isinstance(param, click.Option) and key_of(param) not in PER_CARD:
                found.setdefault(key_of(param), {})[name] = param
    return found


def files(cwd: Path, environ: Mapping[str, str]) -> list[Path]:
    """The files read, lowest priority first: the user's, then the project's."""
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    user = Path(base) / "cards" / NAME
    chosen = [user] if user.is_file() else []
    named_file = environ.get("CARDS_CONFIG")
    if named_file:
        path = Path(named_file).expanduser()
        if not path.is_file():
            raise ConfigError(f"CARDS_CONFIG names {path}, which is not a file")
        return [*chosen, path]
    nearest = next((d / NAME for d in (cwd, *cwd.parents) if (d / NAME).is_file()), None)
    if nearest is not None and nearest.resolve() != user.resolve():
        chosen.append(nearest)
    return chosen


def _suggest(word: str, choices: list[str]) -> str:
    from difflib import get_close_matches  # lazy: only for a mistake

    near = get_close_matches(word, choices, n=1)
    return f' (did you mean "{near[0]}"?)' if near else ""


def _checked(option: click.Option, value: Any, where: str, key: str, folder: Path | None) -> Any:
    """`value` as the option would take it from the command line, or a ConfigError."""
    if option.is_flag:
        if isinstance(value, str) and value.lower() in _TRUE + _FALSE:
            return value.lower() in _TRUE
        if not isinstance(value, bool):
            raise ConfigError(f'{where}: "{key}" is true or false, not {value!r}')
        return value
    if option.multiple:
        items = value.replace(",", " ").split() if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise ConfigError(f'{where}: "{key}" is a list of names, not {value!r}')
        return [_converted(option, v, where, key) for v in items]
    if isinstance(value, (dict, list)):
        raise ConfigError(f'{where}: "{key}" takes one value, not {value!r}')
    if folder is not None and key in _PATHS and isinstance(value, str):
        looks_like_path = key != "template" or "/" in value or value.endswith(".toml")
        if looks_like_path and not Path(value).expanduser().is_absolute():
            value = str(folder / value) + ("/" if value.endswith("/") else "")
    return _converted(option, value, where, key)


def _converted(option: click.Option, value: Any, where: str, key: str) -> Any:
    # Lazy: a run with no configuration never needs the catalog (start-up time).
    from cards.design.catalog import is_template_path, template_name, unknown_template
    from cards.design.model import PRESETS

    if key == "template" and isinstance(value, str) and not is_template_path(value) \
            and template_name(value) is None:
        raise ConfigError(f'{where}: "template": {unknown_template(value)}')
    if key == "size" and isinstance(value, str) and value.lower() not in (*PRESETS, "all"):
        raise ConfigError(f'{where}: "size": no preset "{value}"'
                          f"{_suggest(value.lower(), [*PRESETS, 'all'])}; choose from"
                          f" {', '.join(PRESETS)} or all")
    try:
        return option.type.convert(value, None, None)
    except click.BadParameter as e:
        raise ConfigError(f'{where}: "{key}": {e.format_message().rstrip(".")}') from None


def _commands(key: str, command: str | None, known: dict[str, click.Option]) -> list[str]:
    if command is not None:
        return [command] if command in known else []
    names = list(known)
    return [c for c in names if c in _TOP_OUT] if key == "out" else names


def load(group: click.Group, cwd: Path, environ: Mapping[str, str]) -> list[Value]:
    """Every value set, in the order they apply (later wins)."""
    found = files(cwd, environ)
    if not found and not any(name.startswith("CARDS_") for name in environ):
        return []  # nothing set: the commands' options need not even be imported
    known = options(group)
    values: list[Value] = []
    for path in found:
        data, _ = read_toml(path, ConfigError)
        tables: list[tuple[str | None, dict[str, Any]]] = [
            (None, {k: v for k, v in data.items() if k not in COMMANDS})]
        for name in COMMANDS:
            table = data.get(name, {})
            if not isinstance(table, dict):
                raise ConfigError(f"{path}: [{name}] is a table of options")
            tables.append((name, table))
        for command, table in tables:
            for key, value in table.items():
                where = f"{path}" + (f" [{command}]" if command else "")
                if key in PER_CARD:
                    instead = (f"; set {_INSTEAD[key]}" if key in _INSTEAD
                               else "; give it on the command line")
                    raise ConfigError(f'{where}: "{key}" belongs to one card, so it cannot'
                                      f" have a default{instead}")
                if key not in known or not _commands(key, command, known[key]):
                    scope = sorted(k for k in known if command is None or command in known[k])
                    if isinstance(value, dict):  # a table: one of the commands' ([rendr])
                        scope = list(COMMANDS)
                    raise ConfigError(f'{where}: unknown key "{key}"{_suggest(key, scope)}')
                # Checked as each command that takes it would (preview's --template is
                # repeatable, render's is not).
                checked = [_checked(known[key][c], value, where, key, path.parent)
                           for c in _commands(key, command, known[key])]
                values.append(Value(key, checked[0], where, command))
    for key in sorted(known):
        variable = f"CARDS_{key.upper()}"
        if variable in environ:
            checked = [_checked(option, environ[variable], variable, key, None)
                       for option in known[key].values()]
            values.append(Value(key, checked[0], variable))
    return values


def default_map(group: click.Group, values: list[Value]) -> dict[str, dict[str, Any]]:
    """Click's `default_map`: command -> {parameter name: value}, later values winning;
    a command's own table wins over a top-level key of the same source or lower."""
    known = options(group)
    out: dict[str, dict[str, Any]] = {}
    for v in values:
        for command in _commands(v.key, v.command, known[v.key]):
            option = known[v.key][command]
            value = v.value
            if option.multiple and not isinstance(value, (list, tuple)):
                value = [value]
            out.setdefault(command, {})[option.name or v.key] = value
    return out


def effective(group: click.Group, values: list[Value]) -> list[tuple[str, str, str]]:
    """(key, value as shown, where from) for every key; a key whose value differs from
    command to command gets a row per command (`batch.out`). What nothing sets shows its
    built-in default."""
    known = options(group)
    rows: list[tuple[str, str, str]] = []
    for key in sorted(known):
        chosen: dict[str, Value] = {}
        for v in values:
            if v.key == key:
                for command in _commands(key, v.command, known[key]):
                    chosen[command] = v
        shown = {}
        for command, option in known[key].items():
            found = chosen.get(command)
            shown[command] = (_shown(found.value), found.source) if found else _default(option)
        if len(set(shown.values())) == 1:
            rows.append((key, *next(iter(shown.values()))))
        else:
            rows += [(f"{command}.{key}", *row) for command, row in shown.items()]
    return rows


def _default(option: click.Option) -> tuple[str, str]:
    value = option.default
    if option.is_flag and not isinstance(value, bool):
        value = False
    if not isinstance(value, (str, int, float, list, tuple)) or (option.multiple and not value):
        return "(not set)", "default"  # Click's UNSET, or None
    return _shown(value), "default"


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


STARTER = '''\
# cards.toml: defaults for cards in this folder and the folders below it.
# Every key is an option's long name (cards render --help); the command line wins over
# this file, and CARDS_<KEY> variables (CARDS_TEMPLATE=night) win over it too.
# `cards config` shows what is in effect and where each value comes from.
# Paths are relative to this file.

# template = "classic"          # a bundled design, or a template folder or .toml file
# size = ["landscape"]          # or "all", or ["landscape", "square", "story"]
# brand = "brand.toml"          # a brand kit: colours, fonts, name, link tracking
# default_site = "The Riverside Courier"  # the publication, for articles that do not say
# lang = "en"                   # only if every quote is in one language
# no_qr = false
# alt_text = true               # write NAME.txt beside each card (render)
# no_clobber = true             # never replace a file that is there (--clobber to, once)

# [render]
# out = "cards/"                # a folder (ending in /), or a .png, .jpg or .webp file
# format = "jpeg"               # png, jpeg or webp: JPEG or WebP for photo designs
# quality = 85                  # JPEG's or WebP's (default 90)

# [batch]
# out = "cards-out/"
# jobs = 2
# manifest_csv = true
# utm = true
# campaign = "spring"

# [preview]
# out = "preview.png"
# guides = true
'''


def starter(path: Path) -> None:
    """Write the commented starter file, refusing to replace one."""
    from cards.files import write_atomic  # lazy: only for `config init`

    if path.exists():
        raise ConfigError(f"{path} is already there; edit it, or remove it first")
    write_atomic(path, STARTER.encode("utf-8"))


@click.group(cls=Group, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print the values as JSON.")
@click.pass_context
def config(ctx: click.Context, as_json: bool) -> None:
    """Show the defaults in effect, and where each comes from.

    Defaults come from cards.toml in this folder or the nearest parent (or the file
    CARDS_CONFIG names), from ~/.config/cards/cards.toml, and from CARDS_<KEY>
    variables; the command line wins over all of them.

    \b
    Examples:
      cards config
      cards config init
    """
    if ctx.invoked_subcommand is not None:
        return
    group = ctx.find_root().command
    assert isinstance(group, click.Group)
    read = files(Path.cwd(), os.environ)
    rows = effective(group, load(group, Path.cwd(), os.environ))
    if as_json:
        import json  # lazy: only for --json

        click.echo(json.dumps({"files": [str(p) for p in read],
                               "values": [{"key": k, "value": v, "source": s}
                                          for k, v, s in rows]}, indent=2, ensure_ascii=False))
        return
    here = f"{Path.cwd()}{os.sep}"  # paths below this folder are shown from it
    rows = [(k, v.removeprefix(here), s.removeprefix(here)) for k, v, s in rows]
    click.echo("files read: " + (", ".join(str(p).removeprefix(here) for p in read)
                                 or "none (cards config init writes one)"))
    width = max(len(k) for k, _, _ in rows)
    shown = max(len(v) for _, v, _ in rows)
    for key, value, source in rows:
        click.echo(f"{key:<{width}}  {value:<{shown}}  {source}")


@config.command("init", cls=Command)
def init() -> None:
    """Write a commented cards.toml in this folder, to edit."""
    path = Path.cwd() / NAME
    starter(path)
    click.echo(f"wrote {path}")
