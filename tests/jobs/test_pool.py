"""The one worker pool: its workers leave Ctrl-C to the main process and die with it,
however it ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

SCRIPT = """
import os, sys, time
from cards.jobs.pool import process_pool
pool = process_pool(2, start=True)
futures = [pool.submit(os.getpid) for _ in range(8)]
print(" ".join(sorted({str(f.result()) for f in futures})), flush=True)
pool.submit(time.sleep, 60)
time.sleep(60)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone in all but name: it holds no memory and runs nothing.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux parent-death signal")
def test_workers_die_when_their_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True)
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert workers and all(alive(w) for w in workers)
    parent.send_signal(signal.SIGKILL)  # no chance to stop its pool in order
    parent.wait()
    deadline = time.monotonic() + 10  # a wait for the kernel, not a measure of speed
    while time.monotonic() < deadline and any(alive(w) for w in workers):
        time.sleep(0.05)
    assert not any(alive(w) for w in workers)


def _draw_for_a_minute(marker: str) -> None:
    time.sleep(60)
    with open(marker, "w", encoding="utf-8") as f:
        f.write("finished")


def test_stopping_the_pool_ends_a_worker_still_drawing(tmp_path):
    """Ctrl-C, SIGTERM and --fail-fast stop a batch's pool: a worker in the middle of a
    run is ended, not waited for (it writes nothing; the main process writes every
    file), and every worker is gone once the pool is stopped."""
    from cards.jobs.pool import process_pool, stop_pool

    pool = process_pool(2, start=True)
    pids = {pool.submit(os.getpid).result() for _ in range(4)}
    marker = tmp_path / "finished"
    busy = pool.submit(_draw_for_a_minute, str(marker))
    while not busy.running():
        time.sleep(0.01)
    stop_pool(pool)
    assert not marker.exists()  # the minute's work was abandoned, not waited for
    assert pids and not any(alive(pid) for pid in pids)


_REUSE = """
import resource, sys
from cards import load_template, parse_article
from cards.jobs.pool import keep_freed_memory
from cards.pipeline import card_spec, render_card
from cards.quotes.verify import unverified_quote
from tests.conftest import STORY, STORY_URL

if sys.argv[1] == "kept":
    keep_freed_memory()
article, template = parse_article(STORY, "ferry.md"), load_template("classic")

def card(i):
    quote = unverified_quote(f"We counted {i} boats in the harbour that morning")
    spec = card_spec(article, quote, template, "landscape", STORY_URL, speaker="Ana Ruiz")
    return render_card(spec, False).encoded()

for i in range(5):
    card(i)
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for i in range(5, 25):
    card(i)
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator only")
def test_a_batch_reuses_the_memory_a_card_frees():
    """After `keep_freed_memory` (`cards batch` calls it), each card's pixels, PNG rows and
    bytes reuse the memory the card before freed: 20 cards fault in a few hundred pages
    in all, where by default each card faults in its buffers afresh (about 700 pages)."""
    faults = {how: int(subprocess.run([sys.executable, "-c", _REUSE, how], check=True,
                                      capture_output=True, text=True).stdout)
              for how in ("default", "kept")}
    assert faults["default"] > 20 * 300
    assert faults["kept"] < faults["default"] / 10


_FAULTS = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True)
assert done.returncode == 0, done.stderr
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator only")
def test_cards_batch_reuses_the_memory_each_card_frees(tmp_path):
    """`cards batch` (one worker) faults in few new pages for each card past the first
    ones, where a process that gives freed memory back faults in about 700 a card."""
    from tests.conftest import STORY

    (tmp_path / "ferry.md").write_text(STORY, encoding="utf-8")
    faults = {}
    for rows in (10, 40):
        jobs = tmp_path / f"jobs{rows}.csv"
        jobs.write_text("article,quote\n" + "".join(
            f'ferry.md,"{quote}"\n' for quote in
            [f"We counted {i} boats in the harbour that morning" for i in range(rows)]),
            encoding="utf-8")
        command = [sys.executable, "-m", "cards", "batch", str(jobs), "--jobs", "1",
                   "--unverified", "--speaker", "Ana Ruiz", "--out", str(tmp_path / f"out{rows}")]
        faults[rows] = int(subprocess.run([sys.executable, "-c", _FAULTS, *command],
                                          check=True, capture_output=True, text=True).stdout)
    assert (faults[40] - faults[10]) / 30 < 150


_CUT_OFF = """
import os, signal, struct, sys, time
from cards.jobs.pool import leave_now_if_a_worker_was_cut_off, process_pool, stop_pool

pool = process_pool(2, start=True)
pid = pool.submit(os.getpid).result()
# What a worker ended while sending back a result leaves in the pool's result pipe: a
# message's length, and fewer bytes than that. The pool's reading thread waits for the
# rest, and the interpreter, as it exits, waits for that thread.
writer = pool._result_queue._writer
os.write(writer.fileno(), struct.pack("!i", 1000) + b"x" * 10)
time.sleep(0.3)
os.kill(pid, signal.SIGKILL)
stop_pool(pool)
print("stopped", flush=True)
if sys.argv[1] == "leave":
    leave_now_if_a_worker_was_cut_off(130)
"""


def test_a_worker_cut_off_mid_result_does_not_keep_the_batch_from_ending():
    """A process group's SIGTERM (a service manager stopping a batch) can end a worker
    halfway through sending a result; the batch then says it was interrupted and ends
    with 130, where it used to hang as the interpreter waited on the pool's pipe."""
    done = subprocess.run([sys.executable, "-c", _CUT_OFF, "leave"], capture_output=True,
                          text=True, timeout=30)
    assert (done.returncode, done.stdout) == (130, "stopped\n"), done.stderr
    # Without leaving at once, the same process does not end on its own.
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run([sys.executable, "-c", _CUT_OFF, "wait"], capture_output=True,
                       timeout=5)
