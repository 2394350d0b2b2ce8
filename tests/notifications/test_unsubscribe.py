"""One-click unsubscribe: a signed link per person and kind (or digest), a confirm page on
GET, RFC 8058 one-click POST with no session and no CSRF token, tampered links refused."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.jobs.models import Job
from forum.jobs.runner import run_due
from forum.notifications.preferences import preferences_of, set_delivery
from forum.notifications.services import notify
from forum.notifications.unsubscribe import BAD_LINK, digest_scope, make_token
from tests.conftest import NOW
from tests.factories import make_user
from tests.security.helpers import outbox


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """CSRF protection on, as in production: the one-click POST must not need it."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_end_to_end_from_the_email_header_to_in_app_only(app, client, session):
    user = make_user(session)
    notify(session, [user.id], kind="mentioned", now=NOW, link="/threads/1",
           message="Sam mentioned you in “Buses”.")
    session.commit()
    run_due(session)
    [message] = outbox(app)
    link = message["List-Unsubscribe"].strip("<>")
    assert link.startswith(app.config["BASE_URL"].rstrip("/") + "/unsubscribe/")
    confirm = client.get(_path(link))
    assert confirm.status_code == 200
    assert "Stop these emails" in confirm.text and "Someone mentioned you." in confirm.text
    assert preferences_of(session, user)["mentioned"] == "at_once"  # a GET changes nothing
    # what a mail client sends: no cookie, no CSRF token, just the RFC 8058 body
    done = client.post(_path(link), data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "You will no longer be sent email for this: Someone mentioned you." in done.text
    assert preferences_of(session, user)["mentioned"] == "in_app"
    assert preferences_of(session, user)["reply"] == "at_once"  # only that kind
    # from now on that kind is in the forum only
    notify(session, [user.id], kind="mentioned", now=NOW, link="/threads/1",
           message="Sam mentioned you again.")
    session.commit()
    assert session.scalar(select(Job).where(Job.status == "pending")) is None
    assert client.post(_path(link)).status_code == 200  # a second click is harmless


def test_the_digest_link_moves_every_kind_it_carries_to_the_forum(client, session):
    user = make_user(session)
    set_delivery(session, user.id, ["reply"], "weekly")
    session.commit()
    response = client.post(f"/unsubscribe/{make_token(user.id, digest_scope('daily'))}")
    assert response.status_code == 200 and "The daily email digest." in response.text
    chosen = preferences_of(session, user)
    assert chosen["followed_thread"] == chosen["followed_topic"] == "in_app"  # were daily
    assert chosen["closing_soon"] == "at_once"  # not in the digest: left as it was
    assert chosen["reply"] == "weekly" and chosen["mentioned"] == "at_once"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_tampered_or_foreign_token_is_a_clear_404(client, session, method):
    user = make_user(session)
    session.commit()
    good = make_token(user.id, "mentioned")
    body, _, signature = good.rpartition(".")
    forged = [good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
              make_token(user.id, "mentioned").replace(body, body[::-1]),
              "not-a-token", "x" * 3000,
              make_token(user.id, "no_such_kind"), make_token(10**9, "mentioned"),
              make_token("me", "mentioned")]  # type: ignore[arg-type]
    for token in forged:
        response = client.open(f"/unsubscribe/{token}", method=method)
        assert response.status_code == 404, token
        assert "This unsubscribe link is not valid" in response.text
    assert BAD_LINK.startswith("This unsubscribe link is not valid")
    assert preferences_of(session, user)["mentioned"] == "at_once"


def test_a_token_signed_with_another_key_is_refused(app, client, session):
    user = make_user(session)
    session.commit()
    app.secret_key = "another-secret"
    token = make_token(user.id, "mentioned")
    app.secret_key = app.config["SECRET_KEY"] = "test-secret"
    assert client.post(f"/unsubscribe/{token}").status_code == 404
    assert preferences_of(session, user)["mentioned"] == "at_once"
