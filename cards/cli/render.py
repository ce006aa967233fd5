"""`cards render`: one quote, one template, any sizes, written as PNG, JPEG or WebP files."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import click

from cards.cli.options import (
    article_argument,
    card_options,
    file_options,
    quote_option,
    suggesting,
)
from cards.errors import OptionError, OutputError, word
from cards.pipeline import CardOptions, flag_for, make_cards
from cards.render.png import card_files, output_format, plan_outputs, write_files


@click.command()
@article_argument
@quote_option
@card_options
@file_options()
@click.option("--out", "-o", default=".", show_default=True, metavar="DIR/|FILE",
              help="A folder for the cards (ending in /, or one that exists; created if"
              " missing), a .png, .jpg or .webp file, or - for stdout.")
@click.option("--explain", is_flag=True, help="Print each card's layout as JSON on stdout.")
@click.option("--alt-text", is_flag=True,
              help="Write the alt text beside each card as NAME.txt (one already there is"
              " always rewritten, so it never describes an earlier card).")
def render(article: str, options: CardOptions, out: str, explain: bool,
           alt_text: bool, no_clobber: bool) -> None:
    """Render ARTICLE's quote as share cards.

    ARTICLE is a story's URL, a saved web page (.html), a CMS export (.json), Markdown
    with front matter (title, url, site, author, date, lang, image, kicker), a text file
    as copied from a browser, or - for stdin.

    \b
    Examples:
      cards render story.md --quote 1
      cards render story.txt -q "We will not close it." --url https://example.org/story
      cards render story.md -q 2 --size all --out cards/
      cards render story.md -q 1 -t photo --image lead.jpg --out card.jpg
    """
    options = replace(options, format=output_format(out, options.format))
    if out == "-" and (explain or alt_text):
        raise OptionError("--out - writes the card to stdout; it cannot go with --explain "
                          "or --alt-text (give a file or folder)")
    if out == "-" and sys.stdout is None:
        raise OutputError("--out -: standard output is closed; give a file or folder")
    if out == "-" and sys.stdout.isatty():
        raise OptionError("--out - would write an image to the terminal; redirect it"
                          " (> card.png) or give a file or folder")
    with suggesting("render", article):
        cards = make_cards(article, options,
                           warn=lambda message: click.echo(f"Warning: {word(message, flag_for)}",
                                                              err=True))
    paths = plan_outputs(out, [card.filename for card in cards], cards[0].spec.format)
    if paths == [None]:
        _to_stdout(cards[0].encoded())
    else:
        files = [file for card, path in zip(cards, paths, strict=True) if path is not None
                 for file in card_files(path, card.encoded(), card.alt_text, alt_text)]
        write_files(files, clobber=not no_clobber)
        if not explain:
            for path in paths:
                click.echo(str(path))
    if explain:
        report = [card.explain(str(path)) for card, path in zip(cards, paths, strict=True)]
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    if not all(card.verified for card in cards):
        click.echo("Warning: the quote was not found in the article; the card's Warning"
                   " metadata says so.", err=True)
    if any(card.layout.photo is not None and card.spec.picture is None for card in cards):
        click.echo(f'Note: "{cards[0].spec.template.name}" set the quote over its own'
                   " stand-in picture; pass --image FILE for the story's", err=True)


def _to_stdout(data: bytes) -> None:
    """The card on standard output, or one line saying why it could not go there (a full
    disk behind a redirect, a reader that went away)."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as e:
        raise OutputError(f"--out -: cannot write the card to standard output:"
                          f" {e.strerror or type(e).__name__}") from e
