"""Sessions: fresh on sign-in, role changes at once, sign-out, staff idle timeout, no-store."""
from __future__ import annotations

import time

import pytest

from forum.accounts.models import Role
from forum.accounts.services import set_role
from forum.security.sessions import LAST_SEEN
from tests.factories import PASSWORD, bearer, make_user
from tests.security.helpers import STAFF_ROLES


def _signed_in(client) -> bool:  # noqa: ANN001
    return client.get("/account").status_code == 200


def test_sign_in_starts_a_new_session(client, session):
    user = make_user(session, email="s@example.org")
    session.commit()
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker or an earlier visitor"
        sess["csrf_token"] = "a token the attacker knows"
    response = client.post("/login", data={"email": "s@example.org", "password": PASSWORD})
    assert response.status_code == 302
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess.get("csrf_token") != "a token the attacker knows"
        assert sess["_user_id"] == user.get_id()


def test_sign_out_is_a_post_and_ends_the_remember_cookie(client, session):
    make_user(session, email="r@example.org")
    session.commit()
    client.post("/login", data={"email": "r@example.org", "password": PASSWORD, "remember": "y"})
    assert client.get_cookie("remember_token") is not None
    assert client.get("/logout").status_code == 405
    assert _signed_in(client)
    response = client.post("/logout")
    assert response.status_code == 302
    assert client.get_cookie("remember_token") is None
    assert not _signed_in(client)


def test_a_role_change_signs_the_user_out_at_their_next_request(client, session, login):
    moderator = make_user(session, role=Role.MODERATOR)
    admin = make_user(session, role=Role.ADMIN)
    session.commit()
    login(moderator)
    assert _signed_in(client)
    set_role(session, admin, moderator, Role.CITIZEN)
    session.commit()
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_role_change_through_the_admin_page_ends_the_users_session(app, session, login):
    user = make_user(session)
    admin = make_user(session, role=Role.ADMIN)
    session.commit()
    user_client, admin_client = app.test_client(), app.test_client()
    login(user, user_client)
    login(admin, admin_client)
    assert _signed_in(user_client)
    response = admin_client.post(f"/admin/users/{user.id}/role", data={"role": "moderator"})
    assert response.status_code == 302
    assert not _signed_in(user_client)
    assert _signed_in(admin_client)


def test_an_admin_changing_their_own_role_stays_signed_in(client, session, login):
    admin = make_user(session, role=Role.ADMIN)
    session.commit()
    login(admin)
    client.post(f"/admin/users/{admin.id}/role", data={"role": "moderator"})
    assert _signed_in(client)
    assert client.get("/admin/users").status_code == 403  # the new role applies at once


def test_a_promotion_applies_to_the_next_api_call(client, session):
    user = make_user(session)
    headers = bearer(user, session)
    topic = {"title": "Libraries", "slug": "libraries"}
    assert client.post("/api/v1/topics", json=topic, headers=headers).status_code == 403
    set_role(session, None, user, Role.ADMIN)
    session.commit()
    assert client.post("/api/v1/topics", json=topic, headers=headers).status_code == 201
    set_role(session, None, user, Role.CITIZEN)
    session.commit()
    topic["slug"] = "libraries-2"
    assert client.post("/api/v1/topics", json=topic, headers=headers).status_code == 403


def test_staff_are_never_remembered_on_a_device(client, session):
    make_user(session, email="cllr@example.org", role=Role.COUNCILLOR)
    session.commit()
    client.post("/login", data={"email": "cllr@example.org", "password": PASSWORD,
                                "remember": "y"})
    assert client.get_cookie("remember_token") is None
    assert _signed_in(client)


def _age_session(client, seconds: int) -> None:  # noqa: ANN001
    with client.session_transaction() as sess:
        sess[LAST_SEEN] = int(time.time()) - seconds


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_sessions_end_after_30_idle_minutes(client, session, login, role):
    login(make_user(session, role=role))
    assert _signed_in(client)
    _age_session(client, 29 * 60)
    assert _signed_in(client)  # activity resets the clock
    _age_session(client, 31 * 60)
    response = client.get("/account", follow_redirects=True)
    assert b"signed out after 30 minutes without activity" in response.data
    assert not _signed_in(client)


def test_a_staff_post_after_the_timeout_keeps_the_text(client, session, login):
    login(make_user(session, role=Role.MODERATOR))
    _signed_in(client)
    _age_session(client, 45 * 60)
    response = client.post("/threads/1/posts", data={"body": "My long considered argument."})
    assert response.status_code == 401
    assert b"My long considered argument." in response.data


def test_citizens_are_not_timed_out(client, session, login):
    login(make_user(session))
    _signed_in(client)
    _age_session(client, 24 * 3600)
    assert _signed_in(client)


def test_a_staff_session_is_never_restored_from_a_remember_cookie(client, session):
    user = make_user(session, email="old@example.org")
    session.commit()
    client.post("/login", data={"email": "old@example.org", "password": PASSWORD,
                                "remember": "y"})
    assert client.get_cookie("remember_token") is not None
    user.role = Role.MODERATOR  # made staff without the session rotation (an old cookie)
    session.commit()
    client.delete_cookie("session")  # the browser was closed
    assert not _signed_in(client)
    assert client.get_cookie("remember_token") is None


def test_idle_timeout_is_a_setting(app, client, session, login):
    app.config["STAFF_IDLE_MINUTES"] = 5
    login(make_user(session, role=Role.ADMIN))
    _signed_in(client)
    _age_session(client, 6 * 60)
    assert not _signed_in(client)


@pytest.mark.parametrize("path", ["/account", "/account/password", "/notifications"])
def test_private_pages_are_not_stored(client, session, login, path):
    login(make_user(session))
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_staff_security_pages_are_not_stored(client, session, login):
    login(make_user(session, role=Role.MODERATOR))
    for path in ("/account/two-factor", "/account/two-factor/setup"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
