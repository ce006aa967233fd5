"""Running a batch: every row planned and drawn in the worker pool, resumable, each card
written with its manifest entry.

Workers plan and draw cards and return their bytes; this process alone writes files
and the manifest, so the manifest always lists exactly the cards written: each card's
manifest entry and file are written together, with Ctrl-C held off. A lock on the
output folder keeps a second batch out of it while one runs. A row that
fails is reported and the rest go on. On a Dask cluster the workers may also write the
files themselves into a folder they share with this process, which still writes the
manifest.
"""

from __future__ import annotations

import gc
import hashlib
import os
import resource
import signal
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, Executor, Future, wait
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct
from msgspec.structs import replace

from cards.article.load import load_article
from cards.design.brand import default_brand, load_brand
from cards.design.catalog import load_template
from cards.design.model import PRESETS
from cards.errors import CardsError, internal_error, named
from cards.files import outside_package, refuse_existing, write_atomic
from cards.jobs.lock import FolderLock
from cards.jobs.manifest import Entry, Manifest
from cards.jobs.pool import executor as make_executor
from cards.jobs.progress import Progress, Reporter
from cards.jobs.rows import Job, row_error
from cards.pipeline import Tracking, card_digest, card_name, plan_cards, render_card
from cards.quotes.style import parse_emphasis
from cards.render.png import alt_text, is_card

if TYPE_CHECKING:
    from cards.article.model import Article
    from cards.design.brand import Brand
    from cards.design.model import Template

class Outcome(Struct, frozen=True):
    """What a worker did with one row: its cards (with their bytes when the client is
    to write them), or the row's error, and the worker's peak memory so far."""

    where: str
    entries: tuple[Entry, ...] = ()
    files: tuple[bytes | None, ...] = ()  # None: already on disk (skipped, or written)
    skipped: tuple[bool, ...] = ()
    digests: tuple[str, ...] = ()  # each card's Digest: what `is_card` checks
    error: str | None = None
    warnings: tuple[str, ...] = ()
    worker: int = 0  # process id
    peak_kb: int = 0  # the worker's peak resident memory
    cards: int = 0  # a failed row: the cards it would have made


class Interrupted(CardsError):
    """Ctrl-C (or SIGTERM) stopped a batch; every file written is whole and listed."""

    exit_code = 130


@lru_cache(maxsize=32)
def _article(source: str, strict: bool) -> Article:
    return load_article(source, strict)


@lru_cache(maxsize=16)
def _brand(path: str | None) -> Brand | None:
    return load_brand(path) if path else default_brand()


@lru_cache(maxsize=16)
def _template(ref: str, brand: str | None) -> Template:
    return load_template(ref, _brand(brand))


def _peak_kb() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def run_job(job: Job, out: str, resume: bool, tracking: Tracking | None,
            write_here: bool = False, clobber: bool = True) -> Outcome:
    """Plan and draw one row's cards (in a worker). Articles, templates and brand kits
    are loaded once per worker, fonts stay cached in it. With `resume`, a card whose file
    is there already is not drawn again; without `clobber`, a row with a card whose name
    is taken fails before any is drawn; with `write_here` the worker writes the files
    itself (a cluster with a shared folder) and returns no bytes."""
    warnings: list[str] = []
    try:
        options = job.options
        if tracking is not None:  # the row's network and campaign, else the batch's
            options = replace(options, tracking=replace(
                tracking, network=job.network, campaign=job.campaign or tracking.campaign))
        planned = plan_cards(_article(job.article, options.strict), options,
                             _template(options.template, options.brand),
                             _brand(options.brand), warnings.append)
        digests = [card_digest(spec, verified) for spec, verified in planned]
        names = [card_name(spec, verified, job.output) for spec, verified in planned]
        there = [resume and is_card(Path(out) / name, digest)
                 for name, digest in zip(names, digests, strict=True)]
        if not clobber:
            refuse_existing([Path(out) / name for name, made in zip(names, there, strict=True)
                             if not made])
        entries, files = [], []
        for (spec, verified), name, skip in zip(planned, names, there, strict=True):
            path = Path(out) / name
            if skip:
                data, file = path.read_bytes(), None
            else:
                card = render_card(spec, verified)
                warnings.extend(card.layout.notes)
                data = file = card.encoded()
                if write_here:
                    write_atomic(path, data, clobber=clobber)
                    file = None
            width, height = PRESETS[spec.preset]
            shown = parse_emphasis(spec.quote)[0]
            entries.append(Entry(
                job.where, name, spec.preset, spec.template.name, shown, spec.speaker,
                spec.url, alt_text(shown, spec.speaker, spec.headline, spec.site, verified),
                width, height, len(data), hashlib.sha256(data).hexdigest(), verified,
                extra=dict(job.extra)))
            files.append(file)
        return Outcome(job.where, tuple(entries), tuple(files), tuple(there), tuple(digests),
                       warnings=tuple(warnings), worker=os.getpid(), peak_kb=_peak_kb())
    except Exception as e:  # noqa: BLE001 - a row's fault fails that row, never the batch
        message = row_error(e) if isinstance(e, CardsError) else internal_error(e)
        return Outcome(job.where, error=message, warnings=tuple(warnings), worker=os.getpid(),
                       peak_kb=_peak_kb(), cards=_card_count(job))


def _card_count(job: Job) -> int:
    """The cards a row asks for ("all" counts as five)."""
    sizes = job.options.sizes
    return 5 if "all" in sizes else len(sizes)


def run_batch(
    jobs: list[Job],
    out: Path,
    *,
    workers: int = 1,
    resume: bool = False,
    fail_fast: bool = False,
    tracking: Tracking | None = None,
    manifest_csv: bool = False,
    reporter: Reporter | None = None,
    scheduler: str | None = None,
    write_on_workers: bool = False,
    clobber: bool = True,
    csv_separator: str = ",",
) -> Progress:
    """Make every card of `jobs` in `out`. Returns the counts; raises `Interrupted` on
    Ctrl-C after writing the manifest of what was made, and `FolderBusy` at once if
    another batch is writing into `out`. Without `clobber`, a row with a card whose
    file is there already (and, with `resume`, is not that card) fails, and none of its
    cards is written."""
    report = reporter or Reporter()
    outside_package(out)
    out.mkdir(parents=True, exist_ok=True)
    lock = FolderLock(out)  # before anything else: the folder is this batch's alone
    # What is loaded by now (the modules, the job's rows) lasts the whole batch. Frozen,
    # the garbage collector does not walk it again every few cards (3% of a 100-card
    # batch), and forked workers do not copy the memory pages that walk would touch.
    gc.freeze()
    try:
        return _run(jobs, out, workers, resume, fail_fast, tracking, manifest_csv, report,
                    scheduler, write_on_workers, clobber, csv_separator)
    finally:
        gc.unfreeze()
        lock.release()


def _run(jobs: list[Job], out: Path, workers: int, resume: bool, fail_fast: bool,
         tracking: Tracking | None, manifest_csv: bool, report: Reporter,
         scheduler: str | None, write_on_workers: bool, clobber: bool,
         csv_separator: str = ",") -> Progress:
    from concurrent.futures import BrokenExecutor  # lazy: keeps start-up fast

    state = Progress(total=sum(_card_count(j) for j in jobs))
    manifest = Manifest(out, manifest_csv, csv_separator)  # folds what a killed batch left
    executor, stop = make_executor(workers, scheduler)
    # Workers on a cluster that send the bytes back may not see --out as this process
    # does (their folder, or their disk, is another): there they draw every card, and
    # this process tells which are there already, and which names are taken.
    sees_out = not scheduler or write_on_workers
    args = (str(out.resolve()) if write_on_workers else str(out), resume and sees_out,
            tracking, write_on_workers, clobber or not sees_out)

    def terminate(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        outcomes: Iterable[Outcome]
        if executor is None:
            outcomes = (run_job(job, *args) for job in jobs)
        else:
            outcomes = _as_completed(executor, jobs, args, workers)
        for outcome in outcomes:
            _take(outcome, out, resume, clobber, state, manifest, report)
            report.progress(state)
            if fail_fast and outcome.error is not None:
                break
    except KeyboardInterrupt:
        raise Interrupted(
            f"interrupted: {state.made} cards made, {state.skipped} already there; every"
            f" file written is whole and in the manifest; run the same command with"
            f" {named('resume')} to finish"
        ) from None
    except CancelledError:  # only a cluster cancels rows: when its scheduler goes away
        raise CardsError(
            f"{named('scheduler')}: lost {scheduler}: {state.made} cards made, {state.skipped}"
            " already there; every file written is whole and in the manifest; run the same"
            f" command with {named('resume')} to finish"
        ) from None
    except BrokenExecutor as e:  # a worker died (out of memory, killed)
        raise CardsError(
            f"a worker stopped ({e}): {state.made} cards made; every file written is whole"
            f" and in the manifest; run the same command with {named('resume')} to finish"
        ) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        stopped_by = sys.exc_info()[1]
        try:
            manifest.close()  # whatever happened, it lists exactly the files written
        except CardsError:
            # The error that stopped the batch (a full disk) says more; the journal stays
            # and the next batch folds it before anything else.
            if stopped_by is None:
                raise
        finally:
            stop()
    return state


def run_jobs(jobs: tuple[Job, ...], out: str, resume: bool, tracking: Tracking | None,
             write_here: bool = False, clobber: bool = True) -> tuple[Outcome, ...]:
    """`run_job` for each of a run of rows (in a worker), in order."""
    return tuple(run_job(job, out, resume, tracking, write_here, clobber) for job in jobs)


def _runs(jobs: list[Job], workers: int) -> Iterator[tuple[Job, ...]]:
    """The rows in order, in runs of consecutive rows of the same article: a worker given
    a run loads its article once and draws all of its cards with that article's words
    already measured, where rows dealt one at a time would have every worker load every
    article. Each run holds at most `_RUN_CARDS` cards, and at most a `_SHARE`th of
    what each worker would get if the cards not yet dealt were shared out now (but at
    least one row): the first runs are long, the last ones a card or two, so the workers
    finish together rather than one drawing a long last run while the other waits."""
    left = sum(_card_count(job) for job in jobs)
    run: list[Job] = []
    held = cap = 0
    for job in jobs:
        count = _card_count(job)
        if run and (job.article != run[0].article or held + count > cap):
            yield tuple(run)
            left -= held
            run, held = [], 0
        if not run:
            cap = max(1, min(_RUN_CARDS, left // (_SHARE * max(1, workers))))
        run.append(job)
        held += count
    if run:
        yield tuple(run)


# How finely the cards left are dealt: each run at most half of a worker's share of them.
# --jobs 2 over 500 cards (10 stories, every size), with every story's run whole until
# the last: 2.0 s, as one worker drew the last story's 50 cards (0.3 s) alone.
_SHARE = 2
# The most cards in a run, about a third of a second of drawing: progress moves a run at
# a time (Ctrl-C, SIGTERM and --fail-fast do not wait for the runs being drawn:
# `stop_pool` ends their workers). A story with more rows goes to more than one worker,
# each reading it and measuring its words again: --jobs 2 over 500 cards took 2.35 s
# with 64, 2.47 s with 32. With no limit, a 2,000-card batch's progress moved 250 cards
# at a time.
_RUN_CARDS = 64


def _as_completed(executor: Executor, jobs: list[Job], args: tuple[Any, ...], workers: int
                  ) -> Iterable[Outcome]:
    """Outcomes as runs of rows finish (see `_runs`), with a bounded number of runs in
    flight so that memory stays flat however long the job file is."""
    runs = _runs(jobs, workers)
    pending: set[Future[tuple[Outcome, ...]]] = set()
    limit = 64
    for run in runs:
        pending.add(executor.submit(run_jobs, run, *args))
        if len(pending) >= limit:
            break
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            following = next(runs, None)
            if following is not None:
                pending.add(executor.submit(run_jobs, following, *args))
            yield from future.result()


def _take(outcome: Outcome, out: Path, resume: bool, clobber: bool, state: Progress,
          manifest: Manifest, report: Reporter) -> None:
    state.peak_kb[outcome.worker] = max(state.peak_kb.get(outcome.worker, 0), outcome.peak_kb)
    for message in outcome.warnings:
        report.warning(outcome.where, message)
    cards = list(zip(outcome.entries, outcome.files, outcome.skipped, outcome.digests,
                     strict=True))
    error = outcome.error
    if error is None:
        try:
            _check_names(cards, out, resume, clobber, state)
        except CardsError as e:
            error = row_error(e)
    if error is not None:
        state.failed_rows += 1
        state.failed_cards += outcome.cards or len(cards)
        report.failed(outcome.where, error)
        return
    for entry, data, skipped, digest in cards:
        if entry.file in state.written:
            state.repeated += 1  # the same card (same name, same bytes) as an earlier row's
            continue
        path = out / entry.file
        # A file and its manifest entry go together: Ctrl-C waits until both are done.
        # The entry comes first, so that a kill between the two leaves an entry without
        # its file, which the manifest's fold drops, never a file without its entry.
        with _signals_held():
            if data is not None and resume and is_card(path, digest):
                data = path.read_bytes()  # listed as it is on disk, as a worker would list it
                entry = replace(entry, bytes=len(data), sha256=hashlib.sha256(data).hexdigest())
                skipped, data = True, None
            manifest.add(entry)
            if data is not None:
                write_atomic(path, data, clobber=clobber)
        state.written[entry.file] = digest
        if skipped:
            state.skipped += 1
        else:
            state.made += 1


def _check_names(cards: list[tuple[Entry, bytes | None, bool, str]], out: Path, resume: bool,
                 clobber: bool, state: Progress) -> None:
    """Refuse a row, before any of its cards is written, whose card would take the name
    of another card of this batch, or (without `clobber`) replace a file already there."""
    for entry, _, _, digest in cards:
        if state.written.get(entry.file, digest) != digest:
            raise CardsError(
                f"{entry.file} is the name of another card, made for an earlier row (a name"
                " keeps only the start of the hash); give this row an output column")
    if not clobber:
        refuse_existing([out / entry.file for entry, data, _, digest in cards
                         if data is not None and entry.file not in state.written
                         and not (resume and is_card(out / entry.file, digest))])


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back for the block, then acted on. Done with Python-level
    handlers, which always run in the main thread: blocking the signal there would not
    stop it reaching one of the pool's threads, which interrupts the main thread anyway."""
    import threading  # lazy: keeps start-up fast

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = [signal.signal(s, lambda signum, frame: pending.append(signum)) for s in held]
    try:
        yield
    finally:
        for s, handler in zip(held, previous, strict=True):
            signal.signal(s, handler)
        if pending:
            raise KeyboardInterrupt
