"""Issue 8, item 13: the forgot-password answer is complete before any lookup or mail starts.

Since issue 12 the page writes a job carrying only the typed address; the job looks it up,
signs the link and sends the mail (tests run jobs by hand, with ``run_due``)."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from werkzeug.wsgi import ClosingIterator

import forum.accounts.services as account_services
import forum.mail as mail
import forum.security.reset as reset
from forum.db import db
from forum.deferred import after_response, wait_for_tasks
from forum.jobs.models import PENDING, Job
from forum.jobs.runner import run_due
from tests.factories import make_user, without_tokens
from tests.security.helpers import outbox


class SentRecorder:
    """WSGI middleware noting when the last byte of a response body has been handed over."""

    def __init__(self, wsgi_app, events: list[str]):  # noqa: ANN001
        self.wsgi_app, self.events = wsgi_app, events

    def __call__(self, environ, start_response):  # noqa: ANN001, ANN204
        inner = self.wsgi_app(environ, start_response)

        def body():  # noqa: ANN202
            yield from inner
            self.events.append("response sent")
        return ClosingIterator(body(), getattr(inner, "close", None))


@pytest.fixture
def events(app, monkeypatch) -> list[str]:  # noqa: ANN001
    """What happened, in order: the response going out, the lookup, the signing, the mail."""
    happened: list[str] = []
    monkeypatch.setattr(app, "wsgi_app", SentRecorder(app.wsgi_app, happened))

    def recording(name: str, real):  # noqa: ANN001, ANN202
        def _call(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            happened.append(name)
            return real(*args, **kwargs)
        return _call

    monkeypatch.setattr(reset, "find_user_by_email",
                        recording("lookup", account_services.find_user_by_email))
    monkeypatch.setattr(reset, "make_reset_token", recording("sign", reset.make_reset_token))
    monkeypatch.setattr(reset, "deliver", recording("mail", mail.deliver))
    return happened


def _forgot(client, email: str):  # noqa: ANN001, ANN202
    return client.post("/password/forgot", data={"email": email}, buffered=True)


def _queued(session) -> list[tuple[str, dict]]:  # noqa: ANN001
    return [(job.name, job.payload) for job in
            session.scalars(select(Job).where(Job.status == PENDING).order_by(Job.id))]


def test_08_13_known_address_is_answered_before_lookup_signing_and_mail(app, client, session,
                                                                        events):
    make_user(session, email="known@example.org")
    session.commit()
    response = _forgot(client, "known@example.org")
    assert response.status_code == 200
    assert events == ["response sent"] and outbox(app) == []  # the answer, nothing else
    assert _queued(session) == [("security.reset_link", {"email": "known@example.org"})]
    assert run_due(session) == 1
    assert events == ["response sent", "lookup", "sign", "mail"]
    assert [m["To"] for m in outbox(app)] == ["known@example.org"]


def test_08_13_unknown_address_gets_the_same_answer_the_same_way(app, client, session, events):
    make_user(session, email="known@example.org")
    session.commit()
    known = _forgot(client, "known@example.org").data
    run_due(session)
    events.clear()
    unknown = _forgot(client, "unknown@example.org").data
    assert events == ["response sent"]  # the request did the same work for both
    assert _queued(session) == [("security.reset_link", {"email": "unknown@example.org"})]
    run_due(session)
    assert events == ["response sent", "lookup"]
    assert without_tokens(known).replace(b"known@", b"X@") == \
        without_tokens(unknown).replace(b"unknown@", b"X@")
    assert [m["To"] for m in outbox(app)] == ["known@example.org"]


def test_08_13_nothing_happens_while_the_response_is_still_open(app, client, session, events):
    make_user(session, email="known@example.org")
    session.commit()
    response = client.post("/password/forgot", data={"email": "known@example.org"})
    assert response.status_code == 200 and b"known@example.org" in response.data
    assert events == ["response sent"] and outbox(app) == []  # the whole page, no mail yet
    response.close()
    assert events == ["response sent"] and outbox(app) == []  # the job, not the request, mails
    assert run_due(session) == 1
    assert events == ["response sent", "lookup", "sign", "mail"]


def test_08_13_a_failing_mail_is_retried_by_its_job_after_the_answer(app, client, session,
                                                                      events, monkeypatch):
    make_user(session, email="known@example.org")
    session.commit()

    def broken(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise mail.MailNotSent("mail server exploded")
    monkeypatch.setattr(reset, "deliver", broken)
    response = _forgot(client, "known@example.org")
    assert response.status_code == 200
    assert run_due(session) == 1
    job = session.scalars(select(Job)).one()
    assert (job.status, job.attempts) == (PENDING, 1) and "mail server exploded" in job.last_error
    assert client.get("/password/forgot").status_code == 200  # nothing is left broken


@pytest.mark.own_app  # adds a route
def test_08_13_a_deferred_task_commits_in_its_own_session(fresh_app, app, client, session):
    seen = []

    def add_user(task_session, email: str) -> None:  # noqa: ANN001
        seen.append(task_session is not request_session[0])
        make_user(task_session, email=email)

    request_session = []

    @app.route("/test-only/later", methods=["POST"])
    def later():  # noqa: ANN202
        request_session.append(db.session())
        after_response(add_user, "later@example.org")
        return "queued"

    assert client.post("/test-only/later", buffered=True).data == b"queued"
    wait_for_tasks()
    assert seen == [True]
    from forum.accounts.services import find_user_by_email
    session.expire_all()
    assert find_user_by_email(session, "later@example.org") is not None


@pytest.mark.own_app  # adds a route
def test_08_13_closing_the_response_does_not_wait_for_the_task(fresh_app, app, client):
    """The server's close (and so the end of the connection) does not wait for slow mail."""
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def slow(task_session) -> None:  # noqa: ANN001
        started.set()
        release.wait(timeout=30)
        finished.set()

    @app.route("/test-only/slow", methods=["POST"])
    def slow_view():  # noqa: ANN202
        after_response(slow)
        return "queued"

    response = client.post("/test-only/slow")
    assert response.data == b"queued"
    response.close()  # returns while the task is still blocked
    assert started.wait(timeout=30) and not finished.is_set()
    release.set()
    wait_for_tasks()
    assert finished.is_set()
