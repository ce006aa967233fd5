"""A bounded cache of things drawn or measured, for the caches of `backdrop` and `paint`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

V = TypeVar("V")


class Kept(dict[tuple[object, ...], V]):
    """The last `size` things made, by everything that decides them; the oldest goes
    first when it is full."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def made(self, key: tuple[object, ...], make: Callable[[], V]) -> V:
        if key not in self:
            if len(self) >= self.size:
                self.pop(next(iter(self)))
            self[key] = make()
        return self[key]
