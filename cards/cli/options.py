"""Options shared by the commands that make cards, defined once: what goes on a card
(`content_options`), a template and sizes besides (`card_options`), and the quote; and
the kinds of value they take (a design's name, size presets, a brand kit), each checked
as the line is read and completed by the shell."""

from __future__ import annotations

import functools
import shlex
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from cards.cli.command import UnknownName, option_name
from cards.cli.terminal import warn
from cards.errors import QuoteError

# The stages these options name (the catalog, the presets, the pipeline's CardOptions)
# are imported where they are used, not here: `cards quotes` and `cards inspect` start
# without loading the layout and the renderer (start-up is most of a short command).

F = TypeVar("F", bound=Callable[..., Any])


class DesignName(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    """A design: a template's name on the search path, in any case (`Classic` is
    `classic`), or a template folder or .toml file. A name that finds none is a usage
    error with the one it most likely meant."""

    name = "design"

    def __init__(self, every: bool = False) -> None:
        self.every = every  # "all" names every design (preview's -t, over a config default)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from cards.design.catalog import is_template_path, template_name, unknown_template

        if self.every and isinstance(value, str) and value.casefold() == "all" \
                and template_name(value) is None:
            return "all"
        if value == "-":
            raise UnknownName("-: a template is a folder (template.toml with its pictures and"
                              " fonts beside it), so it cannot come from stdin; give its"
                              " folder or its template.toml", ctx)
        if not isinstance(value, str) or is_template_path(value):
            return value  # a path: a missing one is said when it is read
        found = template_name(value)
        if found is None:
            where = f"{option_name(param)}: " if isinstance(param, click.Option) else ""
            raise UnknownName(where + unknown_template(value), ctx)
        return found

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
        """Every design on the search path (./templates, $CARDS_TEMPLATES, bundled)."""
        from cards.design.catalog import available_templates

        wanted = incomplete.casefold()
        return [CompletionItem(entry.name, help=entry.origin) for entry in available_templates()
                if entry.name.casefold().startswith(wanted)]


DESIGN = DesignName()
DESIGNS = DesignName(every=True)


class PresetNames(click.ParamType):  # type: ignore[type-arg,unused-ignore]
    """Size presets, one or several separated by commas or spaces, in any case, or all.
    Given as their names, lower-case; a name that is no preset is a usage error."""

    name = "preset"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        from cards.design.model import PRESETS, near_preset, preset_named

        names = []
        for given in str(value).replace(",", " ").split():
            name = preset_named(given)
            if name is None:
                near = near_preset(given)
                hint = f' (did you mean "{near}"?)' if near else ""
                where = f"{option_name(param)}: " if isinstance(param, click.Option) else ""
                raise UnknownName(f'{where}no preset "{given}"{hint}; choose from'
                                  f' {", ".join(PRESETS)} or all', ctx)
            names.append(name)
        return " ".join(names)

    def shell_complete(self, ctx: click.Context, param: click.Parameter,
                       incomplete: str) -> list[CompletionItem]:
        """The presets and all; after a comma, the next one of a list (`square,st`)."""
        from cards.design.model import PRESETS

        done, _, last = incomplete.rpartition(",")
        start = done + "," if done else ""
        return [CompletionItem(start + name) for name in (*PRESETS, "all")
                if name.startswith(last.casefold())]


PRESET = PresetNames()


def complete_brand(ctx: click.Context, param: click.Parameter,
                   incomplete: str) -> list[CompletionItem]:
    """Brand kits: .toml files other than a template's own, and folders to look in."""
    folder, _, start = incomplete.rpartition("/")
    base = Path(folder + "/" if folder else ".")
    if not base.is_dir():
        return []
    prefix = folder + "/" if folder else ""
    items = []
    for path in sorted(base.iterdir()):
        if not path.name.startswith(start) or (path.name.startswith(".") and not start):
            continue
        if path.is_dir():
            items.append(CompletionItem(f"{prefix}{path.name}/"))
        elif path.suffix == ".toml" and path.name != "template.toml":
            items.append(CompletionItem(f"{prefix}{path.name}"))
    return items


def open_option(help_text: str) -> Callable[[F], F]:
    return click.option("--open", "open_", is_flag=True, help=help_text)


def view(path: Path) -> None:
    """Open a file written in the system's viewer for its kind (--open); a machine with
    none (a server, a container) is told so, and the file is there all the same."""
    if click.launch(str(path)) != 0:
        warn(f"--open: no viewer opened {path}; open it yourself")


def article_argument(f: F) -> F:
    return click.argument("article", metavar="ARTICLE")(f)


def quote_option(f: F) -> F:
    return click.option("--quote", "-q", "quote", required=True,
                        help="The quote's text, or its number in `cards quotes ARTICLE` "
                        "(1 is the one that suits a card best).")(f)


def strict_option(f: F) -> F:
    return click.option(
        "--strict/--no-strict", default=False,
        help="Refuse a key or column (of front matter, a CMS export, a job file) that "
        "looks like one cards uses misspelt, instead of warning and ignoring it.")(f)


def card_options(f: F) -> F:
    """Options shared by every command that makes cards (for `cards batch`, the
    defaults of every row): a template and sizes, then what goes on the card."""
    from cards.design.model import PRESETS

    f = content_options(f)
    f = click.option("--size", "-s", "sizes", multiple=True, metavar="PRESET", type=PRESET,
                     help=f"Size preset, repeatable: {', '.join(PRESETS)}, or all. "
                     "[default: landscape]")(f)
    return click.option("--template", "-t", default="classic", show_default=True, type=DESIGN,
                        metavar="TEXT",
                        help="A bundled template's name, or a template folder or .toml "
                        "file.")(f)


def content_options(f: F) -> F:
    """What goes on a card besides the quote: shared by render, batch and preview."""
    options = [
        click.option("--url", help="The story URL for the QR code (default: the article's)."),
        click.option("--speaker", help="Attribution to show (default: the speaker found)."),
        click.option("--headline", metavar="TEXT",
                     help="The headline to show (default: the article's; \"\" for none)."),
        click.option("--site",
                     help="Publication name (default: the article's, else the URL's host)."),
        click.option("--default-site", metavar="TEXT",
                     help="Publication name for an article that states none, before the"
                     " URL's host (set it once in cards.toml)."),
        click.option("--no-qr/--qr", default=False, help="Make the card without a QR code."),
        click.option("--story-qr/--no-story-qr", default=False,
                     help="Keep the QR code on story cards (by default a story leaves its"
                     " place clear for the app's link sticker: nobody scans their own"
                     " screen)."),
        click.option("--unverified", is_flag=True,
                     help="Render a quote that is not found in the article; the card's"
                     " metadata says so."),
        click.option("--mark-unverified/--no-mark-unverified", default=False,
                     help="Say \"Unverified quote\" on the card itself (in the kicker's"
                     " place) when its quote is not found in the article."),
        click.option("--image", metavar="FILE",
                     help="A picture for templates that set the quote over one (photo) "
                     "[default: the article's image, if it is a local file]."),
        click.option("--photo", metavar="FILE",
                     help="The speaker's photo, shown in a circle beside the attribution."),
        click.option("--kicker", metavar="TEXT",
                     help="A label such as Interview or Analysis, on templates with a "
                     "place for one [default: the article's kicker]."),
        click.option("--brand", "brand", metavar="FILE", shell_complete=complete_brand,
                     help="A brand kit (colours, fonts, name, URL tracking) to apply "
                     "[default: ./templates/brand.toml if present]."),
        click.option("--lang", metavar="TAG",
                     help="The quote's language, e.g. de, ar, ja, zh-Hant (default: the "
                     "article's, else the quote's script)."),
        strict_option,
    ]
    f = _collected(f)
    for option in reversed(options):
        f = option(f)
    return f


class ImageFormat(click.Choice[str]):
    """png, jpeg or webp, any case (jpg is jpeg); and `legacy` values besides, which
    the help does not list (batch's --format once named the job file's format)."""

    def __init__(self, legacy: tuple[str, ...] = ()) -> None:
        from cards.render.png import SUFFIX

        super().__init__(tuple(SUFFIX), case_sensitive=False)
        self.legacy = legacy

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> str:
        word = str(value).strip().lower()
        if word == "jpg":
            return "jpeg"
        if word in self.legacy:
            return word
        return str(super().convert(value, param, ctx))


def file_options(what: str = "The file format [default: the --out file's suffix, else png].",
                 clobber: str = "Refuse to replace a file that is already there (nothing is"
                 " written).",
                 legacy_formats: tuple[str, ...] = ()) -> Callable[[F], F]:
    """The file the cards are written to: its format (`what` says whose) and, for JPEG
    and WebP, quality; and --no-clobber (`clobber` says what it does). `legacy_formats`:
    see `ImageFormat`."""
    from cards.render.png import DEFAULT_QUALITY

    quality = " and ".join(sorted({str(q) for q in DEFAULT_QUALITY.values()}))

    def decorate(f: F) -> F:
        options = [
            click.option("--format", "format", type=ImageFormat(legacy_formats),
                         metavar="png|jpeg|webp",
                         help=f"{what} JPEG and WebP make photo cards a third to a seventh"
                         " the size; the text is kept as XMP metadata."),
            click.option("--quality", type=click.IntRange(1, 100), metavar="1-100",
                         help=f"JPEG or WebP quality [default: {quality}]."),
            click.option("--no-clobber/--clobber", "no_clobber", default=False,
                         help=f"{clobber} [default: --clobber]"),
        ]
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


def _gathered() -> tuple[str, ...]:
    """The options a command gathers into one `CardOptions`: whichever of these it takes."""
    from cards.pipeline import CardOptions

    return tuple(name for name in CardOptions.__struct_fields__ if name != "tracking")


def _collected(f: F) -> F:
    """`f` called with one `options` (a `CardOptions`) in place of the separate values
    of --quote, --template, --size and the content options it was given."""
    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from cards.pipeline import CardOptions

        chosen = {name: kwargs.pop(name) for name in _gathered() if name in kwargs}
        if "sizes" in chosen:
            chosen["sizes"] = tuple(parse_sizes(chosen["sizes"]))
        return f(*args, options=CardOptions(**chosen), **kwargs)

    return wrapper  # type: ignore[return-value]


def parse_sizes(values: tuple[str, ...]) -> list[str]:
    """The presets of --size's values (checked as they were read), in order, once each."""
    names = [name for value in values or ("landscape",) for name in value.split()]
    return list(dict.fromkeys(names))


@contextmanager
def suggesting(command: str, article: str) -> Iterator[None]:
    """A quote that was nearly a listed one is answered with the command that uses that
    quote's number: `did you mean quote 3? cards render story.md --quote 3`."""
    try:
        yield
    except QuoteError as e:
        if e.meant is not None:
            e.command = f"cards {command} {shlex.quote(article)} --quote {e.meant}"
        raise
