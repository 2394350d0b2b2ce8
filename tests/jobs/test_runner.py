"""The outbox and its runner: a job exists exactly when its transaction commits, runs once,
and a failing one is retried with backoff until it is marked failed."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum import jobs
from forum.deferred import wait_for_tasks
from forum.jobs.models import DONE, FAILED, PENDING, Job
from forum.jobs.runner import MAX_ATTEMPTS, backoff, perform, run_due
from tests.conftest import NOW
from tests.jobs.handlers import CALLS



def test_a_job_runs_once_with_its_payload(session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.record", post_id=7, text="hello", run_after=NOW)
    session.commit()
    assert run_due(session, now=NOW) == 1
    assert CALLS == [{"post_id": 7, "text": "hello"}]
    assert session.get(Job, row.id, populate_existing=True).status == DONE
    assert perform(session, row.id, now=NOW) is None  # handed over twice: still once
    assert run_due(session, now=NOW) == 0 and len(CALLS) == 1


def test_a_job_waits_for_its_time(session):  # noqa: ANN001
    jobs.enqueue(session, "test.record", n=1, run_after=NOW + timedelta(hours=1))
    session.commit()
    assert run_due(session, now=NOW) == 0
    assert run_due(session, now=NOW + timedelta(hours=1)) == 1 and CALLS == [{"n": 1}]


def test_a_rolled_back_change_leaves_no_job(session):  # noqa: ANN001
    jobs.enqueue(session, "test.record", n=1, run_after=NOW)
    session.rollback()
    assert session.scalars(select(Job)).all() == []
    assert run_due(session, now=NOW) == 0 and CALLS == []


def test_an_unknown_job_name_is_refused_at_once(session):  # noqa: ANN001
    with pytest.raises(LookupError):
        jobs.enqueue(session, "test.no-such-job")


def test_a_failing_job_is_retried_with_backoff_then_marked_failed(session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.fail", run_after=NOW)
    session.commit()
    now = NOW
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert perform(session, row.id, now=now) == (FAILED if attempt == MAX_ATTEMPTS
                                                     else PENDING)
        failed = session.get(Job, row.id, populate_existing=True)
        assert failed.attempts == attempt and "the test says no" in failed.last_error
        if attempt < MAX_ATTEMPTS:
            assert failed.run_after == now + backoff(attempt)
            assert perform(session, row.id, now=now) is None  # not before its backoff
            now = failed.run_after
    assert backoff(1) < backoff(2) < backoff(3)


def test_a_job_lost_while_running_is_run_again(session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.record", n=2, run_after=NOW)
    session.commit()
    row.status, row.started_at = "running", NOW
    session.commit()
    assert run_due(session, now=NOW + timedelta(minutes=1)) == 0  # still running
    assert run_due(session, now=NOW + timedelta(minutes=11)) == 1 and CALLS == [{"n": 2}]


def test_the_in_process_runner_runs_a_committed_job_after_commit(thread_runner, session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.record", n=3)
    session.commit()
    wait_for_tasks()
    assert CALLS == [{"n": 3}]
    assert session.scalar(select(Job.status).where(Job.id == row.id)) == DONE


def test_queued_mail_is_sent_by_its_job_with_both_parts_and_headers(app, session):  # noqa: ANN001
    from forum.mail import queue_mail
    from tests.security.helpers import outbox
    queue_mail(session, "sam@example.org", "Hello", "Plain words.\n", html="<p>Plain words.</p>",
               headers={"List-Unsubscribe": "<https://forum.example/u/x>"})
    assert outbox(app) == []  # nothing is sent inside the transaction
    session.commit()
    assert run_due(session) == 1
    message = outbox(app)[0]
    assert message["List-Unsubscribe"] == "<https://forum.example/u/x>"
    assert message.get_body(("plain",)).get_content().strip() == "Plain words."
    assert message.get_body(("html",)).get_content().strip() == "<p>Plain words.</p>"


def test_a_done_job_keeps_no_arguments(session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.record", email="sam@example.org", run_after=NOW)
    session.commit()
    assert run_due(session, now=NOW) == 1
    assert session.get(Job, row.id, populate_existing=True).payload == {}
