"""The `cards` command line: parse options, call the library, report. No logic of its own."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from . import __version__
from .errors import CardsError, OptionError
from .templates import PRESETS

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def reporting(debug: bool) -> Iterator[None]:
    """Turn a `CardsError` into a one-line message and exit code; --debug keeps the traceback."""
    try:
        yield
    except CardsError as e:
        if debug:
            raise
        click.echo(f"Error: {e}", err=True)
        sys.exit(e.exit_code)


def debug_option(f: F) -> F:
    return click.option("--debug", is_flag=True, help="Show the full traceback on errors.")(f)


def article_argument(f: F) -> F:
    return click.argument("article", metavar="ARTICLE")(f)


def quote_option(f: F) -> F:
    return click.option("--quote", "-q", "quote", required=True,
                        help="The quote's text, or its number in `cards quotes ARTICLE` "
                        "(1 is the one that suits a card best).")(f)


def card_options(f: F) -> F:
    """Options shared by every command that makes cards (for `cards batch`, the
    defaults of every row): a template and sizes, then what goes on the card."""
    f = content_options(f)
    f = click.option("--size", "-s", "sizes", multiple=True, metavar="PRESET",
                     help=f"Size preset, repeatable: {', '.join(PRESETS)}, or all. "
                     "[default: landscape]")(f)
    return click.option("--template", "-t", default="classic", show_default=True,
                        help="A bundled template's name, or a template folder or .toml "
                        "file.")(f)


def content_options(f: F) -> F:
    """What goes on a card besides the quote: shared by render, batch and preview."""
    options = [
        click.option("--url", help="The story URL for the QR code (default: the article's)."),
        click.option("--speaker", help="Attribution to show (default: the speaker found)."),
        click.option("--site",
                     help="Publication name (default: the article's, else the URL's host)."),
        click.option("--no-qr", is_flag=True, help="Make the card without a QR code."),
        click.option("--unverified", is_flag=True,
                     help="Render a quote that is not found in the article; the PNG says so."),
        click.option("--image", metavar="FILE",
                     help="A picture for templates that set the quote over one (photo) "
                     "[default: the article's image, if it is a local file]."),
        click.option("--photo", metavar="FILE",
                     help="The speaker's photo, shown in a circle beside the attribution."),
        click.option("--kicker", metavar="TEXT",
                     help="A label such as Interview or Analysis, on templates with a "
                     "place for one [default: the article's kicker]."),
        click.option("--brand", "brand", metavar="FILE",
                     help="A brand kit (colours, fonts, name, URL tracking) to apply "
                     "[default: ./templates/brand.toml if present]."),
        click.option("--lang", metavar="TAG",
                     help="The quote's language, e.g. de, ar, ja, zh-Hant (default: the "
                     "article's, else the quote's script)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def parse_sizes(values: tuple[str, ...]) -> list[str]:
    names: list[str] = []
    for value in values or ("landscape",):
        for name in value.replace(",", " ").split():
            if name == "all":
                names.append("all")  # every preset the template has
            elif name in PRESETS:
                names.append(name)
            else:
                from difflib import get_close_matches

                near = get_close_matches(name, [*PRESETS, "all"], n=1)
                hint = f' (did you mean "{near[0]}"?)' if near else ""
                raise OptionError(
                    f'--size: no preset "{name}"{hint}; choose from {", ".join(PRESETS)} or all'
                )
    return list(dict.fromkeys(names))


class CardsGroup(click.Group):
    """Click's usage errors in the same one-line form as every other error."""

    def main(self, args: Any = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as e:
            hint = f" (see {e.ctx.command_path} --help)" if e.ctx else ""
            click.echo(f"Error: {e.format_message()}{hint}", err=True)
            sys.exit(e.exit_code)
        except click.ClickException as e:
            e.show()
            sys.exit(e.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        if standalone_mode:
            sys.exit(result if isinstance(result, int) else 0)
        return result


@click.group(cls=CardsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cards")
def main() -> None:
    """Turn a news article and a quote from it into PNG share cards."""


@main.command()
@article_argument
@quote_option
@card_options
@click.option("--out", "-o", default=".", show_default=True, metavar="DIR|FILE",
              help="A folder for the cards (created if missing), a .png file, or - for stdout.")
@click.option("--explain", is_flag=True, help="Print each card's layout as JSON on stdout.")
@click.option("--alt-text", is_flag=True, help="Write the alt text beside each PNG as NAME.txt.")
@debug_option
def render(article: str, quote: str, url: str | None, template: str, sizes: tuple[str, ...],
           speaker: str | None, site: str | None, no_qr: bool, unverified: bool,
           image: str | None, photo: str | None, kicker: str | None, brand: str | None,
           lang: str | None, out: str, explain: bool, alt_text: bool, debug: bool) -> None:
    """Render ARTICLE's quote as share cards.

    ARTICLE is a story's URL, a saved web page (.html), a CMS export (.json), Markdown
    with front matter (title, url, site, author, date, lang, image, kicker), a text file
    as copied from a browser, or - for stdin.

    \b
    Examples:
      cards render story.md --quote 1
      cards render story.txt -q "We will not close it." --url https://example.org/story
      cards render story.md -q 2 --size all --out cards/
    """
    from . import make_cards
    from .export import plan_outputs, write_card

    with reporting(debug):
        if out == "-" and (explain or alt_text):
            raise OptionError("--out - writes the PNG to stdout; it cannot go with --explain "
                              "or --alt-text (give a file or folder)")
        if out == "-" and sys.stdout.isatty():
            raise OptionError("--out - would write a PNG to the terminal; redirect it"
                              " (> card.png) or give a file or folder")
        cards = make_cards(article, quote, template, parse_sizes(sizes), url=url,
                           speaker=speaker, site=site, no_qr=no_qr, unverified=unverified,
                           lang=lang, brand_file=brand, image=image, photo=photo,
                           kicker=kicker,
                           warn=lambda message: click.echo(f"Warning: {message}", err=True))
        paths = plan_outputs(out, [card.filename for card in cards])
        for card, path in zip(cards, paths, strict=True):
            if path is None:
                sys.stdout.buffer.write(card.png())
                sys.stdout.buffer.flush()
            else:
                write_card(card.png(), path, card.alt_text if alt_text else None)
                if not explain:
                    click.echo(str(path))
        if explain:
            report = [card.explain(str(path)) for card, path in zip(cards, paths, strict=True)]
            click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        if not all(card.verified for card in cards):
            click.echo("Warning: the quote was not found in the article; the PNG's Warning"
                       " chunk says so.", err=True)
        if any(card.layout.photo is not None and card.spec.picture is None for card in cards):
            click.echo(f'Note: "{cards[0].spec.template.name}" set the quote over its own'
                       " stand-in picture; pass --image FILE for the story's", err=True)


@main.command()
@article_argument
@click.option("--min-chars", type=click.IntRange(min=0), metavar="N",
              help="Hide quotations shorter than N characters (the rest keep their numbers).")
@click.option("--max-chars", type=click.IntRange(min=0), metavar="N",
              help="Hide quotations longer than N characters (the rest keep their numbers).")
@click.option("--json", "as_json", is_flag=True, help="Print the quotes as JSON.")
@debug_option
def quotes(article: str, min_chars: int | None, max_chars: int | None, as_json: bool,
           debug: bool) -> None:
    """List ARTICLE's direct quotations, best for a card first, with their speakers.

    Each comes with why it ranks where it does: a complete sentence, a named speaker
    and 40–280 characters (20–140 in Chinese or Japanese) suit a card best; equal ones
    keep the article's order. Pass a number to `cards render --quote` to use that
    quotation: the numbers are this ranking's, and --min-chars and --max-chars only hide
    rows, never renumber them.

    \b
    Examples:
      cards quotes story.md
      cards quotes story.md --min-chars 60 --max-chars 200
      cards quotes story.md --json
    """
    from .article import load_article
    from .quotes import rank_quotes
    from .typography import enclose

    with reporting(debug):
        if min_chars is not None and max_chars is not None and min_chars > max_chars:
            raise OptionError(f"--min-chars {min_chars} is more than --max-chars {max_chars};"
                              " give a range that can hold a quote")
        loaded = load_article(article)
        ranked = rank_quotes(loaded)
        shown = rank_quotes(loaded, min_chars, max_chars)
        if as_json:
            items = [{"number": c.number, "text": c.quote.text, "speaker": c.quote.speaker,
                      "start": c.quote.span[0] if c.quote.span else None,
                      "end": c.quote.span[1] if c.quote.span else None,
                      "chars": c.chars, "complete": c.complete, "reason": c.reason,
                      "score": c.score}
                     for c in shown]
            click.echo(json.dumps(items, ensure_ascii=False, indent=2))
            return
        if not ranked:
            click.echo(f"No direct quotations found in {article}.", err=True)
            return
        if not shown:
            click.echo(f"None of the {len(ranked)} quotations in {article} has a length in"
                       " that range.", err=True)
            return
        for c in shown:
            click.echo(f"{c.number:>2}. {enclose(c.quote.text, loaded.language)}")
            click.echo(f"    — {c.quote.speaker or 'speaker not named'}")
            click.echo(f"    {c.reason}")


@main.command()
@article_argument
@click.option("--json", "as_json", is_flag=True, help="Print the metadata as JSON.")
@debug_option
def info(article: str, as_json: bool, debug: bool) -> None:
    """Show what cards read from ARTICLE: each field and where it came from.

    ARTICLE is a file (text, Markdown, JSON export or saved web page), a URL, or - for
    stdin. A web page's fields come from its JSON-LD or microdata first, then its Open
    Graph and meta tags, its canonical link and <html lang>, and its <title> last.

    \b
    Examples:
      cards info examples/city-library.md
      cards info https://example.org/news/story.html --json
    """
    from .article import load_article

    with reporting(debug):
        loaded = load_article(article)
        fields = {"title": loaded.title, "url": loaded.url, "site": loaded.site_name,
                  "author": loaded.author, "date": loaded.published,
                  "lang": loaded.language if loaded.language_given else None,
                  "image": loaded.image, "kicker": loaded.kicker}
        names = {"site": "site_name", "date": "published", "lang": "language"}
        words = sum(len(p.split()) for p in loaded.paragraphs)
        if as_json:
            click.echo(json.dumps({
                "source": loaded.source,
                "fields": {key: {"value": value,
                                 "from": loaded.origins.get(names.get(key, key))}
                           for key, value in fields.items()},
                "paragraphs": len(loaded.paragraphs), "words": words,
            }, ensure_ascii=False, indent=2))
            return
        for key, value in fields.items():
            origin = loaded.origins.get(names.get(key, key))
            shown = value if value else "-"
            click.echo(f"{key:<7} {shown}" + (f"  [{origin}]" if value and origin else ""))
        click.echo(f"{'body':<7} {len(loaded.paragraphs)} paragraphs, {words} words")


from . import cli_batch, cli_fonts, cli_preview, cli_templates  # noqa: E402,F401  (register them)
