"""One batch at a time in an output folder: a second is refused at once, makes nothing,
and a killed holder leaves no lock behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from cards.cli.main import main
from cards.jobs.lock import LOCK, FolderBusy, FolderLock, _held
from cards.jobs.progress import Progress, Reporter
from cards.jobs.readers import read_jobs
from cards.jobs.run import run_batch
from cards.pipeline import CardOptions

HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


def test_a_second_batch_into_the_same_folder_is_refused_while_the_first_runs(week, tmp_path):
    read = read_jobs(str(week), None, CardOptions())
    jobs, bad = read.jobs, read.bad
    assert not bad
    refused: list[str] = []

    class SecondBatchMidway(Reporter):
        def progress(self, state: Progress) -> None:
            if not refused:  # the first batch holds the lock: its first row is written
                with pytest.raises(FolderBusy) as error:
                    run_batch(jobs, tmp_path / "out", workers=1)
                refused.append(str(error.value))

    state = run_batch(jobs, tmp_path / "out", workers=1, reporter=SecondBatchMidway())
    assert refused == [f'{tmp_path / "out"}: another batch is writing there; wait for it to'
                       ' finish, or choose another "out"']
    assert state.made == 3  # the second made nothing and took nothing from the first
    assert not (tmp_path / "out" / LOCK).exists()  # released, and the file removed
    assert run_batch(jobs, tmp_path / "out", workers=1, resume=True).skipped == 3


def test_a_batch_stops_at_once_while_another_process_holds_the_folder(runner, week, tmp_path):
    (tmp_path / "out").mkdir()
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "out" / LOCK)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        result = runner.invoke(main, ["batch", "week.csv", "--out", "out"])
        assert result.exit_code == 1
        assert result.stderr == ("Error: out: another batch is writing there; wait for it to"
                                 " finish, or choose another --out\n")
        assert [p.name for p in (tmp_path / "out").iterdir()] == [LOCK]  # not a card
    finally:
        holder.kill()  # killed outright: the kernel drops its lock
        holder.communicate()
    result = runner.invoke(main, ["batch", "week.csv", "--out", "out", "--quiet"])
    assert result.exit_code == 0, result.stderr
    assert len(list((tmp_path / "out").glob("*.png"))) == 3


def test_the_pools_forked_workers_do_not_keep_the_lock(tmp_path):
    """A worker forked while the batch holds the lock, and left running when the batch
    is killed, must not keep the folder locked."""
    lock = FolderLock(tmp_path)
    ready, started = os.pipe()
    child = os.fork()
    if child == 0:  # a worker, busy for a while
        os.write(started, b"!")
        time.sleep(10)
        os._exit(0)
    try:
        assert os.read(ready, 1) == b"!"  # the child is past the fork
        os.close(lock.fd)  # the batch killed: its descriptor gone, its lock file left
        _held.discard(lock.fd)
        FolderLock(tmp_path).release()  # free, though the worker lives on
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.close(ready)
        os.close(started)
