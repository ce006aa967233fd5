"""How a batch tells its caller what happens: the counts so far and the reporter that
shows them (the command line draws a bar; tests collect the calls)."""

from __future__ import annotations

import time

from msgspec import Struct, field


class Progress(Struct):
    total: int  # cards expected (a row's "all" counts as five)
    made: int = 0
    skipped: int = 0
    repeated: int = 0  # cards a row asked for that an earlier row of the batch made
    failed_rows: int = 0
    failed_cards: int = 0
    started: float = field(default_factory=time.monotonic)
    peak_kb: dict[int, int] = field(default_factory=dict)  # per worker process
    written: dict[str, str] = field(default_factory=dict)  # files made: name -> Digest

    @property
    def done(self) -> int:
        return self.made + self.skipped + self.repeated + self.failed_cards

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return (self.made + self.skipped) / elapsed if elapsed > 0 else 0.0


class Reporter:
    """How a batch tells its caller what happens; the CLI draws it, tests collect it."""

    def progress(self, state: Progress) -> None:
        pass

    def failed(self, where: str, message: str) -> None:
        pass

    def warning(self, where: str, message: str) -> None:
        pass
