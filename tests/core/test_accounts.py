"""Registration, sign-in, sign-out, roles and the admin page."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.accounts.models import Role, User
from forum.accounts.services import authenticate, register_user
from forum.db import utcnow
from forum.errors import Invalid
from tests.apps import werkzeug_password_hash
from tests.factories import PASSWORD, make_user
from tests.security.helpers import confirm_link, deliver, outbox

ROLES = ["anonymous", *[r.value for r in Role]]


def test_register_creates_citizen_who_confirms_then_signs_in(app, client, session):
    response = client.post("/register", data={"email": "New@Example.org", "display_name": "Neo",
                                              "password": "long-enough-pw"})
    assert response.status_code == 200 and b"Check your email" in response.data
    deliver(session)
    user = session.scalar(select(User).where(User.email == "new@example.org"))
    assert user.role == Role.CITIZEN and user.display_name == "Neo"
    assert user.password_hash.startswith("scrypt:") and user.email_confirmed_at is None
    [message] = outbox(app)
    assert client.get(confirm_link(message)).status_code == 302
    response = client.post("/login", data={"email": "new@example.org",
                                           "password": "long-enough-pw"})
    assert response.status_code == 302
    assert b"Neo" in client.get("/").data  # signed in: name in the header


def test_passwords_are_hashed_with_werkzeugs_scrypt_at_its_full_cost(monkeypatch):
    """The suite hashes at a lower cost (``tests.apps.TEST_PASSWORD_METHOD``); the app itself
    uses Werkzeug's scrypt defaults (N=2**15, r=8, p=1)."""
    from forum.accounts import models  # noqa: PLC0415 -- the module the suite patches
    monkeypatch.setattr(models, "generate_password_hash", werkzeug_password_hash)
    user = User(email="cost@example.org", display_name="Cost")
    user.set_password("long-enough-pw")
    assert user.password_hash.startswith("scrypt:32768:8:1$")
    assert user.check_password("long-enough-pw") and not user.check_password("long-enough-px")


@pytest.mark.parametrize("field,data,message", [
    ("password", {"password": "short"}, b"at least 10 characters"),
    ("email", {"email": "not-an-email"}, b"right format"),
    ("display_name", {"display_name": "   "}, b"Enter a display name"),
    ("display_name", {"display_name": "x" * 61}, b"60 characters or fewer"),
])
def test_register_rejects_bad_input_and_keeps_it(client, session, field, data, message):
    form = {"email": "a@example.org", "display_name": "Ann", "password": "long-enough-pw", **data}
    response = client.post("/register", data=form)
    assert response.status_code == 422
    assert message in response.data
    assert b'href="#' + field.encode() + b'"' in response.data  # error summary links the field
    assert b'aria-invalid="true"' in response.data
    if field != "password":
        assert f'value="{form["email"]}"'.encode() in response.data  # kept what was typed
    assert session.scalar(select(User)) is None


def test_email_is_unique_case_insensitively(session):
    register_user(session, email="sam@example.org", display_name="Sam", password="x" * 10,
                  now=utcnow())
    with pytest.raises(Invalid) as error:
        register_user(session, email="  SAM@Example.ORG ", display_name="Other",
                      password="x" * 10, now=utcnow())
    assert error.value.field == "email"


def test_login_with_any_case_email(client, session):
    make_user(session, email="case@example.org")
    session.commit()
    response = client.post("/login", data={"email": "CASE@example.org", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize("email,password", [("who@example.org", PASSWORD),
                                            ("known@example.org", "wrong-password")])
def test_failed_login_is_generic(client, session, email, password):
    make_user(session, email="known@example.org")
    session.commit()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 401
    assert b"The email address or password is not right." in response.data
    assert email.encode() in response.data  # the email stays in the field


def test_authenticate_never_says_which_part_was_wrong(session):
    make_user(session, email="x@example.org")
    assert authenticate(session, "nobody@example.org", PASSWORD) is None
    assert authenticate(session, "x@example.org", "nope") is None
    assert authenticate(session, "x@example.org", PASSWORD) is not None


def test_remember_me_sets_cookie(client, session):
    make_user(session, email="r@example.org")
    session.commit()
    response = client.post("/login", data={"email": "r@example.org", "password": PASSWORD,
                                           "remember": "y"})
    assert "remember_token=" in " ".join(response.headers.getlist("Set-Cookie"))


def test_login_next_stays_on_site(client, session):
    make_user(session, email="n@example.org")
    session.commit()
    response = client.post("/login", data={"email": "n@example.org", "password": PASSWORD,
                                           "next": "//evil.example/"})
    assert response.headers["Location"] == "/topics"


def test_logout_is_post_only(client, session, login):
    login(make_user(session))
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/account").status_code == 302  # signed out


def test_expired_login_on_post_keeps_text(client, session):
    user = make_user(session)
    from tests.factories import make_thread
    thread = make_thread(session)
    session.commit()
    long_text = "My carefully written argument. " * 50
    response = client.post(f"/threads/{thread.id}/posts", data={"body": long_text,
                                                                 "stance": "for"})
    assert response.status_code == 401
    assert long_text.strip().encode() in response.data
    # After signing in, the text comes back in a form ready to send.
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "next": f"/threads/{thread.id}/posts",
                                           "kept-body": long_text, "kept-stance": "for"})
    assert response.status_code == 200
    assert long_text.strip().encode() in response.data
    assert f'action="/threads/{thread.id}/posts"'.encode() in response.data


def test_members_only_page_redirects_anonymous_to_login(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_admin_page_is_for_admins(client, session, login, role):
    if role != "anonymous":
        login(make_user(session, role=role))
    session.commit()
    response = client.get("/admin/users")
    expected = {"anonymous": 302, "admin": 200}.get(role, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_change_roles(client, session, login, role):
    target = make_user(session)
    if role != "anonymous":
        login(make_user(session, role=role))
    session.commit()
    response = client.post(f"/admin/users/{target.id}/role", data={"role": "moderator"})
    session.refresh(target)
    if role == "admin":
        assert response.status_code == 302 and target.role == Role.MODERATOR
    else:
        # anonymous: a sign-in page (401) that keeps the form; others: 403
        assert response.status_code == (401 if role == "anonymous" else 403)
        assert target.role == Role.CITIZEN


def test_unknown_role_is_refused(client, session, login):
    target = make_user(session)
    login(make_user(session, role="admin"))
    session.commit()
    client.post(f"/admin/users/{target.id}/role", data={"role": "emperor"})
    session.refresh(target)
    assert target.role == Role.CITIZEN


@pytest.mark.parametrize("role,badge", [("citizen", False), ("councillor", True),
                                        ("moderator", True), ("admin", True)])
def test_role_badge_next_to_name(client, session, role, badge):
    from tests.factories import make_post, make_thread
    author = make_user(session, role=role, name="Badged Person")
    make_post(session, thread=(thread := make_thread(session)), author=author, stance="for")
    session.commit()
    html = client.get(f"/threads/{thread.id}").data.decode()
    assert (f'badge-{role}' in html) is badge


def test_register_shows_every_mistake_at_once(client, session):
    response = client.post("/register", data={"email": "nope", "display_name": " ",
                                              "password": "short"})
    assert response.status_code == 422
    html = response.data.decode()
    for field, message in [("email", "right format"), ("display_name", "Enter a display name"),
                           ("password", "at least 10 characters")]:
        assert f'href="#{field}"' in html and message in html
    assert session.scalar(select(User)) is None
