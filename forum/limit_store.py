"""Atomic rate-limit counters: fixed windows over the ``limits`` library's storage.

Each window ("5 per minute") is one counter that expires at the end of the window. A request
*spends* first: one atomic increment per window (a Lua script in Redis, a lock in memory), so
forty requests sent at once see forty different counts and at most the limit pass. A request
that must not count afterwards (a rejected one, or a success where only failures count) is
*refunded*: one atomic decrement that never goes below zero. There is no "check, then count"
anywhere, which is what lets parallel requests through.

Redis holds the counts when it is configured, so they are shared by every worker and every
server. If Redis cannot be reached, counting falls back to this process's memory (logged) and
tries Redis again after :data:`RETRY_REDIS_SECONDS`: an outage must not take the forum down.
"""
from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from functools import lru_cache

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage, RedisStorage, Storage, storage_from_string

log = logging.getLogger(__name__)

#: after a Redis error, count in memory for this long before trying Redis again
RETRY_REDIS_SECONDS = 30

#: decrement a counter, never below zero, and never bring back one that has expired
_REFUND_SCRIPT = """
local current = tonumber(redis.call('get', KEYS[1]) or '0')
if current > 0 then
    return redis.call('decrby', KEYS[1], ARGV[1])
end
return 0
"""


@dataclass(frozen=True)
class Spent:
    """One counted window: what was incremented, and the count it reached."""
    window: RateLimitItem
    key: str
    count: int
    reset_at: float

    @property
    def exhausted(self) -> bool:
        """Whether this request went over the window's limit."""
        return self.count > self.window.amount


@lru_cache(maxsize=64)
def windows(value: str) -> tuple[RateLimitItem, ...]:
    """Parse a limit setting (``"5 per minute; 60 per hour"``) into its windows."""
    return tuple(parse_many(value))


class CounterStore:
    """Fixed-window counters in Redis (shared) or in this process's memory."""

    def __init__(self, uri: str, prefix: str) -> None:
        self.prefix = prefix
        self.uri = uri
        self._memory = MemoryStorage()
        self._shared: Storage | None = None if uri.startswith("memory") else \
            storage_from_string(uri, socket_connect_timeout=2, socket_timeout=2)
        self._redis_down_until = 0.0
        self._refund_script = None

    @property
    def shared(self) -> bool:
        """Whether the counts are shared with other processes (Redis)."""
        return self._shared is not None

    def _storage(self) -> Storage:
        if self._shared is not None and time.monotonic() >= self._redis_down_until:
            return self._shared
        return self._memory

    def _on_error(self, error: Exception) -> Storage:
        log.warning("Rate-limit storage unreachable (%s); counting in memory for %d seconds.",
                    error, RETRY_REDIS_SECONDS)
        self._redis_down_until = time.monotonic() + RETRY_REDIS_SECONDS
        return self._memory

    def key(self, window: RateLimitItem, scope: str, key: str) -> str:
        """The storage key of one window of one limit for one client."""
        return window.key_for(self.prefix, scope, key)

    def spend(self, window: RateLimitItem, scope: str, key: str) -> Spent:
        """Count one request in ``window`` (atomically) and return the count it reached."""
        storage_key = self.key(window, scope, key)
        storage = self._storage()
        try:
            count = storage.incr(storage_key, window.get_expiry())
            reset_at = storage.get_expiry(storage_key)
        except Exception as error:  # noqa: BLE001 - any storage failure: count in memory
            if storage is self._memory:
                raise
            storage = self._on_error(error)
            count = storage.incr(storage_key, window.get_expiry())
            reset_at = storage.get_expiry(storage_key)
        return Spent(window, storage_key, count, reset_at)

    def refund(self, spent: Spent) -> None:
        """Take one request back out of a window it was counted in (never below zero)."""
        storage = self._storage()
        try:
            if isinstance(storage, RedisStorage):
                if self._refund_script is None:
                    self._refund_script = storage.get_connection().register_script(
                        _REFUND_SCRIPT)
                self._refund_script([storage.prefixed_key(spent.key)], [1])
            else:
                storage.decr(spent.key)  # type: ignore[attr-defined]
        except Exception as error:  # noqa: BLE001 - a lost refund only makes a limit stricter
            if storage is self._memory:
                raise
            self._on_error(error)

    def clear(self) -> None:
        """Forget every count in this process's memory (Redis counts are left alone)."""
        self._memory.reset()


def seconds_until(reset_at: float, now: float | None = None) -> int:
    """Whole seconds from ``now`` until ``reset_at``, at least 1."""
    return max(1, math.ceil(reset_at - (time.time() if now is None else now)))
