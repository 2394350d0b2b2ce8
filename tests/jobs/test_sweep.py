"""The in-process runner's sweep: without Redis, a job that was not due when it was handed
over (a retry after its backoff, a job for later) still runs, with no new request."""
from __future__ import annotations

import time
from datetime import timedelta

from sqlalchemy import select, update

from forum import jobs
from forum.db import utcnow
from forum.deferred import wait_for_tasks
from forum.jobs import runner
from forum.jobs.models import DONE, PENDING, Job
from tests.jobs.handlers import CALLS, FLAKY


def _status_becomes(session, job_id: int, status: str, timeout: float = 15) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        session.expire_all()
        if session.scalar(select(Job.status).where(Job.id == job_id)) == status:
            return True
        time.sleep(0.05)
    return False


def test_a_job_for_later_is_run_by_the_sweep_when_its_time_comes(thread_runner, session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.record", n=1, run_after=utcnow() + timedelta(seconds=0.5))
    session.commit()  # handed over at once, but not due: the pool finds nothing to do
    wait_for_tasks()
    assert session.scalar(select(Job.status).where(Job.id == row.id)) == PENDING
    assert _status_becomes(session, row.id, DONE)
    assert CALLS == [{"n": 1}]


def test_a_retry_runs_once_its_backoff_is_over(thread_runner, session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.flaky", n=2)
    job_id = row.id
    session.commit()
    wait_for_tasks()
    session.expire_all()
    failed = session.get(Job, job_id)
    assert (failed.status, failed.attempts) == (PENDING, 1)
    assert failed.run_after > utcnow() + timedelta(seconds=30)  # the backoff: a minute
    assert "not this time" in failed.last_error
    session.execute(update(Job).where(Job.id == job_id).values(run_after=utcnow()))
    session.commit()  # the backoff is over (no job written: nothing is dispatched)
    assert _status_becomes(session, job_id, DONE)
    assert CALLS == [{"n": 2}] and len(FLAKY) == 2


def test_each_process_starts_one_sweeper_per_app(thread_runner):  # noqa: ANN001
    runner.start_sweeper(thread_runner)
    assert runner.start_sweeper(thread_runner) is False


def test_the_sweep_idles_while_the_runner_is_not_in_process(fresh_app, session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.record", n=3)
    session.commit()  # the suite's runner: manual
    assert runner.sweep_once(fresh_app) == 0
    fresh_app.config["JOBS_RUNNER"] = "thread"
    try:
        assert runner.sweep_once(fresh_app) == 1
        wait_for_tasks()
    finally:
        fresh_app.config["JOBS_RUNNER"] = "manual"
    assert session.scalar(select(Job.status).where(Job.id == row.id)) == DONE
    assert CALLS == [{"n": 3}]


def test_the_first_request_starts_the_sweep(thread_runner, client, monkeypatch):  # noqa: ANN001
    started = []
    monkeypatch.setattr(runner, "start_sweeper", started.append)
    client.get("/")
    assert started == [thread_runner]


def test_a_sweeper_ends_with_its_app():
    """The sweep holds no reference to its app between ticks: an app that is dropped (as
    tests drop theirs) takes its thread with it, instead of sweeping a gone database."""
    import gc

    from flask import Flask

    app = Flask("dropped")
    app.config.update(JOBS_RUNNER="manual", JOBS_SWEEP_SECONDS=0.05)
    assert runner.start_sweeper(app) is True
    thread = runner._sweepers[id(app)][2]
    time.sleep(0.2)  # a few ticks
    assert thread.is_alive()
    del app
    gc.collect()
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_an_app_that_takes_a_dropped_apps_id_gets_its_own_sweeper(monkeypatch):  # noqa: ANN001
    """Python may give a new app the id of one that was dropped while the old sweeper still
    runs out its last tick: the new app is not taken for the old one."""
    import os
    import threading
    import weakref

    from flask import Flask

    app, old = Flask("new"), Flask("old")
    app.config.update(JOBS_RUNNER="manual", JOBS_SWEEP_SECONDS=0.05)
    release = threading.Event()
    still_running = threading.Thread(target=release.wait, daemon=True)
    still_running.start()
    monkeypatch.setitem(runner._sweepers, id(app), (os.getpid(), weakref.ref(old), still_running))
    try:
        assert runner.start_sweeper(app) is True
        assert runner._sweepers[id(app)][1]() is app
        assert runner.start_sweeper(app) is False
    finally:
        release.set()


def test_waiting_for_the_sweep_waits_for_the_one_in_progress(monkeypatch):  # noqa: ANN001
    """A test that switches the runner off waits for a sweep already begun (which holds a
    database connection until it ends)."""
    import threading

    from flask import Flask

    started, release, waited = threading.Event(), threading.Event(), threading.Event()

    def slow_sweep(_app):  # noqa: ANN001, ANN202
        started.set()
        release.wait(10)
        return 0

    monkeypatch.setattr(runner, "sweep_once", slow_sweep)
    app = Flask("slow")
    app.config.update(JOBS_SWEEP_SECONDS=0.05)
    runner.start_sweeper(app)
    assert started.wait(5)
    waiter = threading.Thread(target=lambda: (runner.wait_for_sweep(), waited.set()))
    waiter.start()
    assert not waited.wait(0.3)  # the sweep is still running
    release.set()
    assert waited.wait(5)
    waiter.join(5)
