"""Second-factor sign-in for staff: TOTP, recovery codes, the sign-in step, the policy."""
from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from forum.accounts.models import Role
from forum.db import utcnow
from forum.errors import Invalid, NotAllowed
from forum.security import two_factor
from forum.security.models import RecoveryCode
from forum.security.rules import can_set_up_two_factor, must_set_up_two_factor
from tests.conftest import NOW
from tests.factories import PASSWORD, make_user
from tests.security.helpers import ACTORS, STAFF_ROLES, make_actor

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _code(at=None) -> str:  # noqa: ANN001
    return pyotp.TOTP(SECRET).at(at or utcnow())


def _with_two_factor(session, role: Role = Role.MODERATOR,  # noqa: ANN001
                     email: str | None = None):
    user = make_user(session, role=role, email=email)
    codes = two_factor.enable_two_factor(session, user, secret=SECRET,
                                         code=_code(utcnow() - timedelta(minutes=5)),
                                         now=utcnow() - timedelta(minutes=5))
    session.commit()
    return user, codes


# --- rules -------------------------------------------------------------------------------

@pytest.mark.parametrize("actor,allowed", [("anonymous", False), ("citizen", False),
                                           ("suspended", False), ("councillor", True),
                                           ("moderator", True), ("admin", True)])
def test_who_may_set_up_two_factor(session, actor, allowed):
    assert ACTORS  # every actor is listed above
    assert can_set_up_two_factor(make_actor(session, actor), None, NOW) is allowed


@pytest.mark.parametrize("role,policy,must", [
    (Role.COUNCILLOR, "required", True), (Role.MODERATOR, "required", True),
    (Role.ADMIN, "required", True), (Role.CITIZEN, "required", False),
    (Role.ADMIN, "optional", False)])
def test_who_must_set_up_two_factor(session, role, policy, must):
    assert must_set_up_two_factor(make_user(session, role=role), policy) is must


# --- services ----------------------------------------------------------------------------

def test_enable_needs_a_right_code_and_gives_ten_recovery_codes(session):
    user = make_user(session, role=Role.COUNCILLOR)
    with pytest.raises(Invalid) as error:
        two_factor.enable_two_factor(session, user, secret=SECRET, code="000000", now=NOW)
    assert error.value.field == "code" and user.totp_secret is None
    codes = two_factor.enable_two_factor(session, user, secret=SECRET, code=_code(NOW), now=NOW)
    assert user.totp_secret == SECRET
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = session.scalars(select(RecoveryCode.code_hash)).all()
    assert not set(codes) & set(stored)  # only hashes are stored


def test_citizens_cannot_enable(session):
    with pytest.raises(NotAllowed):
        two_factor.enable_two_factor(session, make_user(session), secret=SECRET,
                                     code=_code(NOW), now=NOW)


def test_codes_work_once_and_within_one_step_of_drift(session):
    user = make_user(session, role=Role.ADMIN)
    two_factor.enable_two_factor(session, user, secret=SECRET, code=_code(NOW), now=NOW)
    later = NOW + timedelta(minutes=2)
    assert not two_factor.verify_second_factor(session, user, _code(NOW), now=NOW)  # spent
    assert two_factor.verify_second_factor(session, user, _code(later), now=later)
    assert not two_factor.verify_second_factor(session, user, _code(later), now=later)  # replay
    assert two_factor.verify_second_factor(session, user, _code(later + timedelta(seconds=30)),
                                           now=later)  # the phone is 30 s ahead
    far = later + timedelta(minutes=5)
    assert not two_factor.verify_second_factor(session, user, _code(far - timedelta(minutes=2)),
                                               now=far)  # too old
    for bad in ("", "12345", "abcdef", "1234567", "0000-0000-0000"):
        assert not two_factor.verify_second_factor(session, user, bad, now=far)


def test_recovery_codes_work_once_each(session):
    user = make_user(session, role=Role.ADMIN)
    codes = two_factor.enable_two_factor(session, user, secret=SECRET, code=_code(NOW), now=NOW)
    assert two_factor.recovery_codes_left(session, user) == 10
    assert two_factor.verify_second_factor(session, user, codes[0].lower(), now=NOW)
    assert not two_factor.verify_second_factor(session, user, codes[0], now=NOW)
    assert two_factor.verify_second_factor(session, user, codes[1].replace("-", " "), now=NOW)
    assert two_factor.recovery_codes_left(session, user) == 8
    other = make_user(session, role=Role.ADMIN)
    two_factor.enable_two_factor(session, other, secret=SECRET, code=_code(NOW + timedelta(
        minutes=1)), now=NOW + timedelta(minutes=1))
    assert not two_factor.verify_second_factor(session, other, codes[2], now=NOW)  # not theirs


def test_new_recovery_codes_replace_the_old_ones(session):
    user = make_user(session, role=Role.ADMIN)
    old = two_factor.enable_two_factor(session, user, secret=SECRET, code=_code(NOW), now=NOW)
    with pytest.raises(Invalid):
        two_factor.regenerate_recovery_codes(session, user, password="wrong", now=NOW)
    new = two_factor.regenerate_recovery_codes(session, user, password=PASSWORD, now=NOW)
    assert not two_factor.verify_second_factor(session, user, old[0], now=NOW)
    assert two_factor.verify_second_factor(session, user, new[0], now=NOW)


def test_disable_needs_the_password_and_is_refused_when_required(session):
    user = make_user(session, role=Role.MODERATOR)
    two_factor.enable_two_factor(session, user, secret=SECRET, code=_code(NOW), now=NOW)
    with pytest.raises(NotAllowed) as error:
        two_factor.disable_two_factor(session, user, password=PASSWORD, policy="required")
    assert error.value.code == "two_factor_required"
    with pytest.raises(Invalid):
        two_factor.disable_two_factor(session, user, password="wrong", policy="optional")
    two_factor.disable_two_factor(session, user, password=PASSWORD, policy="optional")
    assert user.totp_secret is None
    assert session.scalar(select(RecoveryCode).where(RecoveryCode.user_id == user.id)) is None


# --- sign-in ------------------------------------------------------------------------------

def _password_step(client, email: str, **extra):  # noqa: ANN001
    return client.post("/login", data={"email": email, "password": PASSWORD, **extra})


def test_sign_in_asks_for_the_code_after_the_password(client, session):
    user, _ = _with_two_factor(session, email="mod@example.org")
    response = _password_step(client, "mod@example.org", next="/topics/x")
    assert response.status_code == 200 and b"Enter your code" in response.data
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get("/account").status_code == 302  # not signed in yet
    response = client.post("/login/code", data={"code": "000000"})
    assert response.status_code == 401 and b"That code is not right" in response.data
    response = client.post("/login/code", data={"code": _code()})
    assert response.status_code == 302 and response.headers["Location"] == "/topics/x"
    assert client.get("/account").status_code == 200


def test_a_recovery_code_signs_in_once(app, session):
    _, codes = _with_two_factor(session, email="mod@example.org")
    first, second = app.test_client(), app.test_client()
    _password_step(first, "mod@example.org")
    assert first.post("/login/code", data={"code": codes[3]}).status_code == 302
    _password_step(second, "mod@example.org")
    assert second.post("/login/code", data={"code": codes[3]}).status_code == 401


def test_the_code_page_needs_the_password_step_first(client, session):
    _with_two_factor(session)
    response = client.post("/login/code", data={"code": _code()})
    assert response.status_code == 302 and response.headers["Location"] == "/login"


def test_the_code_step_expires(client, session):
    _with_two_factor(session, email="slow@example.org")
    _password_step(client, "slow@example.org")
    with client.session_transaction() as sess:
        sess["two_factor"] = {**sess["two_factor"], "at": sess["two_factor"]["at"] - 600}
    response = client.post("/login/code", data={"code": _code()})
    assert response.status_code == 302 and response.headers["Location"] == "/login"


def test_interrupted_text_survives_both_steps(client, session):
    _with_two_factor(session, email="mod@example.org")
    response = _password_step(client, "mod@example.org", **{"kept-body": "My long reply."})
    assert b'name="kept-body" value="My long reply."' in response.data
    response = client.post("/login/code", data={"code": _code(), "kept-body": "My long reply."})
    assert response.status_code == 200 and b"My long reply." in response.data
    assert b"You are signed in again" in response.data


def test_api_tokens_need_the_code_too(client, session):
    _with_two_factor(session, email="api@example.org")
    body = {"email": "api@example.org", "password": PASSWORD}
    response = client.post("/api/v1/tokens", json=body)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "two_factor_code_required"
    response = client.post("/api/v1/tokens", json={**body, "code": "123456"})
    assert response.get_json()["error"]["code"] == "invalid_code"
    response = client.post("/api/v1/tokens", json={**body, "code": _code()})
    assert response.status_code == 201 and response.get_json()["token"]


# --- setting it up ------------------------------------------------------------------------

def test_setting_up_through_the_pages(client, session, login):
    user = make_user(session, role=Role.COUNCILLOR)
    session.commit()
    login(user)
    page = client.get("/account/two-factor/setup")
    assert page.status_code == 200
    with client.session_transaction() as sess:
        secret = sess["totp_setup"]
    assert secret.encode() in page.data
    assert b"otpauth://totp/" in page.data
    assert client.get("/account/two-factor/setup").data.count(secret.encode()) >= 1  # stable
    response = client.post("/account/two-factor/setup", data={"code": "123456"})
    assert response.status_code == 422 and b"That code is not right" in response.data
    response = client.post("/account/two-factor/setup",
                           data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200 and b"Your recovery codes" in response.data
    assert response.headers["Cache-Control"] == "no-store"
    session.refresh(user)
    assert user.totp_secret == secret
    assert b"is <strong>on</strong>" in client.get("/account/two-factor").data


def test_citizens_have_no_two_factor_pages(client, session, login):
    login(make_user(session))
    session.commit()
    assert client.get("/account/two-factor").status_code == 403
    assert client.get("/account/two-factor/setup").status_code == 403
    assert b"Two-step sign-in" not in client.get("/account").data


def test_turning_off_and_new_codes_through_the_pages(client, session, login):
    user, _ = _with_two_factor(session)
    login(user)
    response = client.post("/account/two-factor/recovery-codes", data={"password": PASSWORD})
    assert response.status_code == 200 and response.data.count(b"<code>") == 10
    response = client.post("/account/two-factor/disable", data={"password": "wrong"},
                           follow_redirects=True)
    assert b"Your password is not right" in response.data
    client.post("/account/two-factor/disable", data={"password": PASSWORD})
    session.refresh(user)
    assert user.totp_secret is None


# --- the "required" policy ---------------------------------------------------------------

@pytest.fixture
def required(app):  # noqa: ANN001
    """``FORUM_STAFF_2FA=required``."""
    app.config["STAFF_2FA"] = "required"
    return app


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_required_sends_staff_to_set_up_first(required, client, session, login, role):
    login(make_user(session, role=role))
    session.commit()
    for path in ("/", "/account", "/topics"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/account/two-factor/setup"
    assert client.get("/account/two-factor/setup").status_code == 200
    assert client.post("/logout").status_code == 302


def test_required_refuses_staff_api_calls(required, client, session, login):
    from tests.factories import bearer
    user = make_user(session, role=Role.ADMIN)
    headers = bearer(user, session)
    response = client.get("/api/v1/topics", headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "two_factor_required"
    login(user)
    response = client.post("/api/v1/topics", json={"title": "Parks"})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "two_factor_required"
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
    assert response.get_json()["error"]["code"] == "two_factor_required"


def test_required_leaves_citizens_and_set_up_staff_alone(required, client, session, login):
    login(make_user(session))
    session.commit()
    assert client.get("/account").status_code == 200
    user, _ = _with_two_factor(session, role=Role.ADMIN)
    login(user)
    assert client.get("/account").status_code == 200
    assert b"must keep two-step sign-in on" in client.get("/account/two-factor").data
