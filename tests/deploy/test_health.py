"""``/healthz``: the database and Redis checked, no sign-in, no limits, any host, never stored."""
from __future__ import annotations

import pytest

from forum import create_app

#: nothing listens on port 1: connections are refused at once
DEAD_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2"
DEAD_REDIS = "redis://127.0.0.1:1/0"


def _app(tmp_path, **settings):  # noqa: ANN001
    config = {"TESTING": True, "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(tmp_path),
              "DATABASE_URL": f"sqlite:///{tmp_path / 'health.sqlite3'}", **settings}
    return create_app(config)


def test_healthy_database_answers_200_never_stored(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok"}}
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in response.headers


def test_head_answers_without_body(client):
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.data == b""


def test_other_methods_are_refused(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("url", [DEAD_POSTGRES, "sqlite:////nonexistent-folder/forum.sqlite3"])
def test_broken_database_answers_503_naming_it(tmp_path, url):
    app = _app(tmp_path, DATABASE_URL=url)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "failing", "checks": {"database": "failed"}}
    assert response.headers["Cache-Control"] == "no-store"


def test_unreachable_redis_answers_503_naming_it(tmp_path):
    app = _app(tmp_path, REDIS_URL=DEAD_REDIS, RATELIMIT_ENABLED=False)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "failing",
                                   "checks": {"database": "ok", "redis": "failed"}}


def test_reachable_redis_is_checked(tmp_path, redis_url):
    app = _app(tmp_path, REDIS_URL=redis_url, RATELIMIT_ENABLED=False)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["checks"] == {"database": "ok", "redis": "ok"}


def test_any_host_may_ask_while_pages_keep_the_host_check(tmp_path):
    app = _app(tmp_path, TRUSTED_HOSTS=["forum.example.org"])
    client = app.test_client()
    assert client.get("/healthz", base_url="http://10.0.0.5:8000").status_code == 200
    assert client.get("/", base_url="http://10.0.0.5:8000").status_code == 400


def test_no_rate_limit_counts_health_checks(tmp_path):
    app = _app(tmp_path, RATELIMIT_ENABLED=True, LIMIT_SIGN_IN_IP="1 per minute")
    client = app.test_client()
    assert all(client.get("/healthz").status_code == 200 for _ in range(20))
