"""Issue 8, item 7: the whole two-step sign-in works with CSRF protection on."""
from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest

from forum.accounts.models import Role
from forum.db import utcnow
from forum.security import two_factor
from tests.factories import PASSWORD, make_post, make_thread, make_user
from tests.security.conftest import TEST_LIMITS

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """CSRF on and limits on, as in production."""
    return {**app_config, **TEST_LIMITS, "WTF_CSRF_ENABLED": True}


def _csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found.group(1)


def _moderator(session) -> None:  # noqa: ANN001
    user = make_user(session, role=Role.MODERATOR, email="csrf-mod@example.org")
    earlier = utcnow() - timedelta(minutes=5)
    two_factor.enable_two_factor(session, user, secret=SECRET,
                                 code=pyotp.TOTP(SECRET).at(earlier), now=earlier)
    session.commit()


def test_08_07_two_step_sign_in_with_csrf_on_takes_the_first_code(client, session):
    _moderator(session)
    login_page = client.get("/login").get_data(as_text=True)
    code_page = client.post("/login", data={"email": "csrf-mod@example.org",
                                            "password": PASSWORD,
                                            "csrf_token": _csrf_token(login_page)})
    assert code_page.status_code == 200 and b"Enter your code" in code_page.data
    response = client.post("/login/code", data={
        "code": pyotp.TOTP(SECRET).now(),
        "csrf_token": _csrf_token(code_page.get_data(as_text=True))})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert b"expired" not in response.data
    assert client.get("/account").status_code == 200


def test_08_07_resuming_an_interrupted_reply_after_two_steps_keeps_a_valid_token(client,
                                                                               session):
    _moderator(session)
    thread = make_thread(session)
    parent = make_post(session, thread=thread)
    session.commit()
    login_page = client.get("/login").get_data(as_text=True)
    code_page = client.post("/login", data={
        "email": "csrf-mod@example.org", "password": PASSWORD,
        "csrf_token": _csrf_token(login_page), "kept-body": "My careful reply."})
    resume = client.post("/login/code", data={
        "code": pyotp.TOTP(SECRET).now(), "kept-body": "My careful reply.",
        "csrf_token": _csrf_token(code_page.get_data(as_text=True))})
    assert resume.status_code == 200 and b"My careful reply." in resume.data
    sent = client.post(f"/posts/{parent.id}/reply", data={
        "body": "My careful reply.", "csrf_token": _csrf_token(resume.get_data(as_text=True))})
    assert sent.status_code == 302, sent.get_data(as_text=True)
