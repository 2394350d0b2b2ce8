"""Password change and reset by email; mail through SMTP or the outbox."""
from __future__ import annotations

import smtplib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.accounts.models import ApiToken
from forum.security.credentials import change_password, reset_password
from forum.db import utcnow
from forum.db import db
from forum.errors import Invalid
from forum.jobs.models import PENDING, Job
from forum.jobs.runner import run_due
from forum.mail import send_mail
from forum.security.reset import make_reset_token, user_for_reset_token
from tests.conftest import NOW
from tests.factories import PASSWORD, bearer, make_user, without_tokens
from tests.security.helpers import outbox, reset_link

NEW = "a-brand-new-passphrase"


def _signed_in(client) -> bool:  # noqa: ANN001
    return client.get("/account").status_code == 200


# --- change ----------------------------------------------------------------------------

def test_change_needs_the_current_password(session):
    user = make_user(session)
    with pytest.raises(Invalid) as error:
        change_password(session, user, current="wrong", new=NEW)
    assert error.value.field == "current_password"
    with pytest.raises(Invalid) as error:
        change_password(session, user, current=PASSWORD, new="short")
    assert error.value.field == "new_password"
    with pytest.raises(Invalid) as error:
        change_password(session, user, current=PASSWORD, new=PASSWORD)
    assert error.value.field == "new_password"


def test_change_keeps_this_session_and_ends_the_others(app, session, login):
    user = make_user(session)
    headers = bearer(user, session)
    here, elsewhere = app.test_client(), app.test_client()
    login(user, here)
    login(user, elsewhere)
    response = here.post("/account/password", data={"current_password": PASSWORD,
                                                     "new_password": NEW})
    assert response.status_code == 302
    assert _signed_in(here)
    assert not _signed_in(elsewhere)
    assert here.get("/api/v1/notifications", headers=headers).status_code == 401  # token revoked
    assert session.scalar(select(func.count()).select_from(ApiToken)) == 0
    session.refresh(user)
    assert user.check_password(NEW)
    assert outbox(app) == [] and run_due(session) == 1  # the notice goes by a job
    mail = outbox(app)
    assert mail[-1]["To"] == user.email and "password was changed" in mail[-1]["Subject"]


def test_change_page_explains_mistakes_and_never_echoes_passwords(client, session, login):
    login(make_user(session))
    session.commit()
    response = client.post("/account/password", data={"current_password": "not-it-at-all",
                                                       "new_password": NEW})
    assert response.status_code == 422
    assert b"current password is not right" in response.data
    assert b'href="#current_password"' in response.data
    assert b"not-it-at-all" not in response.data and NEW.encode() not in response.data


def test_change_needs_sign_in(client):
    response = client.get("/account/password")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- reset tokens ----------------------------------------------------------------------

def test_token_works_for_an_hour(session):
    user = make_user(session)
    token = make_reset_token(user, secret_key="k", now=NOW)
    assert user_for_reset_token(session, token, secret_key="k", now=NOW) is user
    assert user_for_reset_token(session, token, secret_key="k",
                                now=NOW + timedelta(minutes=59)) is user
    assert user_for_reset_token(session, token, secret_key="k",
                                now=NOW + timedelta(minutes=61)) is None
    assert user_for_reset_token(session, token, secret_key="k",
                                now=NOW - timedelta(minutes=5)) is None  # not from the future


def test_token_is_single_use_and_dies_with_any_password_change(session):
    user = make_user(session)
    token = make_reset_token(user, secret_key="k", now=NOW)
    reset_password(session, user, new=NEW)
    assert user_for_reset_token(session, token, secret_key="k", now=NOW) is None
    token = make_reset_token(user, secret_key="k", now=NOW)
    change_password(session, user, current=NEW, new="yet-another-passphrase")
    assert user_for_reset_token(session, token, secret_key="k", now=NOW) is None


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
    lambda t: "x" + t, lambda t: "", lambda t: "not-a-token",
    lambda t: t.split(".")[0] + ".forged",
])
def test_tampered_tokens_are_refused(session, mangle):
    user = make_user(session)
    token = make_reset_token(user, secret_key="k", now=NOW)
    assert user_for_reset_token(session, mangle(token), secret_key="k", now=NOW) is None
    assert user_for_reset_token(session, token, secret_key="other", now=NOW) is None


def test_token_of_one_user_cannot_reset_another(session):
    alice, bob = make_user(session), make_user(session)
    token = make_reset_token(alice, secret_key="k", now=NOW)
    assert user_for_reset_token(session, token, secret_key="k", now=NOW) is alice
    assert user_for_reset_token(session, token, secret_key="k", now=NOW) is not bob


# --- reset pages -----------------------------------------------------------------------

def _request_reset(client, email: str):  # noqa: ANN001
    # The page writes a job; run it (and any other due job), as the runner would.
    response = client.post("/password/forgot", data={"email": email})
    run_due(db.session)
    return response


def test_the_reset_request_does_not_reveal_whether_an_account_exists(app, client, session):
    make_user(session, email="known@example.org")
    session.commit()
    known = _request_reset(client, "known@example.org")
    unknown = _request_reset(client, "unknown@example.org")
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.data).replace(b"known@", b"X@") == \
        without_tokens(unknown.data).replace(b"unknown@", b"X@")
    mail = outbox(app)
    assert [m["To"] for m in mail] == ["known@example.org"]
    assert "/password/reset/" in mail[0].get_body(("plain",)).get_content()


def test_reset_by_email_end_to_end(app, session, login):
    user = make_user(session, email="forgetful@example.org")
    headers = bearer(user, session)
    other_device = app.test_client()
    login(user, other_device)
    client = app.test_client()
    _request_reset(client, "Forgetful@Example.org ")
    link = reset_link(outbox(app)[-1])
    assert client.get(link).status_code == 200
    assert client.get(link).headers["Cache-Control"] == "no-store"
    response = client.post(link, data={"new_password": "short"})
    assert response.status_code == 422 and b"at least 10 characters" in response.data
    response = client.post(link, data={"new_password": NEW})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not _signed_in(other_device)
    assert client.get("/api/v1/notifications", headers=headers).status_code == 401
    assert client.post("/login", data={"email": user.email, "password": NEW}).status_code == 302
    run_due(session)
    assert "password was changed" in outbox(app)[-1]["Subject"]
    # The link was used: it does not work again.
    client.post("/logout")
    response = client.post(link, data={"new_password": "an-attackers-passphrase"})
    assert response.status_code == 400 and b"This link does not work" in response.data


def test_an_expired_link_explains_itself(client, session, app):
    user = make_user(session)
    session.commit()
    token = make_reset_token(user, secret_key=app.secret_key, now=utcnow() - timedelta(hours=2))
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400
    assert b"Send a new link" in response.data


def test_reset_request_asks_for_an_address(client):
    response = client.post("/password/forgot", data={"email": "  "})
    assert response.status_code == 422
    assert b"Enter your email address" in response.data


def test_sign_in_page_links_to_the_reset(client):
    assert b'href="/password/forgot"' in client.get("/login").data


# --- mail -------------------------------------------------------------------------------

class FakeSMTP:
    """Records what would be sent; ``fail`` makes it raise."""

    sent: list = []
    fail = False

    def __init__(self, host: str, port: int, timeout: float):
        self.host, self.port = host, port
        self.calls: list[str] = []

    def __enter__(self):  # noqa: ANN204
        if FakeSMTP.fail:
            raise smtplib.SMTPConnectError(421, "try later")
        return self

    def __exit__(self, *exc) -> None:  # noqa: ANN002
        return None

    def starttls(self) -> None:
        self.calls.append("starttls")

    def login(self, user: str, password: str) -> None:
        self.calls.append(f"login:{user}")

    def send_message(self, message) -> None:  # noqa: ANN001
        FakeSMTP.sent.append((self.host, self.port, self.calls, message))


@pytest.fixture
def smtp(app, monkeypatch):  # noqa: ANN001
    """Mail through a fake SMTP server."""
    FakeSMTP.sent, FakeSMTP.fail = [], False
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.example.org", MAIL_PORT=587, MAIL_USE_TLS=True,
                      MAIL_USERNAME="forum", MAIL_PASSWORD="pw", MAIL_FROM="forum@council.example")
    return FakeSMTP


def test_mail_goes_through_smtp_when_configured(app, smtp, client, session):
    make_user(session, email="mailme@example.org")
    session.commit()
    _request_reset(client, "mailme@example.org")
    host, port, calls, message = smtp.sent[-1]
    assert (host, port) == ("smtp.example.org", 587)
    assert calls == ["starttls", "login:forum"]
    assert message["From"] == "Civic Forum <forum@council.example>"
    assert message["To"] == "mailme@example.org"
    assert outbox(app) == []


def test_an_smtp_failure_is_retried_and_reveals_nothing(app, smtp, client, session):
    make_user(session, email="known@example.org")
    session.commit()
    smtp.fail = True
    known = _request_reset(client, "known@example.org")
    unknown = _request_reset(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    waiting = session.scalars(select(Job).where(Job.status == PENDING)).all()
    assert [(job.payload["email"], job.attempts) for job in waiting] == [("known@example.org", 1)]
    assert "could not be sent" in waiting[0].last_error


def test_outbox_files_are_real_messages(app):
    assert send_mail("a@example.org", "Hello", "Body text.\n") is True
    message = outbox(app)[0]
    assert message["Subject"] == "Hello" and message.get_content().strip() == "Body text."


def test_ssl_from_the_start_when_asked(app, smtp, monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(smtplib, "SMTP_SSL", smtp)
    monkeypatch.setattr(smtplib, "SMTP", None)  # not this one
    app.config.update(MAIL_USE_SSL=True, MAIL_PORT=465)
    assert send_mail("a@example.org", "Hello", "Body text.\n") is True
    host, port, calls, _message = smtp.sent[-1]
    assert (host, port) == ("smtp.example.org", 465) and calls == ["login:forum"]  # no STARTTLS
