"""Security headers on every response; hardened cookies and HSTS in production."""
from __future__ import annotations

import pytest

from forum import create_app
from forum.db import db
from tests.factories import PASSWORD, make_thread, make_user

PAGES = ["/", "/topics", "/login", "/register", "/password/forgot", "/no-such-page",
         "/api/v1/topics", "/api/v1/no-such-thing", "/static/css/forum.css"]


def _directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


def _check_headers(response) -> None:  # noqa: ANN001
    csp = _directives(response.headers["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval, no other origin
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in " ".join(sum(csp.values(), []))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("path", PAGES)
def test_every_response_carries_the_security_headers(client, path):
    with client.get(path) as response:
        _check_headers(response)


def test_headers_on_signed_in_pages_and_posts(client, session, login):
    user = make_user(session)
    thread = make_thread(session)
    session.commit()
    login(user)
    for response in (client.get(f"/threads/{thread.id}"), client.get("/account"),
                     client.post(f"/threads/{thread.id}/posts", data={"body": ""}),
                     client.post("/api/v1/tokens", data="not json")):
        _check_headers(response)


def test_development_has_no_hsts(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.fixture
def production(app_config, tmp_path):  # noqa: ANN001
    """A production app on its own SQLite file."""
    app = create_app({**app_config, "ENV": "production", "SECRET_KEY": "s" * 32,
                      "BASE_URL": "https://forum.example",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"})
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_production_sends_hsts(production):
    response = production.test_client().get("/", base_url="https://forum.example")
    hsts = response.headers["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts


def test_production_cookies_are_secure_httponly_lax(production):
    make_user(db.session, email="p@example.org")
    db.session.commit()
    client = production.test_client()
    response = client.post("/login", base_url="https://forum.example",
                           data={"email": "p@example.org", "password": PASSWORD,
                                 "remember": "y"})
    assert response.status_code == 302
    cookies = response.headers.getlist("Set-Cookie")
    names = {c.split("=", 1)[0] for c in cookies}
    assert {"session", "remember_token"} <= names
    for cookie in cookies:
        attributes = {a.strip().lower() for a in cookie.split(";")[1:]}
        assert "secure" in attributes, cookie
        assert "httponly" in attributes, cookie
        assert "samesite=lax" in attributes, cookie


def test_production_refuses_to_start_without_a_secret(app_config):
    config = {**app_config, "ENV": "production"}
    config.pop("SECRET_KEY")
    with pytest.raises(RuntimeError, match="FORUM_SECRET_KEY"):
        create_app(config)
