"""Issue 8, item 11 (cookies): a damaged or forged remember-me or session cookie is ignored, and
the visitor is treated as anonymous, never answered with a server error."""
from __future__ import annotations

import pytest

from tests.factories import PASSWORD, make_user

#: raw Cookie header values; WSGI hands headers over as latin-1, so these are the bytes sent
BAD_COOKIES = [
    pytest.param(b"remember_token=1.abc|\xff\xfe\xfa", id="remember-invalid-utf8-digest"),
    pytest.param(b"remember_token=\xc3\x28|\xa0\xa1", id="remember-invalid-utf8"),
    pytest.param("remember_token=caf\u00e9|d\u00e9cor".encode(), id="remember-utf8-non-ascii"),
    pytest.param(b"remember_token=garbage", id="remember-garbage"),
    pytest.param(b"remember_token=1:abc|0123456789abcdef", id="remember-bad-signature"),
    pytest.param(b"remember_token=|", id="remember-empty-parts"),
    pytest.param(b"session=\xff\xfe.\x80\x81", id="session-invalid-utf8"),
    pytest.param(b"session=garbage.not.signed", id="session-garbage"),
    pytest.param(b"session=eyJfdXNlcl9pZCI6IjEifQ.aaaa.bbbb", id="session-forged"),
    pytest.param(b"session=\xff; remember_token=\xfe|\xfd", id="both-invalid-utf8"),
]


def _raw(app):  # noqa: ANN001, ANN202
    """A client that sends exactly the Cookie header given (no cookie jar rewriting it)."""
    return app.test_client(use_cookies=False)


@pytest.mark.parametrize("cookie", BAD_COOKIES)
def test_08_11_a_bad_cookie_is_ignored(app, session, cookie):
    make_user(session)
    session.commit()
    client = _raw(app)
    header = {"Cookie": cookie.decode("latin-1")}
    response = client.get("/", headers=header)
    assert response.status_code == 200
    assert b"Sign in" in response.data  # anonymous
    assert client.get("/account", headers=header).status_code == 302  # to the sign-in page
    assert client.post("/logout", headers=header).status_code == 302


def test_08_11_a_non_ascii_remember_cookie_is_deleted(app, session):
    client = _raw(app)
    response = client.get("/", headers={"Cookie": b"remember_token=a|\xff".decode("latin-1")})
    assert response.status_code == 200
    cleared = [c for c in response.headers.getlist("Set-Cookie")
               if c.startswith("remember_token=")]
    assert cleared and "Expires=Thu, 01 Jan 1970" in cleared[0]


def test_08_11_a_bad_remember_cookie_beside_a_good_session_keeps_the_sign_in(app, client,
                                                                             session):
    make_user(session, email="keep@example.org")
    session.commit()
    client.post("/login", data={"email": "keep@example.org", "password": PASSWORD})
    good = client.get_cookie("session").value
    raw = _raw(app)
    header = {"Cookie": f"session={good}; remember_token=" + b"\xff|\xfe".decode("latin-1")}
    assert raw.get("/account", headers=header).status_code == 200
