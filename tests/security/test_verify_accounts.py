"""Verified accounts: a new account confirms its address by a link before it takes part;
registration never says whether an address has an account."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.accounts.confirmation import CONFIRM_VALID_FOR, LINK_INVALID, make_token
from forum.accounts.models import User
from forum.accounts.rules import UNCONFIRMED_MESSAGE, can_participate
from forum.db import utcnow
from tests.factories import make_post, make_thread, make_topic, make_user
from tests.security.helpers import confirm_link, deliver, outbox

FORM = {"email": "neo@example.org", "display_name": "Neo", "password": "long-enough-pw"}


def _register(client, **changes):  # noqa: ANN001, ANN202
    return client.post("/register", data={**FORM, **changes})


def _stored(session, email: str) -> User | None:  # noqa: ANN001
    session.expire_all()
    return session.scalar(select(User).where(User.email == email))


# --- confirming by link -------------------------------------------------------------------

def test_a_new_account_waits_for_its_link_and_the_link_works_once(app, client, session):
    response = _register(client)
    assert response.status_code == 200 and b"Check your email" in response.data
    assert _stored(session, "neo@example.org") is None  # the job makes the account
    deliver(session)
    user = _stored(session, "neo@example.org")
    assert user is not None and user.email_confirmed_at is None
    assert not can_participate(user, utcnow())
    [message] = outbox(app)
    assert message["To"] == "neo@example.org"
    assert "Confirm your email address" in message["Subject"]
    link = confirm_link(message)
    assert message.get_content().count("http://") + message.get_content().count("https://") == 1
    response = client.get(link)
    assert response.status_code == 302 and "/login" in response.location
    assert _stored(session, "neo@example.org").email_confirmed_at is not None
    again = client.get(link)
    assert again.status_code == 422 and LINK_INVALID.encode() in again.data


@pytest.mark.parametrize("spoil", ["tampered", "expired", "other_user"])
def test_a_bad_link_is_a_clear_page_and_confirms_nothing(app, client, session, spoil):
    user = make_user(session, confirmed=False)
    other = make_user(session, confirmed=False)
    now = utcnow()
    if spoil == "expired":
        token = make_token(user, user.email, secret_key=app.secret_key,
                           now=now - CONFIRM_VALID_FOR - timedelta(minutes=1))
    elif spoil == "other_user":  # a token for one address presented as another account's
        token = make_token(other, user.email, secret_key=app.secret_key, now=now)
    else:
        token = make_token(user, user.email, secret_key=app.secret_key, now=now)[:-3] + "abc"
    session.commit()
    response = client.get(f"/account/confirm/{token}")
    assert response.status_code == 422
    assert b"This link does not work" in response.data and LINK_INVALID.encode() in response.data
    session.expire_all()
    assert user.email_confirmed_at is None and other.email_confirmed_at is None


def test_a_signed_in_unconfirmed_user_confirms_and_may_post(app, client, session, login):
    user = make_user(session, confirmed=False)
    token = make_token(user, user.email, secret_key=app.secret_key, now=utcnow())
    login(user)
    response = client.get(f"/account/confirm/{token}")
    assert response.status_code == 302 and "/login" not in response.location
    session.expire_all()
    assert can_participate(user, utcnow())


# --- refused while unconfirmed, on every write path ---------------------------------------

@pytest.fixture
def unconfirmed_world(session):  # noqa: ANN001
    topic = make_topic(session, slug="roads")
    thread = make_thread(session, topic=topic)
    post = make_post(session, thread=thread)
    user = make_user(session, confirmed=False)
    return user, topic, thread, post


def _html_writes(topic, thread, post):  # noqa: ANN001, ANN202
    return [
        (f"/threads/{thread.id}/posts", {"stance": "for", "body": "My kept argument text"}),
        (f"/posts/{post.id}/reply", {"body": "My kept reply text"}),
        (f"/topics/{topic.slug}/threads/new", {"title": "A new idea", "body": "My kept text"}),
        (f"/posts/{post.id}/endorse", {}),
        (f"/posts/{post.id}/flag", {"reason": "spam", "text": ""}),
    ]


def test_every_html_write_is_refused_with_the_reason_and_a_new_link_button(
        client, session, login, unconfirmed_world):
    user, topic, thread, post = unconfirmed_world
    login(user)
    for url, form in _html_writes(topic, thread, post):
        response = client.post(url, data=form)
        page = response.get_data(as_text=True)
        assert response.status_code == 403, url
        assert str(UNCONFIRMED_MESSAGE) in page, url
        assert "Send me a new link" in page and "/account/confirm" in page, url
        for value in form.values():
            if value.startswith("My kept"):
                assert value in page, url  # what was typed is kept
    assert session.scalar(select(User).where(User.id == user.id)).email_confirmed_at is None


def test_every_api_write_is_refused_as_email_unconfirmed(client, session, unconfirmed_world):
    from forum.accounts.services import issue_token
    user, topic, thread, post = unconfirmed_world
    token = issue_token(session, user, now=utcnow())
    session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    calls = [
        (f"/api/v1/threads/{thread.id}/posts", {"stance": "for", "body": "An argument"}),
        (f"/api/v1/posts/{post.id}/endorsement", {}),
        ("/api/v1/threads", {"topic": topic.slug, "title": "A thread", "body": "Its text"}),
        (f"/api/v1/posts/{post.id}/flags", {"reason": "spam"}),
    ]
    for url, body in calls:
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 403, url
        assert response.json["error"]["code"] == "email_unconfirmed", url
        assert response.json["error"]["message"] == UNCONFIRMED_MESSAGE


def test_an_unconfirmed_user_still_reads_and_sees_the_banner(client, session, login,
                                                             unconfirmed_world):
    user, _topic, thread, _post = unconfirmed_world
    login(user)
    response = client.get(f"/threads/{thread.id}")
    assert response.status_code == 200
    assert b"Confirm your email address to take part." in response.data
    assert UNCONFIRMED_MESSAGE.encode() in response.data  # instead of the argument form


# --- a new link ---------------------------------------------------------------------------

def test_a_new_link_goes_to_the_address_and_an_older_one_still_works(app, client, session,
                                                                     login):
    user = make_user(session, confirmed=False)
    login(user)
    response = client.post("/account/confirm")
    assert response.status_code == 302
    deliver(session)
    [message] = outbox(app)
    assert message["To"] == user.email
    assert client.get(confirm_link(message)).status_code == 302
    session.expire_all()
    assert user.email_confirmed_at is not None
    client.post("/account/confirm")  # confirmed now: nothing more is sent
    deliver(session)
    assert len(outbox(app)) == 1


# --- no enumeration -----------------------------------------------------------------------

def test_registering_a_taken_address_looks_the_same_and_tells_that_mailbox(app, client,
                                                                          session):
    owner = make_user(session, email="taken@example.org", name="Owner")
    session.commit()
    fresh = _register(client, email="free@example.org")
    taken = _register(client, email="Taken@Example.org", display_name="Intruder")
    assert fresh.status_code == taken.status_code == 200
    def shown(response, email: str) -> str:  # noqa: ANN001
        # CSRF tokens (in the page head and the header's forms) carry a timestamp: the rest
        # must be equal
        page = response.get_data(as_text=True).replace(email, "X")
        page = re.sub(r'name="csrf_token" value="[^"]*"', "", page)
        return re.sub(r'name="csrf-token" content="[^"]*"', "", page)
    assert shown(fresh, "free@example.org") == shown(taken, "taken@example.org")
    cookies = [[c.partition("=")[0] for c in r.headers.getlist("Set-Cookie")]
               for r in (fresh, taken)]
    assert cookies[0] == cookies[1]  # neither signs anyone in
    deliver(session)
    messages = {m["To"]: m for m in outbox(app)}
    assert set(messages) == {"free@example.org", "taken@example.org"}
    note = messages["taken@example.org"]
    assert "already have" in note["Subject"]
    body = note.get_content()
    assert "/login" in body and "/password/forgot" in body and "/account/confirm/" not in body
    session.expire_all()
    assert session.get(User, owner.id).display_name == "Owner"
    assert len(session.scalars(select(User).where(User.email == "taken@example.org")).all()) == 1


def test_registering_writes_one_job_and_looks_nothing_up(app, client, session, count_queries):
    from forum.jobs.models import Job
    make_user(session, email="taken@example.org")
    session.commit()
    counts = []
    for email in ("free@example.org", "taken@example.org"):
        with count_queries() as queries:
            assert _register(client, email=email).status_code == 200
        counts.append([q for q in queries if "users" in q.lower() and "email" in q.lower()])
    assert counts == [[], []]  # no query asks about the address during the request
    assert [j.name for j in session.scalars(select(Job))] == ["accounts.create"] * 2


def test_the_api_asks_for_a_new_link(app, client, session):
    from forum.accounts.services import issue_token
    user = make_user(session, confirmed=False)
    token = issue_token(session, user, now=utcnow())
    session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    response = client.post("/api/v1/account/confirmation", headers=headers)
    assert response.status_code == 202 and response.json == {"sent_to": user.email}
    deliver(session)
    [message] = outbox(app)
    assert client.get(confirm_link(message)).status_code == 302
    again = client.post("/api/v1/account/confirmation", headers=headers)
    assert again.status_code == 409 and again.json["error"]["code"] == "already_confirmed"


class TestNewLinksAreLimited:
    """``LIMIT_CONFIRM_EMAIL`` counts the links mailed per account."""

    @pytest.fixture
    def app_config(self, app_config):  # noqa: ANN001
        from tests.security.conftest import TEST_LIMITS
        return {**app_config, **TEST_LIMITS, "LIMIT_CONFIRM_EMAIL": "2 per hour"}

    def test_a_third_link_in_the_hour_is_refused(self, app, client, session, login):
        user = make_user(session, confirmed=False)
        login(user)
        assert [client.post("/account/confirm").status_code for _ in range(3)] == \
            [302, 302, 429]
        deliver(session)
        assert [m["To"] for m in outbox(app)] == [user.email, user.email]
        other = make_user(session, confirmed=False)  # another account has its own count
        assert login(other, app.test_client()).post("/account/confirm").status_code == 302
