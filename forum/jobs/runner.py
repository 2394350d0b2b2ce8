"""Running jobs: claim a row, call its handler, record the outcome; retry with backoff.

:func:`perform` is the one way a job runs, whether the in-process pool, the RQ worker or
:func:`run_due` calls it. It commits (it is a runner, like a CLI command): the claim first, so
a second runner handed the same id finds nothing to do, then the handler's work together with
the row marked done. A handler that raises is rolled back and the job tried again later
(after 1, 4, 16 … minutes), up to ``MAX_ATTEMPTS``; then it is ``failed`` and waits for an
admin on the failed-jobs page. A failure never reaches the request that enqueued the job.

A job that is not due when it is handed over (a retry, a job for later) is picked up by a
sweep: in the worker (:mod:`forum.jobs.queue`) or, for the in-process runner, by a daemon
thread per process (:func:`start_sweeper`), every ``JOBS_SWEEP_SECONDS``.
"""
from __future__ import annotations

import logging
import os
import threading
import time
import weakref
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import Flask, current_app, has_app_context
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from forum import deferred
from forum.db import db, utcnow
from forum.jobs import HANDLERS
from forum.jobs.models import DONE, FAILED, PENDING, RUNNING, Job

log = logging.getLogger(__name__)

#: attempts before a job is marked failed
MAX_ATTEMPTS = 5
#: a job running longer than this is taken to be lost with its process, and run again
STALE_AFTER = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    """How long to wait before the next attempt, after ``attempts`` failed ones."""
    return timedelta(minutes=4 ** (attempts - 1))


def perform(session: Session, job_id: int, *, now: datetime | None = None) -> str | None:
    """Claim and run one job; return its new status, or ``None`` if it was not ours to run."""
    now = now or utcnow()
    claimed = session.execute(
        update(Job).where(Job.id == job_id, Job.status == PENDING, Job.run_after <= now)
        .values(status=RUNNING, attempts=Job.attempts + 1, started_at=now)
        .execution_options(synchronize_session=False)).rowcount
    session.commit()
    if not claimed:
        return None
    row = session.get(Job, job_id, populate_existing=True)
    try:
        handler = HANDLERS[row.name]
        handler(session, **row.payload)
        row.status, row.finished_at, row.last_error = DONE, utcnow(), None
        # a done job keeps no arguments: they may carry an address, a name or (registration)
        # a password hash, and finished rows stay until ``purge``
        row.payload = {}
        session.commit()
    except Exception as error:  # noqa: BLE001 - any failure is recorded, retried, never raised
        session.rollback()
        row = session.get(Job, job_id, populate_existing=True)
        row.last_error = f"{type(error).__name__}: {error}"[:4000]
        row.finished_at = utcnow()
        if row.attempts >= MAX_ATTEMPTS:
            row.status = FAILED
            log.exception("The job %s (%s) failed for good after %d attempts.",
                          job_id, row.name, row.attempts)
        else:
            row.status, row.run_after = PENDING, now + backoff(row.attempts)
            log.warning("The job %s (%s) failed (attempt %d); it will be tried again.",
                        job_id, row.name, row.attempts, exc_info=True)
        session.commit()
    return row.status


def due(session: Session, *, now: datetime, limit: int = 100) -> list[int]:
    """The ids of pending jobs whose time has come, oldest first; stale running ones reset."""
    session.execute(update(Job).where(Job.status == RUNNING, Job.started_at < now - STALE_AFTER)
                    .values(status=PENDING).execution_options(synchronize_session=False))
    session.commit()
    return list(session.scalars(select(Job.id).where(Job.status == PENDING, Job.run_after <= now)
                                .order_by(Job.run_after, Job.id).limit(limit)))


def run_due(session: Session, *, now: datetime | None = None, limit: int = 100) -> int:
    """Run every job that is due now (in this thread); return how many ran."""
    now = now or utcnow()
    return sum(perform(session, job_id, now=now) is not None
               for job_id in due(session, now=now, limit=limit))


def _in_process(app: Flask) -> Callable[[list[int]], None]:
    def dispatch(ids: list[int]) -> None:
        start_sweeper(app)
        for job_id in ids:
            deferred.submit(app, _perform_task, job_id)
    return dispatch


#: the in-process sweepers of this process, by app: (process id, the app, thread); the app is
#: held weakly, so an id that a dropped app's successor reuses is not taken for the old one
_sweepers: dict[int, tuple[int, weakref.ref[Flask], threading.Thread]] = {}
_sweepers_lock = threading.Lock()
#: held while a sweep of this process runs (see :func:`wait_for_sweep`)
_sweeping = threading.Lock()


def start_sweeper(app: Flask) -> bool:
    """Start this process's sweep of ``app``'s due jobs, once; return whether it started now.

    The in-process runner's answer to retries: every ``JOBS_SWEEP_SECONDS`` a daemon thread
    hands the due pending rows (a retry whose backoff is over, a job whose process died) to
    the pool. It idles while the app's runner is not ``thread``. A forked process starts its
    own on its first dispatch or request.
    """
    if _sweeping_now(app):
        return False  # the usual case, without the lock
    with _sweepers_lock:
        if _sweeping_now(app):
            return False
        for key in [key for key, (_, ref, _) in _sweepers.items() if ref() is None]:
            del _sweepers[key]  # the entries of dropped apps
        ref = weakref.ref(app)
        thread = threading.Thread(target=_sweep_forever, args=(ref,), daemon=True,
                                  name="forum-job-sweep")
        _sweepers[id(app)] = (os.getpid(), ref, thread)
    thread.start()
    return True


def _sweeping_now(app: Flask) -> bool:
    """Whether this process already runs a sweeper for ``app`` (not for an app gone before it)."""
    known = _sweepers.get(id(app))
    return (known is not None and known[0] == os.getpid() and known[1]() is app
            and known[2].is_alive())


def sweep_in_process(app: Flask) -> int:
    """Hand every due pending job of ``app`` to this process's pool; return how many."""
    with app.app_context(), Session(db.engine) as session:  # its own, short-lived session
        ids = due(session, now=utcnow())
    for job_id in ids:
        deferred.submit(app, _perform_task, job_id)
    return len(ids)


def sweep_once(app: Flask) -> int:
    """One tick of the in-process sweep: nothing while ``app``'s runner is not ``thread``."""
    if app.config.get("JOBS_RUNNER") != "thread":
        return 0
    return sweep_in_process(app)


def _sweep_forever(ref: weakref.ref[Flask]) -> None:
    """Sweep the app ``ref`` points to until it is gone (it holds no reference between ticks,
    so an app that is dropped, as tests drop theirs, takes its sweeper with it)."""
    last = time.monotonic()
    while True:  # wakes at least every second, so a changed interval applies soon
        app = ref()
        if app is None:
            return
        interval = float(app.config.get("JOBS_SWEEP_SECONDS") or 15)
        due_now = time.monotonic() - last >= interval
        if due_now:
            last = time.monotonic()
            try:
                with _sweeping:
                    sweep_once(app)
            except Exception:  # noqa: BLE001 - a database blip must not end the sweep
                log.exception("The in-process job sweep failed; it will run again.")
        del app
        time.sleep(min(interval, 1.0))


def wait_for_sweep() -> None:
    """Block until a sweep in progress in this process has finished (a test switching the
    runner off uses it, so no sweep still holds a connection when the test closes them)."""
    with _sweeping:
        pass


def start_on_first_request(app: Flask) -> None:
    """Have the first request of each process start the sweep (jobs left from a restart)."""
    def _start() -> None:
        if app.config.get("JOBS_RUNNER") == "thread":
            start_sweeper(app)
    app.before_request(_start)


def _perform_task(session: Session, job_id: int) -> None:
    perform(session, job_id)


def dispatch(ids: list[int]) -> None:
    """Hand freshly committed jobs to the runner the current app is configured for."""
    if not has_app_context():
        return  # a script's own session: :func:`run_due` runs its jobs
    runner = current_app.config.get("JOBS_RUNNER")
    if runner == "thread":
        _in_process(current_app._get_current_object())(ids)  # type: ignore[attr-defined]
    elif runner == "rq":
        from forum.jobs.queue import push  # noqa: PLC0415 - only apps with Redis load RQ
        push(current_app._get_current_object(), ids)  # type: ignore[attr-defined]

