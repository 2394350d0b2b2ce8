"""Values kept in a process (pages, cards, a summary's figures), bounded by their weight."""
from __future__ import annotations

from collections.abc import Hashable
from threading import Lock
from typing import Generic, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    """Values by key, at most ``chars`` in all (each value weighs what ``weigh`` says: by
    default its length, the characters of a piece of HTML). Past the bound the oldest half goes; a value over half the bound alone is
    never kept. Nothing is invalidated: a changed page or card has a new key, and the old
    entry ages out.
    """

    def __init__(self, chars: int, weigh=len) -> None:  # noqa: ANN001
        self.chars = chars
        self._weigh = weigh
        self._values: dict[Hashable, V] = {}
        self._weight = 0
        self._lock = Lock()

    def get(self, key: Hashable) -> V | None:
        """The value kept for ``key``, if any."""
        return self._values.get(key)

    def put(self, key: Hashable, value: V) -> None:
        """Keep ``value`` for ``key`` (not at all if it alone is over half the bound)."""
        weight = self._weigh(value)
        if weight > self.chars // 2:
            return
        with self._lock:
            if self._weight + weight > self.chars:
                for old in list(self._values)[: len(self._values) // 2 + 1]:
                    self._weight -= self._weigh(self._values.pop(old))
            if key not in self._values:
                self._values[key] = value
                self._weight += weight

    def __len__(self) -> int:
        return len(self._values)

    @property
    def weight(self) -> int:
        """What the values kept weigh."""
        return self._weight
