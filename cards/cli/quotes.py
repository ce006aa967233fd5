"""`cards quotes`: the quotations an article holds, best for a card first."""

from __future__ import annotations

import json

import click

from cards.article.load import load_article
from cards.article.model import reading_warnings
from cards.cli.command import Command
from cards.cli.options import article_argument, strict_option
from cards.errors import OptionError
from cards.quotes.rank import rank_quotes
from cards.quotes.style import enclose


@click.command(cls=Command)
@article_argument
@click.option("--min-chars", type=click.IntRange(min=0), metavar="N",
              help="Hide quotations shorter than N characters (the rest keep their numbers).")
@click.option("--max-chars", type=click.IntRange(min=0), metavar="N",
              help="Hide quotations longer than N characters (the rest keep their numbers).")
@click.option("--json", "as_json", is_flag=True, help="Print the quotes as JSON.")
@strict_option
def quotes(article: str, min_chars: int | None, max_chars: int | None, as_json: bool,
           strict: bool) -> None:
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
    if min_chars is not None and max_chars is not None and min_chars > max_chars:
        raise OptionError(f"--min-chars {min_chars} is more than --max-chars {max_chars};"
                          " give a range that can hold a quote")
    loaded = load_article(article, strict)
    for message in reading_warnings(loaded):
        click.echo(f"Warning: {message}", err=True)
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
