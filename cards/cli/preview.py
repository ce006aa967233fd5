"""`cards preview`: a contact sheet or a gallery of every layout, guides, thumbnails, watch."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from msgspec.structs import replace

from cards.cli.command import Command
from cards.cli.options import (
    DESIGNS,
    PRESET,
    article_argument,
    content_options,
    file_options,
    open_option,
    parse_sizes,
    quote_option,
    suggesting,
    view,
)
from cards.cli.terminal import Display, report, stand_in_note, to_stdout, warn
from cards.design.catalog import available_templates
from cards.errors import OptionError, flag_for, word
from cards.files import refuse_existing, write_atomic
from cards.jobs.pool import warm_pool
from cards.pipeline import CardOptions
from cards.preview.gallery import gallery
from cards.preview.guides import legibility_warnings
from cards.preview.plan import Request, render_tiles
from cards.preview.sheet import contact_sheet
from cards.preview.tiles import Tile
from cards.preview.watch import watch as watch_loop
from cards.render.png import SUFFIX, check_format, output_format, plan_outputs

if TYPE_CHECKING:
    from PIL.Image import Image


@click.command(cls=Command)
@article_argument
@quote_option
@click.option("--template", "-t", "templates", multiple=True, metavar="NAME", type=DESIGNS,
              help="A template to show, repeatable, or all [default: every template].")
@click.option("--size", "-s", "presets", multiple=True, metavar="PRESET", type=PRESET,
              help="A size preset to show, repeatable, or all [default: all].")
@content_options
@file_options("The sheet's file format, or with --html the cards' [default: the --out"
              " file's suffix, else png].",
              "Refuse to replace the sheet, or a gallery's page or cards, if there.")
@click.option("--out", "-o", default="preview.png", show_default=True, metavar="FILE",
              help="The contact sheet to write (a .png, .jpg or .webp file; in a folder,"
              " ending in /, as preview.png), or - for stdout.")
@click.option("--html", "html_dir", metavar="DIR",
              help="Write a gallery page (DIR/index.html) with every card, its alt text, "
              "file name and the cards render command that makes it, instead of a sheet.")
@click.option("--guides/--no-guides", default=False,
              help="Draw element boxes, the QR quiet zone, margins and each network's crop "
              "(in a gallery, over each card, with a switch to hide them).")
@click.option("--thumbnails/--no-thumbnails", default=False,
              help="Show each card at 500, 320 and 160 px wide too, and warn when the quote "
              "would be too small to read at 320.")
@click.option("--watch", is_flag=True,
              help="Render again whenever the article, a template, a brand kit or a font "
              "changes (Ctrl-C to stop).")
@click.option("--jobs", "-j", "workers", type=click.IntRange(min=1), metavar="N",
              help="Worker processes [default: the machine's cores].")
@open_option("Open the sheet, or the gallery page, in the system's viewer.")
def preview(article: str, templates: tuple[str, ...], presets: tuple[str, ...],
            options: CardOptions, out: str, html_dir: str | None, guides: bool,
            thumbnails: bool, watch: bool, workers: int | None, open_: bool,
            no_clobber: bool) -> None:
    """Show ARTICLE's quote in every template at every size, side by side.

    Writes one contact sheet (a row per template, a column per size, each card
    labelled) or, with --html, a gallery page. The cards are exactly those `cards
    render` makes with the same options. A design or size that cannot make its card
    shows why in the card's place; the exit status is then 1. --format and --quality
    are the sheet's, and the gallery's cards'.

    \b
    Examples:
      cards preview examples/city-library.md -q 1
      cards preview story.md -q 2 -t classic -t night --guides --thumbnails
      cards preview story.md -q 1 -t mine --watch --guides
    """
    if watch and article == "-":
        raise OptionError("--watch follows the article's file; standard input (-) cannot"
                          " be watched")
    sheet: Path | None = None
    if not html_dir:
        options = replace(options, format=output_format(out, options.format))
    file_format, quality = check_format(options.format, options.quality)
    if not html_dir:
        [sheet] = plan_outputs(out, [f"preview{SUFFIX[file_format]}"], file_format)
        if sheet is None and (watch or open_):
            given = "--watch, which would write one after another" if watch else "--open"
            raise OptionError(f"--out - writes one sheet to stdout; it cannot go with"
                              f" {given}; give a file")
        if sheet is None and (sys.stdout is None or sys.stdout.isatty()):
            raise OptionError("--out - would write an image to the terminal; redirect it"
                              " (> sheet.png) or give a file")
    if no_clobber and html_dir:  # before any work; the gallery checks its cards too
        refuse_existing([Path(html_dir) / "index.html"], field="html")
    elif no_clobber and sheet is not None:
        refuse_existing([sheet])
    shown = tuple(p for p in parse_sizes(presets or ("all",)) if p != "all") or (
        "landscape", "wide", "square", "portrait", "story")
    # Names in any case are one design: -t Classic -t classic shows it once.
    every = tuple(e.name for e in available_templates())
    chosen = tuple(dict.fromkeys(name for t in templates
                                 for name in (every if t == "all" else (t,)))) or every
    request = Request(article, chosen, shown, options)
    pool = warm_pool(workers) if watch else None
    drawn: dict[str, list[Tile]] = {}  # by template: a watch redraws only what changed
    display = Display(plain=False, unit="cards")  # a progress line, on a terminal only
    opened: list[Path] = []
    made: list[bool] = []  # once the first is written, a watch replaces its own files

    def render(only: tuple[str, ...] | None = None) -> None:
        part = replace(request, templates=only) if only else request
        warnings: dict[str, None] = {}  # each once, however many templates it concerns
        with suggesting("preview", article):
            fresh = render_tiles(part, guides=guides, workers=workers, pool=pool,
                                 png=bool(html_dir), thumbnails=thumbnails, reporter=display,
                                 warn=lambda message: warnings.setdefault(message))
        display.clear()
        for ref in part.templates:
            drawn[ref] = [tile for tile in fresh if tile.template == ref]
        tiles = [tile for ref in request.templates for tile in drawn.get(ref, [])]
        clobber = not no_clobber or bool(made)
        written: Path | str
        if html_dir:
            written = gallery(tiles, Path(html_dir), clobber)
        else:
            data = _encoded(contact_sheet(tiles, thumbnails=thumbnails), file_format, quality)
            if sheet is None:
                written = "the sheet"
                to_stdout(data, "the sheet")
            else:
                written = sheet
                write_atomic(sheet, data, clobber)
        made.append(True)
        if isinstance(written, Path):
            click.echo(str(written))
        if thumbnails:
            for line in legibility_warnings(tiles):
                warn(line)
        for message in warnings:
            warn(word(message, flag_for))
        for note in dict.fromkeys(n for tile in tiles if tile.layout for n in tile.layout.notes):
            warn(word(note, flag_for))
        for ref in dict.fromkeys(tile.template for tile in tiles if tile.stand_in):
            stand_in_note(ref)
        failed = [tile for tile in tiles if tile.failed]
        if watch:  # a designer at work reads why here, as the sheet redraws
            for reason in dict.fromkeys(tile.failed for tile in failed):
                report(reason)
        if failed:
            report(f"{len(failed)} of {len(tiles)} cards could not be made"
                   f" ({_which(failed, tiles)}); their tiles in {written} say why")
        if open_ and not opened and isinstance(written, Path):
            opened.append(written)
            view(written)
        if failed and not watch:
            sys.exit(1)

    try:
        with display:
            if not watch:
                render()
                return
            try:
                watch_loop(request, render, lambda line: click.echo(line, err=True),
                           stop=lambda: False, error=report)
            except KeyboardInterrupt:
                sys.exit(0)  # Ctrl-C is how a watch ends
    except KeyboardInterrupt as e:
        raise click.Abort() from e  # said on a line of its own, with the status of ^C
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _which(failed: list[Tile], tiles: list[Tile]) -> str:
    """The cards not made, by design: "classic/story, night/story", or "desk (every
    size)" where none of a design's were."""
    names = []
    for ref in dict.fromkeys(tile.template for tile in failed):
        mine = [tile.preset for tile in failed if tile.template == ref]
        if len(mine) > 1 and len(mine) == sum(tile.template == ref for tile in tiles):
            names.append(f"{ref} (every size)")
        else:
            names += [f"{ref}/{preset}" for preset in mine]
    return ", ".join(names)


def _encoded(image: Image, format: str, quality: int | None) -> bytes:
    buffer = io.BytesIO()
    if format == "png":
        # A preview is looked at, not kept: the fastest compression.
        image.save(buffer, "PNG", compress_level=1)
    else:
        image.convert("RGB").save(buffer, format.upper(), quality=quality)
    return buffer.getvalue()

