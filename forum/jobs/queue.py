"""RQ on Redis: the hand-over of committed jobs to ``flask --app forum worker``.

Redis only carries ids. The row in ``jobs`` stays the truth: :func:`push` puts one RQ job per
id on the queue (``JOBS_QUEUE``, default ``forum``), and the worker calls
:func:`perform_queued`, which runs :func:`forum.jobs.runner.perform`, so a job pushed twice
still runs once. When Redis cannot be reached the row simply stays pending: the worker's sweep
(:func:`sweep`, every ``JOBS_SWEEP_SECONDS``) pushes every due row again, which also runs a
retry once its backoff is over.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable

import redis
from flask import Flask
from rq import Queue, SimpleWorker
from rq.job import Job as RQJob
from rq.job import JobStatus
from sqlalchemy.orm import Session

from forum.db import db, utcnow
from forum.jobs.runner import due, perform

log = logging.getLogger(__name__)

#: RQ states in which a pushed id is still waiting or running: pushing it again is useless
_WAITING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


def connect(app: Flask) -> redis.Redis:
    """The Redis connection of ``app`` (``REDIS_URL``)."""
    return redis.Redis.from_url(app.config["REDIS_URL"])


def forum_queue(app: Flask, connection: redis.Redis | None = None) -> Queue:
    """The RQ queue the forum's jobs go through."""
    return Queue(app.config.get("JOBS_QUEUE") or "forum",
                 connection=connection or connect(app))


def push(app: Flask, ids: Iterable[int]) -> int:
    """Put each job id on the RQ queue; return how many went (Redis down: none, logged)."""
    ids = list(ids)
    if not ids:
        return 0
    try:
        queue = forum_queue(app)
        pushed = 0
        for job_id in ids:
            key = f"{queue.name}-job-{job_id}"  # two forums sharing a Redis never collide
            existing = RQJob.fetch(key, connection=queue.connection) \
                if RQJob.exists(key, connection=queue.connection) else None
            if existing is not None and existing.get_status(refresh=False) in _WAITING:
                continue  # already on its way: the sweep would only add a copy
            queue.enqueue_call(perform_queued, args=(job_id,), job_id=key, result_ttl=0,
                               failure_ttl=86400)
            pushed += 1
        return pushed
    except redis.RedisError:
        log.warning("Redis could not take the jobs %s; they stay pending for the sweep.",
                    ids, exc_info=True)
        return 0


def perform_queued(job_id: int) -> str | None:
    """Run one job in the worker (inside its app context); the RQ job's function."""
    try:
        return perform(db.session, job_id)
    finally:
        db.session.remove()


def sweep(app: Flask) -> int:
    """Push every due pending job (lost hand-overs, retries whose backoff is over)."""
    with app.app_context(), Session(db.engine) as session:  # its own, short-lived session
        ids = due(session, now=utcnow(), limit=1000)
    return push(app, ids)


def _sweep_forever(app: Flask, stop: threading.Event) -> None:
    while not stop.wait(float(app.config.get("JOBS_SWEEP_SECONDS") or 15)):
        try:
            sweep(app)
        except Exception:  # noqa: BLE001 - a database blip must not end the sweep
            log.exception("The job sweep failed; it will run again.")


def work(app: Flask, *, burst: bool = False) -> None:
    """Run the RQ worker (no fork per job) in this process, sweeping due jobs meanwhile.

    ``burst``: sweep once, run what is queued, and return (tests, cron).
    """
    connection = connect(app)
    sweep(app)
    worker = SimpleWorker([forum_queue(app, connection)], connection=connection)
    if burst:
        worker.work(burst=True)
        return
    stop = threading.Event()
    threading.Thread(target=_sweep_forever, args=(app, stop), name="forum-job-sweep",
                     daemon=True).start()
    try:
        worker.work()
    finally:
        stop.set()
