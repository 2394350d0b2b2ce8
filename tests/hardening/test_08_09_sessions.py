"""Issue 8, item 9: signing out ends the session on the server, so copied cookies stop working;
the account page lists the signed-in devices and signs out one, the others, or all."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.accounts.models import Role
from forum.db import db, utcnow
from forum.security.models import UserSession
from tests.factories import PASSWORD, make_sign_in, make_user
from tests.security.helpers import csrf_from, module_app

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                 "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")


def _signed_in(client) -> bool:  # noqa: ANN001
    return client.get("/account").status_code == 200


def _sign_in(client, email: str, *, remember: bool = False, agent: str = FIREFOX) -> None:  # noqa: ANN001
    data = {"email": email, "password": PASSWORD, **({"remember": "y"} if remember else {})}
    response = client.post("/login", data=data, headers={"User-Agent": agent})
    assert response.status_code == 302


def _copy_cookie(source, target, name: str) -> None:  # noqa: ANN001
    cookie = source.get_cookie(name)
    assert cookie is not None, f"no {name} cookie to copy"
    target.set_cookie(name, cookie.value)


def _sign_in_ids(session, user) -> list[int]:  # noqa: ANN001
    session.expire_all()
    return list(session.scalars(select(UserSession.id).where(UserSession.user_id == user.id)
                                .order_by(UserSession.id)))


def test_08_09_a_copied_session_cookie_stops_working_after_sign_out(app, client, session):
    make_user(session, email="copy@example.org")
    session.commit()
    _sign_in(client, "copy@example.org")
    thief = app.test_client()
    _copy_cookie(client, thief, "session")
    assert _signed_in(thief)
    client.post("/logout")
    assert not _signed_in(client)
    assert not _signed_in(thief)


def test_08_09_a_copied_remember_cookie_stops_working_after_sign_out(app, client, session):
    make_user(session, email="remember@example.org")
    session.commit()
    _sign_in(client, "remember@example.org", remember=True)
    copied = client.get_cookie("remember_token").value
    thief = app.test_client()
    thief.set_cookie("remember_token", copied)
    assert _signed_in(thief)  # restored from the remember-me cookie alone
    client.post("/logout")
    assert not _signed_in(thief)
    later = app.test_client()
    later.set_cookie("remember_token", copied)
    assert not _signed_in(later)


def test_08_09_sign_out_ends_the_record(app, client, session):
    user = make_user(session, email="record@example.org")
    session.commit()
    _sign_in(client, "record@example.org")
    assert len(_sign_in_ids(session, user)) == 1
    client.post("/logout")
    assert _sign_in_ids(session, user) == []


def test_08_09_the_account_page_lists_each_device_in_plain_words(app, session):
    user = make_user(session, email="list@example.org")
    session.commit()
    laptop, phone = app.test_client(), app.test_client()
    _sign_in(laptop, "list@example.org", agent=FIREFOX)
    _sign_in(phone, "list@example.org", agent=SAFARI_IPHONE)
    page = laptop.get("/account").get_data(as_text=True)
    assert "Where you are signed in" in page
    assert "Firefox on Windows <strong>(this device)</strong>" in page
    assert "Safari on an iPhone" in page
    assert "Sign out of all other devices" in page
    assert "Sign out everywhere, including this device" in page
    assert FIREFOX not in page  # the raw header is not shown


def test_08_09_sign_out_another_device_from_the_list(app, session):
    user = make_user(session, email="other@example.org")
    session.commit()
    laptop, phone = app.test_client(), app.test_client()
    _sign_in(laptop, "other@example.org")
    _sign_in(phone, "other@example.org", remember=True, agent=SAFARI_IPHONE)
    phone_id = _sign_in_ids(session, user)[1]
    response = laptop.post(f"/account/sessions/{phone_id}/end", follow_redirects=True)
    assert b"That device is signed out." in response.data
    assert not _signed_in(phone)
    phone.delete_cookie("session")  # the remember-me cookie alone does not help either
    assert not _signed_in(phone)
    assert _signed_in(laptop)
    assert laptop.post(f"/account/sessions/{phone_id}/end").status_code == 404


def test_08_09_sign_out_of_all_other_devices(app, session):
    user = make_user(session, email="others@example.org")
    session.commit()
    clients = [app.test_client() for _ in range(3)]
    for c in clients:
        _sign_in(c, "others@example.org")
    here = _sign_in_ids(session, user)[0]
    response = clients[0].post("/account/sessions/end", data={"scope": "others"},
                               follow_redirects=True)
    assert b"You are signed out on every other device." in response.data
    assert _signed_in(clients[0])
    assert not _signed_in(clients[1]) and not _signed_in(clients[2])
    assert _sign_in_ids(session, user) == [here]


def test_08_09_sign_out_everywhere_includes_this_device(app, session):
    user = make_user(session, email="everywhere@example.org")
    session.commit()
    clients = [app.test_client() for _ in range(2)]
    for c in clients:
        _sign_in(c, "everywhere@example.org", remember=True)
    response = clients[0].post("/account/sessions/end", data={"scope": "all"},
                               follow_redirects=True)
    assert b"You have signed out on every device." in response.data
    assert not _signed_in(clients[0]) and not _signed_in(clients[1])
    assert _sign_in_ids(session, user) == []


def test_08_09_one_user_cannot_end_another_users_session(app, session, login):
    victim = make_user(session)
    attacker = make_user(session)
    session.commit()
    victim_client = login(victim, app.test_client())
    victim_id = _sign_in_ids(session, victim)[0]
    attacker_client = login(attacker, app.test_client())
    assert attacker_client.post(f"/account/sessions/{victim_id}/end").status_code == 404
    assert _signed_in(victim_client)
    attacker_client.post("/account/sessions/end", data={"scope": "all"})
    assert _signed_in(victim_client)
    page = attacker_client.get("/account")
    assert page.status_code == 302 or f"/account/sessions/{victim_id}/end" not in page.text


def test_08_09_password_change_ends_other_sessions_but_keeps_this_one(app, session):
    user = make_user(session, email="change@example.org")
    session.commit()
    here, there = app.test_client(), app.test_client()
    _sign_in(here, "change@example.org", remember=True)
    _sign_in(there, "change@example.org", remember=True)
    response = here.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "a-brand-new-passphrase"})
    assert response.status_code == 302
    assert _signed_in(here)
    here.delete_cookie("session")
    assert _signed_in(here)  # this browser's remember-me cookie still works
    assert not _signed_in(there)
    assert len(_sign_in_ids(session, user)) == 1


def test_08_09_a_role_change_ends_every_session(app, session, login):
    user = make_user(session)
    session.commit()
    user_client = login(user, app.test_client())
    from forum.accounts.services import set_role
    set_role(session, None, user, Role.MODERATOR)
    session.commit()
    assert not _signed_in(user_client)
    assert _sign_in_ids(session, user) == []


def test_08_09_staff_idle_timeout_ends_the_record(app, client, session, login):
    moderator = make_user(session, role=Role.MODERATOR)
    session.commit()
    login(moderator)
    with client.session_transaction() as sess:
        sess["_seen"] -= 31 * 60
    assert not _signed_in(client)
    assert _sign_in_ids(session, moderator) == []


def test_08_09_last_seen_is_written_at_most_every_few_minutes(client, session, login,
                                                            count_queries):
    user = make_user(session)
    session.commit()
    login(user)
    with count_queries() as statements:
        for _ in range(3):
            assert client.get("/").status_code == 200
    assert not [s for s in statements if s.lstrip().upper().startswith("UPDATE")]
    record = session.get(UserSession, _sign_in_ids(session, user)[0])
    record.last_seen_at = utcnow() - timedelta(minutes=6)
    session.commit()
    with count_queries() as statements:
        client.get("/")
        client.get("/")
    updates = [s for s in statements if s.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 1 and "user_sessions" in updates[0]
    session.expire_all()
    assert session.get(UserSession, record.id).last_seen_at > utcnow() - timedelta(minutes=1)


def test_08_09_an_unused_sign_in_ends_after_the_idle_limit(app, session, login):
    user = make_user(session)
    session.commit()
    stale = login(user, app.test_client())
    record = session.get(UserSession, _sign_in_ids(session, user)[0])
    record.last_seen_at = utcnow() - timedelta(days=61)
    session.commit()
    assert not _signed_in(stale)
    login(make_user(session), app.test_client())  # any sign-in prunes the idle records
    assert _sign_in_ids(session, user) == []


@pytest.mark.parametrize("value", ["", "7", "1:abcdef", "abc.def", "1.", ".x", "9" * 40 + ".x",
                                   "1.wrong-secret"])
def test_08_09_a_session_naming_no_live_record_is_anonymous(app, client, session, value):
    user = make_user(session)
    session.commit()
    make_sign_in(session, user=user)
    session.commit()
    with client.session_transaction() as sess:
        sess["_user_id"] = value
    assert client.get("/").status_code == 200
    assert not _signed_in(client)


def test_08_09_sign_in_records_are_deleted_with_the_account(session):
    user = make_user(session)
    make_sign_in(session, user=user)
    session.commit()
    session.delete(user)
    session.commit()
    assert session.scalar(select(func.count()).select_from(UserSession)) == 0


# --- with CSRF protection and rate limits on, as in production ------------------------------

@pytest.fixture(scope="module")
def csrf_app(tmp_path_factory):  # noqa: ANN001
    """An app with CSRF protection and rate limits on."""
    application = module_app(tmp_path_factory.mktemp("sessions"), WTF_CSRF_ENABLED=True,
                             RATELIMIT_ENABLED=True)
    with application.app_context():
        db.create_all()
        yield application
        db.session.remove()
        db.engine.dispose()


def _form_sign_in(client, email: str, agent: str) -> None:  # noqa: ANN001
    token = csrf_from(client.get("/login").data)
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": token}, headers={"User-Agent": agent})
    assert response.status_code == 302


def test_08_09_with_csrf_on_sign_in_list_and_sign_out_another_device(csrf_app):
    make_user(db.session, email="csrf-sessions@example.org")
    db.session.commit()
    laptop, phone = csrf_app.test_client(), csrf_app.test_client()
    _form_sign_in(laptop, "csrf-sessions@example.org", FIREFOX)
    _form_sign_in(phone, "csrf-sessions@example.org", SAFARI_IPHONE)
    page = laptop.get("/account").get_data(as_text=True)
    assert "Safari on an iPhone" in page
    action = re.search(r'action="(/account/sessions/\d+/end)"', page).group(1)
    assert laptop.post(action).status_code == 302  # no token: nothing happens
    assert phone.get("/account").status_code == 200
    response = laptop.post(action, data={"csrf_token": csrf_from(page.encode())})
    assert response.status_code == 302
    assert phone.get("/account").status_code == 302
    assert laptop.get("/account").status_code == 200


def test_08_09_the_sign_in_loader_is_one_query(app, session, count_queries):
    from forum.security.sessions import load_session_user
    user = make_user(session)
    key = make_sign_in(session, user=user)
    session.commit()
    session.expire_all()
    with app.test_request_context("/"), count_queries() as statements:
        loaded = load_session_user(key)
        assert loaded is not None and loaded.id == user.id
        assert loaded.display_name  # the user came with the record: no second query
    assert len(statements) == 1, statements


@pytest.mark.own_app  # adds a route
def test_08_09_the_last_seen_commit_holds_nothing_of_a_failing_view(app, client, session,
                                                                     login):
    user = make_user(session, name="Before")
    session.commit()
    login(user)
    record = session.get(UserSession, _sign_in_ids(session, user)[0])
    record.last_seen_at = utcnow() - timedelta(minutes=6)
    session.commit()

    @app.route("/test-only/rename-then-fail")
    def rename_then_fail():  # noqa: ANN202
        db.session.get(type(user), user.id).display_name = "After"
        db.session.flush()
        raise RuntimeError("the view failed half-way")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.get("/test-only/rename-then-fail").status_code == 500
    session.expire_all()
    assert session.get(type(user), user.id).display_name == "Before"
    assert session.get(UserSession, record.id).last_seen_at > utcnow() - timedelta(minutes=1)
