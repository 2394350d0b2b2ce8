"""The transactional outbox: every background job is first a row, written in the same
transaction as the change that caused it."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import UTCDateTime, db, utcnow

PENDING = "pending"
RUNNING = "running"
DONE = "done"
FAILED = "failed"


class Job(db.Model):
    """One piece of work to do after a request: its handler's name and keyword arguments."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_run_after", "status", "run_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: the registered handler (:func:`forum.jobs.job`), e.g. ``mail.send``
    name: Mapped[str] = mapped_column(String(80))
    #: keyword arguments for the handler (JSON: ids and strings, never objects)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: pending → running → done, or back to pending with a later ``run_after`` after a
    #: failure, until the last attempt fails: failed
    status: Mapped[str] = mapped_column(String(10), default=PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    #: not before this time (the first run: at once; a retry: after its backoff)
    run_after: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the last attempt ended (done, or failed)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the last failure's exception, for the failed-jobs page
    last_error: Mapped[str | None] = mapped_column(Text)

    @property
    def error_line(self) -> str:
        """The last error's first line (the failed-jobs page shows it)."""
        return (self.last_error or "").strip().partition("\n")[0]

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.name} {self.status}>"
