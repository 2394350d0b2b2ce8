"""RQ on a real Redis: a committed job is handed to the queue and run by the worker; a job
pushed twice runs once; a failing one is retried by the sweep until it fails for good; with
Redis down the row waits, pending, for the sweep."""
from __future__ import annotations

import logging

from sqlalchemy import select, update

from forum import jobs
from forum.db import utcnow
from forum.jobs.models import DONE, FAILED, PENDING, Job
from forum.jobs.queue import forum_queue, perform_queued, push, work
from forum.jobs.runner import MAX_ATTEMPTS
from tests.jobs.handlers import CALLS


def _status(session, job_id: int) -> tuple[str, int]:  # noqa: ANN001
    session.expire_all()
    row = session.get(Job, job_id)
    return row.status, row.attempts


def test_a_committed_job_goes_to_redis_and_the_burst_worker_runs_it(rq_app, session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.record", n=1)
    job_id = row.id
    assert forum_queue(rq_app).count == 0  # nothing before the commit
    session.commit()
    assert forum_queue(rq_app).count == 1 and CALLS == []
    work(rq_app, burst=True)
    assert CALLS == [{"n": 1}]
    assert _status(session, job_id) == (DONE, 1)
    assert forum_queue(rq_app).count == 0


def test_a_job_pushed_twice_runs_once(rq_app, session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.record", n=2)
    job_id = row.id
    session.commit()
    assert push(rq_app, [job_id]) == 0  # already waiting on the queue: not pushed again
    forum_queue(rq_app).enqueue_call(perform_queued, args=(job_id,))  # a copy all the same
    assert forum_queue(rq_app).count == 2
    work(rq_app, burst=True)
    assert CALLS == [{"n": 2}]
    assert _status(session, job_id) == (DONE, 1)


def test_a_failing_job_is_retried_by_the_sweep_then_failed(rq_app, session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.fail")
    job_id = row.id
    session.commit()
    work(rq_app, burst=True)
    assert _status(session, job_id) == (PENDING, 1)
    work(rq_app, burst=True)  # not due: its backoff is not over
    assert _status(session, job_id) == (PENDING, 1)
    for attempt in range(2, MAX_ATTEMPTS + 1):
        session.execute(update(Job).where(Job.id == job_id).values(run_after=utcnow()))
        session.commit()  # the backoff is over; the worker's sweep pushes it again
        work(rq_app, burst=True)
        assert _status(session, job_id) == (FAILED if attempt == MAX_ATTEMPTS else PENDING,
                                             attempt)
    failed = session.get(Job, job_id)
    assert "the test says no" in failed.last_error and failed.finished_at is not None


def test_the_worker_command_runs_in_burst(rq_app, session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.record", n=4)
    job_id = row.id
    session.commit()
    result = rq_app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert "until it is empty" in result.output
    assert CALLS == [{"n": 4}] and _status(session, job_id) == (DONE, 1)


def test_with_redis_down_the_job_stays_pending_for_the_sweep(rq_app, session, caplog):  # noqa: ANN001
    rq_app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="forum.jobs.queue"):
        row = jobs.enqueue(session, "test.record", n=5)
        job_id = row.id
        session.commit()  # the hand-over fails; the commit and the request do not
    assert "stay pending" in caplog.text
    assert _status(session, job_id) == (PENDING, 0)
    assert session.scalar(select(Job.run_after).where(Job.id == job_id)) <= utcnow()
    assert CALLS == []


def test_without_redis_the_worker_command_runs_the_due_rows(fresh_app, session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.record", n=6)
    job_id = row.id
    session.commit()
    result = fresh_app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code == 0, result.output
    assert "Jobs run: 1." in result.output
    assert CALLS == [{"n": 6}] and _status(session, job_id) == (DONE, 1)
