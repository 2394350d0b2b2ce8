"""Retention: what is deleted after how long (``flask --app forum purge``, run from cron).

Each period is a setting (see :mod:`forum.config`). Purging is idempotent: a second run at the
same time deletes nothing. The moderation log holds no IP addresses or browser details, so it
is never purged (it is append-only). Rate-limit counters, the only records keyed by IP
address, expire with their window (a day at most) in Redis or in memory.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, or_
from sqlalchemy.orm import Session

from forum.jobs.models import DONE, FAILED, Job
from forum.privacy.export import delete_export_files
from forum.security.models import UserSession


@dataclass(frozen=True)
class Periods:
    """How many days each kind of record is kept."""

    sign_ins: int = 90
    outbox: int = 14
    exports: int = 7
    jobs: int = 30

    @classmethod
    def from_config(cls, config: dict) -> Periods:
        """The periods the settings choose."""
        return cls(sign_ins=int(config["RETENTION_SIGN_INS_DAYS"]),
                   outbox=int(config["RETENTION_OUTBOX_DAYS"]),
                   exports=int(config["EXPORT_DAYS"]),
                   jobs=int(config["RETENTION_JOBS_DAYS"]))


def purge(session: Session, *, now: datetime, periods: Periods,
          outbox: Path | None = None) -> dict[str, int]:
    """Delete what is older than its period at ``now``; return how many of each went."""
    days = timedelta(days=1)
    counts = {
        "sign_ins": session.execute(delete(UserSession).where(
            UserSession.last_seen_at < now - periods.sign_ins * days)).rowcount,
        # an export is deleted once expired; it expires EXPORT_DAYS after it was written
        "exports": delete_export_files(session, expired_at=now),
        "jobs": session.execute(delete(Job).where(or_(
            (Job.status == DONE) & (Job.finished_at < now - periods.jobs * days),
            (Job.status == FAILED) & (Job.created_at < now - periods.jobs * days)))).rowcount,
        "outbox": purge_outbox(outbox, before=now - periods.outbox * days),
    }
    session.flush()
    return counts


def purge_outbox(folder: Path | None, *, before: datetime) -> int:
    """Delete development mail files last written before ``before``; return how many."""
    if folder is None or not folder.is_dir():
        return 0
    removed = 0
    for path in folder.glob("*.eml"):
        if path.stat().st_mtime < before.timestamp():
            path.unlink(missing_ok=True)
            removed += 1
    return removed
