"""Issue 8, item 17: settings that would run unsafely refuse to start, or are read as meant."""
from __future__ import annotations

import pytest

from forum import create_app
from forum.db import db
from tests.security.helpers import csrf_from

SECRET = "k" * 40


@pytest.fixture
def settings(tmp_path, monkeypatch):  # noqa: ANN001
    """Start from a clean environment: no FORUM_ or FLASK_ setting leaks in from outside."""
    for name in ("FORUM_ENV", "FORUM_SECRET_KEY", "FORUM_BASE_URL", "FORUM_DEBUG",
                 "FLASK_DEBUG", "FORUM_MAIL_PASSWORD", "FORUM_MAIL_USERNAME"):
        monkeypatch.delenv(name, raising=False)
    return {"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}


def _production(**overrides) -> dict:
    return {"ENV": "production", "SECRET_KEY": SECRET, "BASE_URL": "https://forum.example",
            **overrides}


@pytest.mark.parametrize("written", ["Production", "PRODUCTION", " production "])
def test_08_17_env_is_read_in_any_case(settings, monkeypatch, written):
    monkeypatch.setenv("FORUM_ENV", written)
    monkeypatch.setenv("FORUM_SECRET_KEY", SECRET)
    monkeypatch.setenv("FORUM_BASE_URL", "https://forum.example")
    app = create_app(settings)
    assert app.config["ENV"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_08_17_production_spelled_differently_still_needs_a_secret(settings, monkeypatch):
    monkeypatch.setenv("FORUM_ENV", "Production")
    with pytest.raises(RuntimeError, match="FORUM_SECRET_KEY must be set"):
        create_app(settings)


@pytest.mark.parametrize("value", ["staging", "prod", "1", ""])
def test_08_17_an_unknown_env_refuses_to_start(settings, monkeypatch, value):
    monkeypatch.setenv("FORUM_ENV", value)
    with pytest.raises(RuntimeError, match="FORUM_ENV must be development, production or"):
        create_app(settings)


def test_08_17_testing_env_is_accepted(settings):
    assert create_app({**settings, "ENV": "Testing"}).config["ENV"] == "testing"


@pytest.mark.parametrize("value", ["12345", "true", "1.50", "null", '"quoted"'])
def test_08_17_a_secret_key_is_read_as_written(settings, monkeypatch, value):
    monkeypatch.setenv("FORUM_SECRET_KEY", value)
    app = create_app({**settings, "WTF_CSRF_ENABLED": True})
    assert app.config["SECRET_KEY"] == value
    with app.app_context():
        db.create_all()
        client = app.test_client()
        page = client.get("/password/forgot")  # signs a session (the CSRF token)
        assert page.status_code == 200
        response = client.post("/password/forgot", buffered=True,
                               data={"email": "a@example.org", "csrf_token": csrf_from(page.data)})
        assert response.status_code == 200
        db.session.remove()
        db.engine.dispose()


def test_08_17_mail_credentials_are_read_as_written(settings, monkeypatch):
    monkeypatch.setenv("FORUM_MAIL_USERNAME", "2026")
    monkeypatch.setenv("FORUM_MAIL_PASSWORD", "000123")
    app = create_app({**settings, "SECRET_KEY": "x"})
    assert (app.config["MAIL_USERNAME"], app.config["MAIL_PASSWORD"]) == ("2026", "000123")


def test_08_17_a_secret_key_that_is_not_text_refuses_to_start(settings):
    with pytest.raises(RuntimeError, match="SECRET_KEY must be text"):
        create_app({**settings, "SECRET_KEY": 12345})


@pytest.mark.parametrize("key", ["x", "k" * 31])
def test_08_17_production_refuses_a_short_secret_key(settings, key):
    with pytest.raises(RuntimeError, match="at least 32 characters"):
        create_app({**settings, **_production(SECRET_KEY=key)})


def test_08_17_production_accepts_a_long_secret_key(settings):
    app = create_app({**settings, **_production(SECRET_KEY="k" * 32)})
    assert app.config["ENV"] == "production"


def test_08_17_development_accepts_a_short_secret_key(settings):
    assert create_app({**settings, "SECRET_KEY": "x"}).config["SECRET_KEY"] == "x"


def test_08_17_production_refuses_debug_mode(settings):
    with pytest.raises(RuntimeError, match="Debug mode must be off"):
        create_app({**settings, **_production(DEBUG=True)})


@pytest.mark.parametrize("variable", ["FLASK_DEBUG", "FORUM_DEBUG"])
def test_08_17_production_refuses_debug_from_the_environment(settings, monkeypatch, variable):
    monkeypatch.setenv(variable, "1")  # what `flask run --debug` sets, too
    with pytest.raises(RuntimeError, match="Debug mode must be off"):
        create_app({**settings, **_production()})


def test_08_17_development_may_debug(settings):
    assert create_app({**settings, "SECRET_KEY": "x", "DEBUG": True}).debug is True
