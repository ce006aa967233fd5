"""`cards render`: one quote, one template, any sizes, written as PNG, JPEG or WebP files."""

from __future__ import annotations

import json
import sys

import click
from msgspec.structs import replace

from cards.cli.command import Command
from cards.cli.options import (
    article_argument,
    card_options,
    file_options,
    open_option,
    quote_option,
    suggesting,
    view,
)
from cards.cli.terminal import stand_in_note, to_stdout, warn
from cards.errors import OptionError, OutputError, flag_for, word
from cards.pipeline import CardOptions, make_cards
from cards.render.png import card_files, output_format, plan_outputs, write_files


@click.command(cls=Command)
@article_argument
@quote_option
@card_options
@file_options()
@click.option("--out", "-o", default=".", show_default=True, metavar="DIR/|FILE",
              help="A folder for the cards (ending in /, or one that exists; created if"
              " missing), a .png, .jpg or .webp file, or - for stdout.")
@click.option("--explain", is_flag=True, help="Print each card's layout as JSON on stdout.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the cards written as JSON on stdout, one line: each one's path, "
              "width, height, bytes, alt text, verified, url, template and preset.")
@click.option("--alt-text/--no-alt-text", default=False,
              help="Write the alt text beside each card as NAME.txt (one already there is"
              " always rewritten, so it never describes an earlier card).")
@open_option("Open the cards in the system's image viewer.")
def render(article: str, options: CardOptions, out: str, explain: bool, as_json: bool,
           alt_text: bool, open_: bool, no_clobber: bool) -> None:
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
      cards render story.md -q 1 --json --open
    """
    # Options that cannot go together are a mistake in the command line: usage errors.
    if out == "-" and (explain or alt_text or as_json or open_):
        given = next(flag for flag, on in (("--explain", explain), ("--alt-text", alt_text),
                                           ("--json", as_json), ("--open", open_)) if on)
        raise click.UsageError(f"--out - writes the card to stdout; it cannot go with {given}"
                               " (give a file or folder)")
    if explain and as_json:
        raise click.UsageError("--explain and --json both print JSON on stdout; choose one")
    options = replace(options, format=output_format(out, options.format))
    if out == "-" and sys.stdout is None:
        raise OutputError("--out -: standard output is closed; give a file or folder")
    if out == "-" and sys.stdout.isatty():
        raise OptionError("--out - would write an image to the terminal; redirect it"
                          " (> card.png) or give a file or folder")
    with suggesting("render", article):
        cards = make_cards(article, options, warn=lambda message: warn(word(message, flag_for)))
    paths = plan_outputs(out, [card.filename for card in cards], cards[0].spec.format)
    written = []
    if paths == [None]:
        to_stdout(cards[0].encoded(), "the card")
    else:
        encoded = [card.encoded() for card in cards]
        write_files([file for card, path, data in zip(cards, paths, encoded, strict=True)
                     if path is not None
                     for file in card_files(path, data, card.alt_text, alt_text)],
                    clobber=not no_clobber)
        for card, path, data in zip(cards, paths, encoded, strict=True):
            written.append({"path": str(path), "width": card.layout.width,
                            "height": card.layout.height, "bytes": len(data),
                            "alt_text": card.alt_text, "verified": card.verified,
                            "url": card.spec.url, "template": card.spec.template.name,
                            "preset": card.spec.preset})
            if not (explain or as_json):
                click.echo(str(path))
    if explain:
        report = [card.explain(str(path)) for card, path in zip(cards, paths, strict=True)]
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    if as_json:
        click.echo(json.dumps(written, ensure_ascii=False, separators=(",", ":")))
    if not all(card.verified for card in cards):
        warn("the quote was not found in the article; the card's Warning metadata says so.")
    if any(card.layout.photo is not None and card.spec.picture is None for card in cards):
        stand_in_note(cards[0].spec.template.name)
    if open_:
        for path in paths:
            if path is not None:
                view(path)

