"""The failed-jobs page: admins only; failed jobs listed with their last error; "Try again"
puts one back in the queue, due now, and "Discard" deletes it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum import jobs
from forum.accounts.models import Role
from forum.db import utcnow
from forum.errors import Conflict
from forum.jobs import runner, services
from forum.jobs.models import FAILED, PENDING, Job
from forum.jobs.runner import MAX_ATTEMPTS, perform, run_due
from tests.factories import make_user
from tests.jobs.handlers import CALLS


def _failed(session, name: str = "test.record", error: str = "RuntimeError: boom\nTraceback",
            **payload) -> Job:  # noqa: ANN001, ANN003
    row = jobs.enqueue(session, name, **payload)
    row.status, row.attempts, row.last_error = FAILED, MAX_ATTEMPTS, error
    row.finished_at = utcnow()
    session.commit()
    return row


@pytest.fixture
def admin(session, login):  # noqa: ANN001
    user = make_user(session, role=Role.ADMIN)
    return login(user)


@pytest.mark.parametrize("role", [Role.CITIZEN, Role.MODERATOR, Role.COUNCILLOR])
def test_only_admins_see_the_failed_jobs(client, session, login, role):  # noqa: ANN001
    assert client.get("/admin/jobs").status_code in (302, 401)
    login(make_user(session, role=role))
    assert client.get("/admin/jobs").status_code == 403


def test_the_page_lists_failed_jobs_with_the_first_line_of_their_error(admin, session):  # noqa: ANN001
    _failed(session, error="MailNotSent: refused by the server\nand the rest of it")
    jobs.enqueue(session, "test.record", n=1)  # due now
    jobs.enqueue(session, "test.record", n=2, run_after=utcnow() + timedelta(hours=1))
    session.commit()
    page = admin.get("/admin/jobs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>Background jobs</h1>" in html
    assert "MailNotSent: refused by the server" in html and "and the rest of it" not in html
    assert f"<td data-label=\"Attempts\">{MAX_ATTEMPTS}</td>" in html
    assert "<dt>Due now</dt><dd>1</dd>" in html
    assert "<dt>Waiting for their time or a retry</dt><dd>1</dd>" in html
    assert "<dt>Failed</dt><dd>1</dd>" in html
    assert "Try again<span class=\"visually-hidden\"> job" in html


def test_the_admin_landing_page_links_the_failed_jobs(admin):  # noqa: ANN001
    assert 'href="/admin/jobs"' in admin.get("/admin").get_data(as_text=True)


def test_an_empty_list_says_so(admin):  # noqa: ANN001
    assert "No job has failed." in admin.get("/admin/jobs").get_data(as_text=True)


def test_try_again_puts_the_job_back_due_now_and_it_runs(admin, session):  # noqa: ANN001
    row = _failed(session, n=7)
    response = admin.post(f"/admin/jobs/{row.id}/retry")
    assert response.status_code == 302 and response.location.endswith("/admin/jobs")
    again = session.get(Job, row.id, populate_existing=True)
    assert (again.status, again.attempts) == (PENDING, 0) and again.run_after <= utcnow()
    assert run_due(session) == 1 and CALLS == [{"n": 7}]
    assert "will be tried again" in admin.get("/admin/jobs").get_data(as_text=True)


def test_discard_deletes_the_job(admin, session):  # noqa: ANN001
    row = _failed(session)
    job_id = row.id
    assert admin.post(f"/admin/jobs/{job_id}/discard").status_code == 302
    assert session.scalar(select(Job).where(Job.id == job_id)) is None
    assert "was discarded" in admin.get("/admin/jobs").get_data(as_text=True)


def test_acting_on_a_job_that_is_not_failed_is_refused_with_a_message(admin, session):  # noqa: ANN001
    row = jobs.enqueue(session, "test.record", n=1)
    session.commit()
    for action in ("retry", "discard"):
        response = admin.post(f"/admin/jobs/{row.id}/{action}", follow_redirects=True)
        assert response.status_code == 200
        assert "no longer in the failed list" in response.get_data(as_text=True)
    assert session.get(Job, row.id, populate_existing=True).status == PENDING
    assert admin.post("/admin/jobs/999999/retry", follow_redirects=True).status_code == 200


def test_the_services_refuse_twice(session):  # noqa: ANN001
    row = _failed(session)
    services.retry_job(session, row.id, now=utcnow())
    with pytest.raises(Conflict):
        services.retry_job(session, row.id, now=utcnow())
    with pytest.raises(Conflict):
        services.discard_job(session, row.id)


def test_a_retried_job_is_handed_to_the_runner_after_commit(fresh_app, session, monkeypatch):  # noqa: ANN001
    row = _failed(session, n=8)
    handed: list[list[int]] = []
    monkeypatch.setattr(runner, "_in_process", lambda app: handed.append)
    fresh_app.config["JOBS_RUNNER"] = "thread"
    services.retry_job(session, row.id, now=utcnow())
    assert handed == []
    session.commit()
    fresh_app.config["JOBS_RUNNER"] = "manual"
    assert handed == [[row.id]]
    assert perform(session, row.id) == "done" and CALLS == [{"n": 8}]
