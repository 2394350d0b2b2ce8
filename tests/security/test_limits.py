"""Rate limits: sign-in, registration, posts, flags, reset emails; memory and Redis storage."""
from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from flask_login import login_required
from sqlalchemy import func, select

from forum import create_app
from forum.accounts.models import User
from forum.db import db, utcnow
from forum.limits import flag_limit
from forum.posts.models import Post
from tests.factories import PASSWORD, bearer, make_post, make_thread, make_user
from tests.security.helpers import deliver


@pytest.fixture
def app_config(app_config, limit_storage):  # noqa: ANN001
    """Limits on, small, on the storage under test."""
    return {**app_config, **limit_storage}


def _retry_after(response) -> int:  # noqa: ANN001
    value = response.headers.get("Retry-After", "")
    assert value.isdigit(), f"Retry-After missing or not seconds: {value!r}"
    return int(value)


def _fail_sign_in(client, email: str, ip: str = "10.0.0.1"):  # noqa: ANN001
    return client.post("/login", data={"email": email, "password": "not-the-password"},
                       environ_base={"REMOTE_ADDR": ip})


def test_failed_sign_ins_per_account_are_limited(client, session):
    make_user(session, email="target@example.org")
    session.commit()
    for _ in range(3):
        assert _fail_sign_in(client, "Target@example.org").status_code == 401
    # Even the right password waits now, from another address too (the account is protected).
    response = client.post("/login", data={"email": "target@example.org", "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 429
    assert 0 < _retry_after(response) <= 15 * 60
    assert b"going a little fast" in response.data
    assert b'value="target@example.org"' in response.data  # what was typed is kept...
    assert PASSWORD.encode() not in response.data  # ...but never the password


def test_failed_sign_ins_per_ip_are_limited(client, session):
    make_user(session, email="someone@example.org")
    session.commit()
    for n in range(5):
        assert _fail_sign_in(client, f"guess{n}@example.org").status_code == 401
    assert _fail_sign_in(client, "someone@example.org").status_code == 429
    # Another address is not affected.
    response = client.post("/login", data={"email": "someone@example.org", "password": PASSWORD},
                           environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.status_code == 302


def test_successful_sign_ins_do_not_count(client, session):
    make_user(session, email="often@example.org")
    session.commit()
    for _ in range(6):
        response = client.post("/login", data={"email": "often@example.org",
                                               "password": PASSWORD})
        assert response.status_code == 302


def test_api_token_failures_share_the_sign_in_limit(client, session):
    make_user(session, email="api@example.org")
    session.commit()
    for _ in range(2):
        assert _fail_sign_in(client, "api@example.org").status_code == 401
    response = client.post("/api/v1/tokens", json={"email": "api@example.org",
                                                   "password": "wrong-password"})
    assert response.status_code == 401
    response = client.post("/api/v1/tokens", json={"email": "api@example.org",
                                                   "password": PASSWORD})
    assert response.status_code == 429
    error = response.get_json()["error"]
    assert error["code"] == "rate_limited"
    assert abs(error["retry_after"] - _retry_after(response)) <= 1  # a second may tick by


def test_registrations_per_ip_are_limited_and_the_form_is_kept(client, session):
    def register(n: int, ip: str = "10.1.1.1", password: str = "long-enough-pw"):
        return client.post("/register", environ_base={"REMOTE_ADDR": ip}, data={
            "email": f"new{n}@example.org", "display_name": f"New {n}", "password": password})

    assert register(0, password="short").status_code == 422  # failures do not count
    assert register(1).status_code == 200  # "check your email": the account job is written
    assert register(2).status_code == 200
    response = register(3)
    assert response.status_code == 429
    _retry_after(response)
    assert b'value="new3@example.org"' in response.data and b"long-enough-pw" not in response.data
    deliver(session)
    assert session.scalar(select(func.count()).select_from(User)) == 2
    assert register(4, ip="10.1.1.2").status_code == 200


def test_posts_per_user_share_one_limit_across_html_and_api(client, session, login):
    author = make_user(session)
    thread = make_thread(session)
    first = make_post(session, thread=thread)
    headers = bearer(author, session)
    login(author)
    url = f"/threads/{thread.id}/posts"
    assert client.post(url, data={"body": "One.", "stance": "for"}).status_code == 302
    assert client.post(f"/posts/{first.id}/reply", data={"body": "Two."}).status_code == 302
    assert client.post(url, data={"body": "", "stance": "for"}).status_code == 422  # counted
    long_text = "My carefully written fourth argument. " * 30
    response = client.post(url, data={"body": long_text, "stance": "against"})
    assert response.status_code == 429
    _retry_after(response)
    assert long_text.strip().encode() in response.data  # the text is given back
    assert b'name="stance" value="against"' in response.data
    api = client.post(f"/api/v1/threads/{thread.id}/posts", json={"body": "Four."},
                      headers=headers)
    assert api.status_code == 429 and api.get_json()["error"]["code"] == "rate_limited"
    reply = client.post(f"/posts/{first.id}/reply", data={"body": "Five."})
    assert reply.status_code == 429
    assert client.get(f"/posts/{first.id}/reply").status_code == 200  # reading the form is fine
    assert session.scalar(select(func.count()).select_from(Post)
                          .where(Post.author_id == author.id)) == 2
    other = make_user(session)
    session.commit()
    login(other)
    assert client.post(url, data={"body": "Someone else.", "stance": "for"}).status_code == 302


def test_new_accounts_have_a_tighter_post_limit(client, session, login):
    thread = make_thread(session)
    newcomer = make_user(session, created_at=utcnow() - timedelta(hours=2))
    veteran = make_user(session, created_at=utcnow() - timedelta(days=2))
    session.commit()
    url = f"/threads/{thread.id}/posts"
    login(newcomer)
    assert client.post(url, data={"body": "Hello.", "stance": "for"}).status_code == 302
    assert client.post(url, data={"body": "Again.", "stance": "for"}).status_code == 429
    login(veteran)
    for n in range(3):
        assert client.post(url, data={"body": f"Post {n}.", "stance": "for"}).status_code == 302


@pytest.mark.own_app
def test_flag_limit_is_a_decorator_for_flag_routes(app, client, session, login):
    calls = []

    @login_required
    @flag_limit
    def fake_flag():
        calls.append(1)
        return "flagged", 201

    app.add_url_rule("/test-only/flag", "test_only_flag", fake_flag, methods=["POST"])
    user = make_user(session)
    session.commit()
    login(user)
    assert [client.post("/test-only/flag").status_code for _ in range(3)] == [201, 201, 429]
    assert len(calls) == 2


def test_reset_requests_are_limited_the_same_for_known_and_unknown_addresses(client, session):
    make_user(session, email="known@example.org")
    session.commit()
    for email in ("known@example.org", "unknown@example.org"):
        statuses = [client.post("/password/forgot", data={"email": email},
                                environ_base={"REMOTE_ADDR": f"10.3.0.{n}"}).status_code
                    for n in range(3)]
        assert statuses == [200, 200, 429], email


def test_limits_are_off_when_disabled(app_config, tmp_path):
    app = create_app({**app_config, "RATELIMIT_ENABLED": False,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'off.sqlite3'}"})
    with app.app_context():
        db.create_all()
        client = app.test_client()
        for _ in range(5):
            assert _fail_sign_in(client, "x@example.org").status_code == 401
        db.session.remove()
        db.engine.dispose()


def test_wrong_second_factor_codes_are_limited(client, session):
    from forum.accounts.models import Role
    from forum.security.two_factor import enable_two_factor
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    user = make_user(session, role=Role.MODERATOR, email="mod@example.org")
    when = utcnow() - timedelta(minutes=5)
    enable_two_factor(session, user, secret=secret, code=pyotp.TOTP(secret).at(when), now=when)
    session.commit()
    client.post("/login", data={"email": "mod@example.org", "password": PASSWORD})
    statuses = [client.post("/login/code", data={"code": "000000"}).status_code
                for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    response = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 429  # even the right code waits


def test_app_servers_share_the_counts_only_through_redis(app, app_config, client, session):
    shared = bool(app_config.get("REDIS_URL"))  # in memory, counts are per process by design
    make_user(session, email="shared@example.org")
    session.commit()
    for _ in range(2):
        assert _fail_sign_in(client, "shared@example.org").status_code == 401
    other_server = create_app(app_config)  # a second process behind the same load balancer
    other = other_server.test_client()
    try:
        assert _fail_sign_in(other, "shared@example.org").status_code == 401
        assert _fail_sign_in(other, "shared@example.org").status_code == (429 if shared else 401)
    finally:
        with other_server.app_context():
            db.engine.dispose()


def test_an_unreachable_redis_does_not_take_the_forum_down(app_config, tmp_path, caplog):
    app = create_app({**app_config, "REDIS_URL": "redis://127.0.0.1:1/0",
                      "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'outage.sqlite3'}"})
    with app.app_context():
        db.create_all()
        client = app.test_client()
        assert _fail_sign_in(client, "x@example.org").status_code == 401
        assert client.get("/").status_code == 200
        db.session.remove()
        db.engine.dispose()


def test_previews_have_a_limit_of_their_own_and_keep_the_text(client, session, login):
    """Each preview renders Markdown, so they are counted (4 a minute here), apart from the
    posts (3 a minute): previewing does not use up posting, posting does not use up previews."""
    user = make_user(session, created_at=utcnow() - timedelta(days=3))
    thread = make_thread(session)
    login(user)
    text = "A **long** argument, previewed again and again."
    for _ in range(4):
        response = client.post(f"/threads/{thread.id}/posts",
                               data={"body": text, "stance": "for", "preview": "1"})
        assert response.status_code == 200
    refused = client.post(f"/threads/{thread.id}/posts",
                          data={"body": text, "stance": "for", "preview": "1"})
    assert refused.status_code == 429
    assert b"preview only so many texts" in refused.data
    assert b"A **long** argument" in refused.data  # what was typed is given back
    posted = client.post(f"/threads/{thread.id}/posts", data={"body": text, "stance": "for"})
    assert posted.status_code == 302  # the previews used up none of the posts
    assert session.scalar(select(func.count()).select_from(Post)) == 1
