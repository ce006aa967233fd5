"""The one worker pool, for batches and previews alike: forked local processes that leave
Ctrl-C to the main process (optionally warmed up before work arrives), or a Dask
cluster's executor. Each comes with how to stop it, abandoning the work not yet done."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

from cards.errors import CardsError, named
from cards.files import end_process

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    pass


# Seconds a Dask scheduler has to answer --scheduler.
_CONNECT = 10.0


def _quiet_worker(warm: Callable[[], None] | None, parent: int) -> None:
    """Workers leave Ctrl-C to the main process, which stops them in order, and die with
    it however it ends; a warm-up runs first when one is given."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with(parent)
    if warm is not None:
        warm()


# prctl's option for the signal a process gets when its parent dies (Linux).
_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Have the kernel end this worker when the process that started it ends, even by
    SIGKILL, which leaves no chance to stop the pool in order (Linux; elsewhere the
    pool's own shutdown is all there is)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # lazy: keeps start-up fast

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(0)


# glibc's mallopt options: the size from which a block is mapped on its own, and how much
# freed memory at the top of the heap is kept rather than given back.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def keep_freed_memory() -> None:
    """Have this process (and the workers it forks) reuse the memory a card frees for the
    next card. By default glibc gives a freed block of more than about 128 KB back to the
    system, and the next card's pixels, PNG rows and file bytes (each 0.75 MB to 3 MB)
    come back as fresh pages, each one faulted in: a tenth of a card's time (5.9 ms
    against 5.4 ms a card, measured in a batch). Up to 128 MB freed is kept instead
    (Linux with glibc; elsewhere nothing changes). For a process that ends with its
    work (`cards batch` calls it): one that runs for days keeps glibc's own way."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # lazy: keeps start-up fast

    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20)
        libc.mallopt(_M_TRIM_THRESHOLD, 128 << 20)
    except (OSError, AttributeError):
        return


def process_pool(workers: int, warm: Callable[[], None] | None = None,
                 start: bool = False) -> ProcessPoolExecutor:
    """`workers` local processes. fork starts one in milliseconds with the parent's
    imports already done, so import what the work needs before calling this. `warm` runs
    in each new worker; with `start`, every worker starts now rather than at the first
    task (it warms up while this process plans)."""
    import multiprocessing  # lazy: keeps start-up fast
    from concurrent.futures import ProcessPoolExecutor  # lazy: keeps start-up fast

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_worker,
                               initargs=(warm, os.getpid()))
    if start:
        for _ in range(workers):
            pool.submit(int)
    return pool


def warm_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """`workers` processes (one per core by default), every one started now and drawing a
    small card first, so that fonts, shaping and the QR encoder are ready when the real
    cards arrive (it happens while this process reads and plans). Previews and the web
    page draw in one of these; a batch's pool is not warmed (see `executor`)."""
    from cards.render import qr  # lazy: keeps start-up fast

    # Forked workers inherit what is imported here: the QR encoder is loaded once, not
    # once a worker.
    qr.qr_matrix("https://example.org/")
    return process_pool(workers or os.cpu_count() or 1, warm=_warm, start=True)


# What a worker warms up on: a story as users write them (front matter, a quotation said
# by someone), so that reading it, verifying its quote and drawing it load and compile
# what every real row needs (YAML, the quote patterns, the fonts) before one arrives.
_WARM_STORY = """---
title: Warm
url: https://example.org/warm
---
# Warm

"The type is ready," said Ada Lane, the printer.
"""


def _warm() -> None:
    from cards.article.load import parse_article  # lazy: in the worker
    from cards.design.catalog import load_template
    from cards.pipeline import CardOptions, plan_cards, render_card

    article = parse_article(_WARM_STORY, "warm.md")
    for spec, verified in plan_cards(article, CardOptions(quote="The type is ready"),
                                     load_template("classic")):
        render_card(spec, verified).encoded()


def executor(workers: int, scheduler: str | None
             ) -> tuple[Executor | None, Callable[[], None]]:
    """The pool rows run in (None: in this process), and how to stop it, abandoning the
    rows not yet done."""
    if scheduler:
        client = _dask_client(scheduler)
        # pure=False: a row reads and may write files, so two submissions of it are two
        # runs, never one result the cluster remembers under a hash of the arguments.
        dask: Executor = client.get_executor(pure=False)

        def stop() -> None:
            import logging  # lazy: keeps start-up fast

            # The Dask executor's shutdown cancels the rows left but does not close the
            # client, whose connection and event-loop thread would outlive the batch.
            # Closing a client that lost its scheduler stops its attempts to reconnect,
            # which Dask logs as an error with a traceback; the batch says what happened.
            log = logging.getLogger("distributed.client")
            level = log.level
            log.setLevel(logging.CRITICAL)
            try:
                dask.shutdown(wait=False)
            finally:
                client.close()
                log.setLevel(level)

        return dask, stop
    if workers <= 1:
        return None, lambda: None
    # Not warmed: a batch's rows are ready at once, and a worker's first row warms it up
    # for less than a warm-up card and that row would cost (--jobs 2 over 100 cards: 0.55 s
    # against 0.56 s). A preview or the web page, which plan while the pool starts, warm it.
    pool = process_pool(workers, start=True)
    return pool, lambda: stop_pool(pool)


# Seconds a worker has to finish on its own once its pool is stopped.
_GRACE = 0.2

# Whether a worker of a pool this process stopped was ended by a signal (see
# `leave_now_if_a_worker_was_cut_off`).
_cut_off = False


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop the pool now, abandoning the work not yet done. A worker still drawing (the
    batch was interrupted, or failed fast) is ended after `_GRACE`: local workers write
    nothing, so what it was drawing is only lost, and Ctrl-C does not wait for it."""
    # The pool's processes are in its own table, under that name since Python 3.8 (3.14
    # adds terminate_workers for this). Without it, the pool is waited for as before.
    processes = list((getattr(pool, "_processes", None) or {}).values())
    if not processes:
        pool.shutdown(wait=True, cancel_futures=True)
        return
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + _GRACE
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join()
    global _cut_off
    _cut_off = _cut_off or any((p.exitcode or 0) < 0 for p in processes)


def leave_now_if_a_worker_was_cut_off(code: int) -> None:
    """End the process at once, with `code`, if a worker was ended by a signal: ours
    after `_GRACE`, or one sent to the whole process group (a service manager's SIGTERM).
    A worker ended while it was sending back a result leaves part of a message in the
    pool's result pipe, and the pool's thread that reads it waits for the rest forever;
    as the interpreter exits it waits for that thread (CPython's concurrent.futures), so
    the batch would hang after saying it was interrupted, about one time in thirty under
    load. By now every file and the manifest are written and closed; what is skipped is
    only the interpreter's own tidying."""
    if _cut_off:
        end_process(code)


def _dask_client(scheduler: str) -> Any:
    """A Dask client connected to `scheduler`, or a one-line error saying why not."""
    import socket  # lazy: keeps start-up fast
    import threading  # lazy: keeps start-up fast

    try:
        from distributed import Client  # type: ignore[import-not-found,unused-ignore]
        from distributed.comm.addressing import (  # type: ignore[import-not-found,unused-ignore]
            get_address_host_port,
        )
    except ImportError:
        raise CardsError(f"{named('scheduler')} needs Dask: pip install 'cards[dask]'",
                         field="scheduler") from None
    try:
        host, port = get_address_host_port(scheduler)
    except ValueError as e:
        raise CardsError(f"{named('scheduler')}: {e}; expected tcp://HOST:PORT",
                         field="scheduler") from None
    # The client retries a refused connection until its timeout, and a client that
    # never connected leaves its event-loop thread running: a plain connection first
    # tells at once, and in the system's words, why a scheduler cannot be reached.
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as e:
        raise CardsError(f"{named('scheduler')}: cannot reach {scheduler} ({e.strerror or e})",
                         field="scheduler") from None
    # A server that takes the connection but never answers as a scheduler does (the
    # dashboard's port given for the scheduler's) keeps the client waiting for ever, its
    # timeout notwithstanding: it is started in a thread that is given a limit.
    clients: list[Any] = []
    errors: list[Exception] = []

    def connect() -> None:
        try:
            clients.append(Client(  # type: ignore[no-untyped-call,unused-ignore]
                scheduler, timeout=f"{_CONNECT}s", set_as_default=False))
        except Exception as e:
            errors.append(e)

    thread = threading.Thread(target=connect, name="cards-dask-connect", daemon=True)
    thread.start()
    thread.join(_CONNECT + 1)  # the client's own error, if it has one, comes first
    if clients:
        return clients[0]
    if errors and not isinstance(errors[0], (OSError, TimeoutError)):
        raise errors[0]
    if errors:
        raise CardsError(f"{named('scheduler')}: cannot reach {scheduler} ({errors[0]})",
                         field="scheduler")
    raise CardsError(f"{named('scheduler')}: {scheduler} does not answer as a Dask scheduler in"
                     f" {_CONNECT:g} s (is that the dashboard's port? The scheduler's is"
                     " 8786 unless it was given another)")
