"""`cards batch`: the command, its progress display and its summary."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
from msgspec.structs import replace

from cards.cli.command import Command
from cards.cli.options import card_options, file_options
from cards.cli.terminal import Display, note, report, warn
from cards.errors import OptionError, word
from cards.files import outside_package
from cards.jobs.rows import column
from cards.pipeline import CardOptions, Tracking


class BatchDisplay(Display):
    """The progress line (a plain line every five seconds off a terminal, nothing with
    --quiet); failures always get a line, and each warning one line for the batch."""

    def __init__(self, quiet: bool) -> None:
        super().__init__(quiet)
        self.warned: set[str] = set()

    def failed(self, where: str, message: str) -> None:
        report(f"{where}: {message}")

    def warning(self, where: str, message: str) -> None:
        if message in self.warned:  # the same article's picture, row after row
            return
        self.warned.add(message)
        warn(f"{where}: {word(message, column)} (said once, for every row it affects)")


# The job file's formats, which --format took before --jobs-format.
JOB_FORMATS = ("csv", "jsonl", "yaml")


@click.command(cls=Command)
@click.argument("jobs_file", metavar="JOBS")
@card_options
@file_options("The cards' file format [default: png; a row's format column first].",
              "Fail a row whose card is already in --out (--resume keeps it instead); none"
              " of that row's cards is written.", legacy_formats=JOB_FORMATS)
@click.option("--jobs-format", "kind", type=click.Choice(JOB_FORMATS),
              help="The job file's format [default: from its extension; for -, from its"
              " first line].")
@click.option("--out", "-o", default="cards-out", show_default=True, metavar="DIR",
              help="The folder for the cards and manifest.json (created if missing; never"
              " inside the cards package's own folder).")
@click.option("--jobs", "-j", "workers", type=click.IntRange(min=1), metavar="N",
              help="Worker processes [default: the machine's cores].")
@click.option("--resume", is_flag=True,
              help="Skip cards whose file is already there (names carry a hash of the card).")
@click.option("--fail-fast", is_flag=True, help="Stop at the first row that fails.")
@click.option("--quiet/--no-quiet", default=False,
              help="No progress display, and no summary unless a row fails (errors always show).")
@click.option("--manifest-csv/--no-manifest-csv", default=False,
              help="Also write manifest.csv (one there already is always kept up to date).")
@click.option("--utm/--no-utm", default=False,
              help="Add utm_source (stories for story cards, else the row's network, else "
              "social), utm_medium=social and utm_campaign to every QR link.")
@click.option("--campaign", metavar="NAME", help="utm_campaign for --utm (a row may set its own).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run on a Dask cluster (pip install 'cards[dask]') instead of local workers.")
@click.option("--write-on-workers/--no-write-on-workers", default=False,
              help="With --scheduler: workers write the cards to --out, a folder they share, "
              "instead of sending the bytes back.")
def batch(jobs_file: str, options: CardOptions, kind: str | None, out: str,
          workers: int | None, resume: bool,
          fail_fast: bool, quiet: bool, manifest_csv: bool, utm: bool, campaign: str | None,
          scheduler: str | None, write_on_workers: bool, no_clobber: bool) -> None:
    """Make every card a job file asks for: CSV, JSON Lines or YAML, one row a quote.

    A row's columns are article (a path or URL) and quote (its text or number), and
    optionally template, sizes (names separated by spaces or commas, or all), url,
    speaker, headline, site, default_site, brand, photo, image, kicker, lang, format and
    quality, output (the file names' start), network and campaign (for --utm), and
    unverified, mark_unverified, no_qr and story_qr (yes/no). The options below are every
    row's defaults; paths in a row are relative to the job file (to the current folder
    for -).
    Other columns (a date, a caption) go to the manifest as the card's extra; one that
    looks like a column above misspelt is warned about, or refused with --strict.

    A CSV file may be separated by commas, semicolons or tabs; a file that is not
    UTF-8 is read as UTF-16 or Windows-1252, with a note. JOBS - reads standard
    input, its format told from its first line.

    Rows run in parallel; a row that fails is reported with its file and line and the
    rest go on (the exit status is 1 if any failed). manifest.json in --out lists every
    card with its row, file, size, SHA-256 and alt text. File names carry a hash of all
    that makes the card, so --resume after an interruption makes only what is missing.

    \b
    Examples:
      cards batch week.csv --out week/
      cards batch week.csv --out week/ --resume --utm --campaign spring
      cards batch week.csv --out week/ --format webp
      export-plan | cards batch - --out week/
    """
    from cards.jobs.pool import keep_freed_memory  # lazy: keeps start-up fast
    from cards.jobs.readers import read_jobs  # lazy: keeps start-up fast
    from cards.jobs.run import run_batch  # lazy: keeps start-up fast

    if options.format in JOB_FORMATS:  # the job file's format, as --format once said
        if kind is not None and kind != options.format:
            raise OptionError(f"--format {options.format} and --jobs-format {kind} disagree;"
                              " give --jobs-format alone")
        warn(f"--format {options.format} is deprecated for the job file's format; use"
             f" --jobs-format {options.format} (--format is now the cards': png, jpeg or"
             " webp)")
        kind, options = options.format, replace(options, format=None)
    if write_on_workers and not scheduler:
        raise OptionError("--write-on-workers goes with --scheduler")
    if out == "-":
        raise OptionError("--out -: a batch writes many cards and a manifest; give a folder")
    outside_package(Path(out))  # before the job file is read: a wrong --out is every row's
    display = BatchDisplay(quiet)
    with display:
        read = read_jobs(jobs_file, kind, options)
        for message in read.warnings:
            warn(message)
        for message in [] if quiet else read.notes:
            note(message)
        jobs, bad = read.jobs, read.bad
        for where, message in bad:
            display.failed(where, message)
        if bad and fail_fast:
            sys.exit(1)
        keep_freed_memory()  # this process, and the workers it forks, end with the batch
        state = run_batch(
            jobs, Path(out), workers=workers or os.cpu_count() or 1, resume=resume,
            fail_fast=fail_fast, tracking=Tracking(campaign=campaign) if utm else None,
            manifest_csv=manifest_csv, reporter=display, scheduler=scheduler,
            write_on_workers=write_on_workers, clobber=not no_clobber,
            csv_separator=read.separator)
    failed = state.failed_rows + len(bad)
    if not quiet or failed:
        rows = "row" if failed == 1 else "rows"
        repeated = (f", {state.repeated} the same as an earlier row's" if state.repeated
                    else "")
        click.echo(f"{state.made} made, {state.skipped} already there{repeated}, {failed}"
                   f" {rows} failed; manifest: {Path(out) / 'manifest.json'}", err=True)
    if failed:
        sys.exit(1)
