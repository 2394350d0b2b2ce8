"""Background jobs through a transactional outbox.

A change that needs work done later (an email, an export) calls :func:`enqueue` with the
request's session: the job is a row of ``jobs`` in the same transaction, so it exists exactly
when the change does, and nothing is lost if a process or Redis dies. Once the transaction
commits, the new rows are handed to the runner the settings choose (``JOBS_RUNNER``):

``thread``  the embedded default: a small in-process pool runs them after the response;
``rq``      RQ on ``REDIS_URL`` (the worker: ``flask --app forum worker``);
``manual``  nothing is dispatched; :func:`forum.jobs.runner.run_due` runs what is due
            (tests, scripts, and the worker's sweep of rows whose hand-over was lost).

Whichever runs a job, it goes through :func:`forum.jobs.runner.perform`: a conditional UPDATE
claims the row, so a job handed over twice still runs once.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from forum.db import RoutingSession, utcnow
from forum.jobs.models import Job

#: handler name → ``handler(session, **payload)``
HANDLERS: dict[str, Callable[..., Any]] = {}
#: where a session keeps the ids of the jobs it wrote, until it commits
_NEW = "forum_new_jobs"
#: called with the committed ids; :mod:`forum.jobs.runner` installs the real one
_dispatchers: list[Callable[[list[int]], None]] = []


def job(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the handler of jobs called ``name``."""
    def register(handler: Callable[..., Any]) -> Callable[..., Any]:
        HANDLERS[name] = handler
        return handler
    return register


def enqueue(session: Session, name: str, /, *, run_after: datetime | None = None,
            **payload: Any) -> Job:
    """Write a job row in ``session``'s transaction; it is dispatched once that commits."""
    if name not in HANDLERS:
        raise LookupError(f"No job handler is registered as {name!r}.")
    row = Job(name=name, payload=payload, run_after=run_after or utcnow())
    session.add(row)
    session.flush()
    session.info.setdefault(_NEW, []).append(row.id)
    return row


def dispatch_after_commit(session: Session, job_id: int) -> None:
    """Hand the existing job ``job_id`` to the runner once ``session`` commits (a retry)."""
    session.info.setdefault(_NEW, []).append(job_id)


def on_commit(dispatch: Callable[[list[int]], None]) -> None:
    """Call ``dispatch(ids)`` with the ids of the jobs each committed transaction wrote."""
    if dispatch not in _dispatchers:
        _dispatchers.append(dispatch)


@event.listens_for(RoutingSession, "after_commit")
def _after_commit(session: Session) -> None:
    ids = session.info.pop(_NEW, None)
    if ids:
        for dispatch in _dispatchers:
            dispatch(ids)


@event.listens_for(RoutingSession, "after_rollback")
def _after_rollback(session: Session) -> None:
    # a savepoint's rollback fires after_soft_rollback, not this: a job written before a
    # refused nested step stays with the outer transaction
    session.info.pop(_NEW, None)
