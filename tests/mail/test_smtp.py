"""Mail over a real SMTP server on loopback: the reset email end to end (headers, both parts,
links from BASE_URL only), the password-changed notice, and a server that is down."""
from __future__ import annotations

import re
from email.utils import parseaddr, parsedate_to_datetime

from aiosmtpd.controller import Controller
from sqlalchemy import select

from forum.db import utcnow
from forum.jobs.models import DONE, PENDING, Job
from forum.jobs.runner import run_due
from tests.factories import PASSWORD, make_user
from tests.mail.conftest import BASE, Inbox
from tests.security.helpers import outbox

EVIL = "http://evil.example"
NEW = "a-brand-new-passphrase"


def _plain(message) -> str:  # noqa: ANN001
    return message.get_body(("plain",)).get_content()


def _html(message) -> str:  # noqa: ANN001
    return message.get_body(("html",)).get_content()


def test_the_reset_email_arrives_over_smtp_with_headers_parts_and_base_url_links(
        app, client, session, smtp_server):  # noqa: ANN001
    make_user(session, email="forgetful@example.org", name="Sam Forgetful")
    session.commit()
    response = client.post("/password/forgot", data={"email": "forgetful@example.org"},
                           base_url=EVIL)
    assert response.status_code == 200
    assert smtp_server.received == []  # the request only wrote a job
    assert run_due(session) == 1
    [(sender, recipients, message)] = smtp_server.received
    assert sender == "forum@council.example" and recipients == ["forgetful@example.org"]
    assert parseaddr(message["From"]) == ("Civic Forum", "forum@council.example")
    assert message["To"] == "forgetful@example.org"
    assert message["Subject"] == "Reset your Civic Forum password"
    assert abs((parsedate_to_datetime(message["Date"]) - utcnow()).total_seconds()) < 60
    assert re.fullmatch(r"<[^@>]+@council\.example>", message["Message-ID"])
    assert message.get_content_type() == "multipart/alternative"
    plain, html = _plain(message), _html(message)
    assert "Hello Sam Forgetful," in plain and "Hello Sam Forgetful," in html
    [link] = re.findall(rf"{re.escape(BASE)}/password/reset/\S+", plain)
    assert f'href="{link}"' in html
    assert f"{BASE}/" in plain and f'href="{BASE}/"' in html  # the forum's name, linked
    assert "evil.example" not in message.as_string()
    assert outbox(app) == []  # SMTP, not the development folder
    # the link works, and choosing a password sends the notice, also over SMTP
    path = link.removeprefix(BASE)
    assert client.get(path).status_code == 200
    assert client.post(path, data={"new_password": NEW}).status_code == 302
    assert run_due(session) == 1
    notice = smtp_server.messages[-1]
    assert notice["Subject"] == "Your Civic Forum password was changed"
    assert f"{BASE}/password/forgot" in _plain(notice)
    assert f'href="{BASE}/password/forgot"' in _html(notice)


def test_an_unknown_address_sends_nothing(app, client, session, smtp_server):  # noqa: ANN001
    assert client.post("/password/forgot", data={"email": "nobody@example.org"}).status_code \
        == 200
    assert run_due(session) == 1  # the job ran, found no account, and is done
    assert smtp_server.received == []
    assert session.scalar(select(Job.status)) == DONE


def test_smtp_down_the_job_retries_and_requests_never_break(app, client, session, login,
                                                             smtp_down):  # noqa: ANN001
    user = make_user(session, email="known@example.org")
    session.commit()
    assert client.post("/password/forgot", data={"email": "known@example.org"}).status_code \
        == 200
    assert run_due(session) == 1
    job = session.scalars(select(Job)).one()
    assert (job.status, job.attempts) == (PENDING, 1)
    assert "could not be sent" in job.last_error and "ConnectionRefusedError" in job.last_error
    assert job.run_after > utcnow()  # after its backoff
    login(user)
    response = client.post("/account/password", data={"current_password": PASSWORD,
                                                      "new_password": NEW})
    assert response.status_code == 302  # the change is made; its notice waits in the queue
    notice = session.scalars(select(Job).where(Job.name == "mail.send")).one()
    assert notice.status == PENDING and notice.payload["to"] == "known@example.org"
    assert run_due(session) == 1
    session.refresh(notice)
    assert (notice.status, notice.attempts) == (PENDING, 1) and notice.last_error


def test_a_retry_goes_out_once_the_server_is_back(app, client, session, smtp_down):  # noqa: ANN001
    make_user(session, email="known@example.org")
    session.commit()
    client.post("/password/forgot", data={"email": "known@example.org"})
    run_due(session)
    job = session.scalars(select(Job)).one()
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=app.config["MAIL_PORT"])
    controller.start()
    try:
        assert run_due(session, now=job.run_after) == 1
    finally:
        controller.stop()
    session.refresh(job)
    assert (job.status, job.attempts) == (DONE, 2) and job.last_error is None
    assert [m["To"] for m in inbox.messages] == ["known@example.org"]
