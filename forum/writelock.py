"""SQLite's writers take turns through a lock file, so a waiting writer starts the moment the
one before it commits.

SQLite has one writer at a time. A second writer that finds the database locked is put to
sleep by SQLite's busy handler for 1, 2, 5, 10, 15, 20, 25… milliseconds and tries again, so
under load most of a write's time is spent asleep after the lock was already free (16 writers
on two workers: about 100 posts/s, with each write holding the lock for 6 ms). Here each
connection first takes an exclusive ``flock`` on ``<database>.writers`` before its first
``INSERT``, ``UPDATE``, ``DELETE`` or ``REPLACE``, and lets go when the transaction ends
(commit, rollback, close). It is asked for every fifth of a millisecond at first, never more
than every two, for as long as SQLite's busy timeout: a writer still waiting then is refused
as SQLite would refuse it ("database is locked"). Connections that do not take turns (the
``sqlite3`` tool, a backup) meet SQLite's own locking, as before. The kernel drops the lock
of a process that dies.

Readers are not concerned: in WAL mode they never wait for a writer.
"""
from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from typing import Any

#: the statements that make pysqlite open a write transaction
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
#: how long a writer waits for its turn before it is refused (the busy timeout's)
WAIT_SECONDS = 5.0


class TurnTakingConnection(sqlite3.Connection):
    """A pysqlite connection that holds the database's writer lock while it writes."""

    def __init__(self, database: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        self._lock_fd: int | None = None
        self._held = False
        if database and database != ":memory:" and not database.startswith("file::memory:"):
            self._lock_fd = os.open(f"{database}.writers", os.O_RDWR | os.O_CREAT, 0o600)

    def take_turn(self, statement: str) -> None:
        """Wait for the writer lock if ``statement`` is the transaction's first write."""
        if self._held or self._lock_fd is None:
            return
        if not statement.lstrip()[:7].upper().startswith(_WRITES):
            return
        deadline = time.monotonic() + WAIT_SECONDS
        pause = 0.0002
        while True:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:  # the writer before has held it too long
                    raise sqlite3.OperationalError("database is locked") from None
                time.sleep(pause)
                pause = min(pause * 2, 0.002)
            else:
                self._held = True
                return

    def _end_turn(self) -> None:
        if self._held and self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
        self._held = False

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._end_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._end_turn()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


def before_execute(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
    """SQLAlchemy's ``before_cursor_execute`` listener: take the turn before a write."""
    connection = cursor.connection
    if isinstance(connection, TurnTakingConnection):
        connection.take_turn(statement)
