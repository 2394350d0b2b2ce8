"""What the failed-jobs page shows and does: the failed rows, the counts, trying again."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, case, delete, func, select, update
from sqlalchemy.orm import Session

from forum.errors import Conflict
from forum.i18n import _l
from forum.jobs import dispatch_after_commit
from forum.jobs.models import DONE, FAILED, PENDING, RUNNING, Job

NO_LONGER_FAILED = _l("This job is no longer in the failed list: someone has already dealt with "
                      "it.")


def failed_jobs() -> Select[tuple[Job]]:
    """The failed jobs, the most recent failure first."""
    return select(Job).where(Job.status == FAILED).order_by(Job.finished_at.desc().nulls_last(),
                                                            Job.id.desc())


def job_counts(session: Session, *, now: datetime) -> dict[str, int]:
    """How many jobs are due now, waiting (for their time or a retry), running and failed."""
    rows = session.execute(
        select(Job.status, func.count(), func.sum(case((Job.run_after <= now, 1), else_=0)))
        .where(Job.status != DONE).group_by(Job.status)).all()
    counts = {"due": 0, "waiting": 0, RUNNING: 0, FAILED: 0}
    for status, count, due_now in rows:
        if status == PENDING:
            counts["due"], counts["waiting"] = int(due_now or 0), count - int(due_now or 0)
        else:
            counts[status] = count
    return counts


def retry_job(session: Session, job_id: int, *, now: datetime) -> None:
    """Put a failed job back in the queue, due now, with its attempts counted afresh."""
    changed = session.execute(
        update(Job).where(Job.id == job_id, Job.status == FAILED)
        .values(status=PENDING, run_after=now, attempts=0)
        .execution_options(synchronize_session=False)).rowcount
    if not changed:
        raise Conflict(NO_LONGER_FAILED)
    dispatch_after_commit(session, job_id)


def discard_job(session: Session, job_id: int) -> None:
    """Delete a failed job for good (its work will not be done)."""
    removed = session.execute(
        delete(Job).where(Job.id == job_id, Job.status == FAILED)
        .execution_options(synchronize_session=False)).rowcount
    if not removed:
        raise Conflict(NO_LONGER_FAILED)
