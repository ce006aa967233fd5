"""One batch at a time in an output folder: an advisory lock on `.cards-batch.lock` in it.

The lock is `flock` on an open file rather than a file created with O_EXCL: the kernel
drops it when its holder dies, however it dies, so a batch killed outright never leaves
a lock for someone to remove by hand. flock (not fcntl's record locks) because it belongs
to the open file, so a second batch in the same process is refused too; the pool's
forked workers would inherit it, so a child closes its copy at once and the lock lives
only as long as the batch's own process.
"""

from __future__ import annotations

import os
from pathlib import Path

from cards.errors import CardsError, named

LOCK = ".cards-batch.lock"

_held: set[int] = set()  # descriptors of the locks this process holds


class FolderBusy(CardsError):
    """Another batch is writing into the output folder."""


def _close_in_child() -> None:
    for fd in _held:
        os.close(fd)
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


class FolderLock:
    """The lock on `out`, taken at once or refused with `FolderBusy`; `release` removes
    the file, so a finished batch leaves nothing behind."""

    def __init__(self, out: Path) -> None:
        import fcntl  # lazy: keeps start-up fast (and POSIX only)

        self.path = out / LOCK
        flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
        while True:
            try:
                fd = os.open(self.path, flags, 0o666)
            except OSError as e:
                raise CardsError(f"cannot lock {out}: {e.strerror or e}; choose another"
                                 f" {named('out')}", field="out") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise FolderBusy(f"{out}: another batch is writing there; wait for it to"
                                 f" finish, or choose another {named('out')}",
                                 field="out") from None
            # The holder before us may have removed the file between our open and our
            # lock: then we hold a lock nobody else can see, and start again.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path, follow_symlinks=False))
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        self.fd = fd
        _held.add(fd)

    def release(self) -> None:
        if self.fd in _held:
            self.path.unlink(missing_ok=True)  # while still held: see the check above
            _held.discard(self.fd)
            os.close(self.fd)
