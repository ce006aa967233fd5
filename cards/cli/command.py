"""The conventions every command keeps, in one place: an option that takes one value is
given once (a second `-t` is a mistake, not a change of mind: the last one silently
winning hides it), and a group called with nothing after it shows its help."""

from __future__ import annotations

import click


class UnknownName(click.UsageError):
    """A design or preset name that names nothing: the message lists the choices, so it
    needs no pointer to --help."""


def option_name(param: click.Parameter) -> str:
    """How messages name an option: its long form, as the help lists it (`--template`)."""
    return max(param.opts, key=len)


def _refuse_repeats(command: click.Command, ctx: click.Context, args: list[str]) -> None:
    """A usage error if an option that takes one value is given more than once. The
    arguments are parsed a first time for this only: Click's parser keeps the last value
    of such an option, but lists every occurrence in the order it met them."""
    if ctx.resilient_parsing:  # shell completion: a line being typed, not run
        return
    _, _, order = command.make_parser(ctx).parse_args(args=list(args))
    if any(param.is_eager for param in order):  # --help or --version: shown whatever else
        return
    seen: set[str | None] = set()
    for param in order:
        if not isinstance(param, click.Option) or param.multiple or param.count \
                or param.is_flag:
            continue
        if param.name in seen:
            raise click.UsageError(
                f"{option_name(param)} is given more than once; it takes one value", ctx)
        seen.add(param.name)


class Command(click.Command):
    """A command that refuses an option given twice."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _refuse_repeats(self, ctx, args)
        return super().parse_args(ctx, args)


class Group(click.Group):
    """A group whose commands keep the conventions, and which shows its help, as a
    success, when called with nothing after it (`cards`, `cards templates`)."""

    command_class = Command
    group_class = type  # a group made under it is one of these too

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            click.echo(ctx.get_help(), color=ctx.color)
            ctx.exit(0)
        _refuse_repeats(self, ctx, args)
        return super().parse_args(ctx, args)
