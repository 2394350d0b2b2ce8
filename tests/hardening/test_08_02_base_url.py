"""Issue 8, item 2: absolute links come from BASE_URL, and production refuses unknown hosts."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from forum import create_app
from forum.db import db
from forum.jobs.runner import run_due
from forum.urls import external_url
from tests.factories import PASSWORD, make_user
from tests.security.helpers import csrf_from, outbox

BASE = "https://council.example/forum"
SECRET = "k" * 40


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """The usual test settings on a base URL with a path."""
    return {**app_config, "BASE_URL": BASE}


def _own_app(tmp_path, **overrides):  # noqa: ANN001, ANN202
    """An app of this test's own on a SQLite file, its tables created."""
    app = create_app({"TESTING": True, "SECRET_KEY": SECRET, "BASE_URL": BASE,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'own.sqlite3'}",
                      "INSTANCE_PATH": str(tmp_path / "instance"), "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, **overrides})
    with app.app_context():
        db.create_all()
    return app


def _forgot(client, email: str, **kwargs):  # noqa: ANN001, ANN202
    response = client.post("/password/forgot", data={"email": email}, buffered=True, **kwargs)
    run_due(db.session)  # the page wrote a job; run it, as the runner would
    return response


def _links(message) -> list[str]:  # noqa: ANN001
    return re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())


def _html_links(message) -> list[str]:  # noqa: ANN001
    return re.findall(r'href="([^"]+)"', message.get_body(("html",)).get_content())


def test_08_02_reset_link_ignores_the_host_header(app, client, session):
    make_user(session, email="victim@example.org")
    session.commit()
    response = _forgot(client, "victim@example.org", base_url="http://evil.example")
    assert response.status_code == 200
    links = _links(outbox(app)[-1])
    assert len(links) == 2 and links[0].startswith(f"{BASE}/password/reset/")
    assert links[1] == f"{BASE}/"  # the footer's link to the forum
    assert set(_html_links(outbox(app)[-1])) == set(links)
    assert "evil.example" not in outbox(app)[-1].as_string()


def test_08_02_reset_link_ignores_a_forwarded_host(tmp_path):
    app = _own_app(tmp_path, TRUSTED_PROXIES=1)
    with app.app_context():
        make_user(db.session, email="victim@example.org")
        db.session.commit()
        response = _forgot(app.test_client(), "victim@example.org",
                           headers={"X-Forwarded-Host": "evil.example",
                                    "X-Forwarded-Proto": "http"})
        assert response.status_code == 200
        assert _links(outbox(app)[-1])[0].startswith(f"{BASE}/password/reset/")
        db.session.remove()
        db.engine.dispose()


def test_08_02_the_mailed_link_works(app, client, session):
    make_user(session, email="forgetful@example.org")
    session.commit()
    _forgot(client, "forgetful@example.org", base_url="http://evil.example")
    path = _links(outbox(app)[-1])[0].removeprefix(BASE)
    assert client.get(path).status_code == 200


def test_08_02_password_changed_mail_links_to_the_base_url(app, session):
    make_user(session, email="changer@example.org")
    session.commit()
    client = app.test_client()
    evil = "http://evil.example"
    assert client.post("/login", base_url=evil, data={"email": "changer@example.org",
                                                      "password": PASSWORD}).status_code == 302
    response = client.post("/account/password", base_url=evil,
                           data={"current_password": PASSWORD,
                                 "new_password": "a-brand-new-passphrase"})
    assert response.status_code == 302
    run_due(db.session)
    assert _links(outbox(app)[-1]) == [f"{BASE}/password/forgot", f"{BASE}/"]
    assert "evil.example" not in outbox(app)[-1].as_string()


def test_08_02_external_url_works_without_a_request(app):
    assert external_url("security.forgot_password") == f"{BASE}/password/forgot"
    assert external_url("security.reset_password", token="ab.c-d_e") == \
        f"{BASE}/password/reset/ab.c-d_e"
    assert external_url("threads.topics", _anchor="latest") == f"{BASE}/topics#latest"


def test_08_02_no_link_is_built_from_the_request_host():
    package = Path(__file__).resolve().parents[2] / "forum"
    external = re.compile(r"(?<!\w)_external\s*=\s*True")
    offenders = [str(p) for p in package.rglob("*.py") if external.search(p.read_text())]
    assert offenders == []


def test_08_02_development_defaults_to_the_local_address(tmp_path, monkeypatch):
    monkeypatch.delenv("FORUM_BASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "sqlite://",
                      "SECRET_KEY": "x"})
    assert app.config["BASE_URL"] == "http://127.0.0.1:5000"
    assert app.config["TRUSTED_HOSTS"] is None


def test_08_02_base_url_is_normalised(tmp_path):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "sqlite://",
                      "SECRET_KEY": "x", "BASE_URL": " https://Council.Example/forum/ "})
    assert app.config["BASE_URL"] == "https://council.example/forum"


@pytest.mark.parametrize("url", ["council.example", "ftp://council.example",
                                 "https://council.example/?a=1", "https://u:p@council.example",
                                 "https:///forum"])
def test_08_02_a_malformed_base_url_refuses_to_start(tmp_path, url):
    with pytest.raises(RuntimeError, match="FORUM_BASE_URL"):
        create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "sqlite://",
                    "SECRET_KEY": "x", "BASE_URL": url})


def test_08_02_production_refuses_to_start_without_a_base_url(tmp_path, monkeypatch):
    monkeypatch.delenv("FORUM_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="FORUM_BASE_URL must be set"):
        create_app({"ENV": "production", "SECRET_KEY": SECRET, "INSTANCE_PATH": str(tmp_path),
                    "DATABASE_URL": "sqlite://"})


# --- production: unknown hosts are refused ---------------------------------------------

def _production(tmp_path, **overrides):  # noqa: ANN001, ANN202
    return _own_app(tmp_path, ENV="production", BASE_URL="https://forum.example", **overrides)


@pytest.mark.parametrize("base,status", [
    ("https://forum.example", 200), ("https://forum.example:8443", 200),
    ("https://evil.example", 400), ("https://www.forum.example", 400),
    ("https://forum.example.evil.example", 400)])
def test_08_02_production_serves_only_its_own_host(tmp_path, base, status):
    app = _production(tmp_path)
    assert app.config["TRUSTED_HOSTS"] == ["forum.example"]
    response = app.test_client().get("/", base_url=base)
    assert response.status_code == status
    if status == 400:
        assert response.mimetype == "text/plain"
        assert b"does not answer to that host name" in response.data


def test_08_02_production_checks_the_forwarded_host_behind_a_proxy(tmp_path):
    app = _production(tmp_path, TRUSTED_PROXIES=1)
    client = app.test_client()
    evil = client.get("/", base_url="https://forum.example",
                      headers={"X-Forwarded-Host": "evil.example"})
    assert evil.status_code == 400
    good = client.get("/", base_url="http://10.0.0.5:8000",
                      headers={"X-Forwarded-Host": "forum.example",
                               "X-Forwarded-Proto": "https"})
    assert good.status_code == 200


def test_08_02_trusted_hosts_setting_replaces_the_derived_one(tmp_path):
    app = _production(tmp_path, TRUSTED_HOSTS="forum.example, .council.example")
    client = app.test_client()
    assert app.config["TRUSTED_HOSTS"] == ["forum.example", ".council.example"]
    assert client.get("/", base_url="https://www.council.example").status_code == 200
    assert client.get("/", base_url="https://evil.example").status_code == 400


def test_08_02_empty_trusted_hosts_do_not_trust_every_host(tmp_path):
    app = _production(tmp_path, TRUSTED_HOSTS="")
    assert app.config["TRUSTED_HOSTS"] == ["forum.example"]
    assert app.test_client().get("/", base_url="https://evil.example").status_code == 400


def test_08_02_production_reset_with_csrf_and_limits_on(tmp_path):
    app = _production(tmp_path, WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True)
    with app.app_context():
        make_user(db.session, email="resident@example.org")
        db.session.commit()
        client = app.test_client()
        token = csrf_from(client.get("/password/forgot", base_url="https://forum.example").data)
        form = {"email": "resident@example.org", "csrf_token": token}
        refused = client.post("/password/forgot", data=form, base_url="https://evil.example",
                              buffered=True)
        assert refused.status_code == 400 and outbox(app) == []
        sent = client.post("/password/forgot", data=form, base_url="https://forum.example",
                           buffered=True)
        assert sent.status_code == 200
        run_due(db.session)
        assert _links(outbox(app)[-1])[0].startswith("https://forum.example/password/reset/")
        db.session.remove()
        db.engine.dispose()
