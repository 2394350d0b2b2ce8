"""Rate-limit storage: the in-process storage (``forum-memory://``), atomic; refunds that never
go below zero.

``limits.storage.MemoryStorage`` locks each key while it increments, but that is not enough
for requests sent together: a new window's counter has no expiry until after its first
increment, and a ``get`` from another thread in that moment drops the counter and its lock,
so a burst of 40 requests against "5 per minute" can let 4 to 10 through. Here every count
and read of the counters takes one lock, so each increment sees the counts before it.
Redis needs none of this: its increment is one atomic script.
"""
from __future__ import annotations

import threading

from limits.storage import MemoryStorage, RedisStorage, Storage


class AtomicMemoryStorage(MemoryStorage):
    """``MemoryStorage`` with one lock around every increment, decrement and read."""

    STORAGE_SCHEME = ["forum-memory"]  # registered with ``limits`` by being defined

    def __init__(self, uri: str | None = None, **options: object) -> None:
        super().__init__(uri, **options)
        self._counts_lock = threading.RLock()  # re-entrant: incr and decr call get

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        """Add ``amount`` and return the count this call reached."""
        with self._counts_lock:
            return super().incr(key, expiry, amount)

    def decr(self, key: str, amount: int = 1) -> int:
        """Take ``amount`` back (never below zero) and return the count left."""
        with self._counts_lock:
            return super().decr(key, amount)

    def get(self, key: str) -> int:
        """The current count (dropping it if its window has ended)."""
        with self._counts_lock:
            return super().get(key)


#: decrement a counter, never below zero, and never bring back one that has expired
_REFUND_SCRIPT = """
local current = tonumber(redis.call('get', KEYS[1]) or '0')
if current > 0 then
    return redis.call('decrby', KEYS[1], ARGV[1])
end
return 0
"""


def decrement(storage: Storage, key: str) -> None:
    """Take one count back out of a window's counter, atomically, never below zero."""
    if isinstance(storage, RedisStorage):
        storage.get_connection().eval(_REFUND_SCRIPT, 1, storage.prefixed_key(key), 1)
    else:
        storage.decr(key)  # type: ignore[attr-defined]  # memory: under its lock
