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
