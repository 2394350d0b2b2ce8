"""Fixtures: an app per test on a fresh database (SQLite always, PostgreSQL when configured).

``FORUM_TEST_DATABASE_URL`` adds a PostgreSQL run of every database test.
``FORUM_TEST_REQUIRE`` (comma-separated: postgres, redis, browser) turns the skips of those
suites into failures; CI sets it so nothing that must run there can be skipped silently.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from flask import g
from sqlalchemy import event, text

from forum import create_app
from forum.db import db
from tests.factories import make_sign_in

PG_URL = os.environ.get("FORUM_TEST_DATABASE_URL")
REQUIRED = {s.strip() for s in os.environ.get("FORUM_TEST_REQUIRE", "").split(",") if s.strip()}

#: a fixed "now" for tests that pass the clock explicitly
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def skip_or_fail(suite: str, reason: str) -> None:
    """Skip with ``reason``, or fail when ``suite`` is required here (CI)."""
    if suite in REQUIRED:
        pytest.fail(f"{suite} tests are required here but cannot run: {reason}")
    pytest.skip(reason)


_pg_schema_ready = False


def _database_url(kind: str, tmp_path) -> str:  # noqa: ANN001
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    if not PG_URL:
        skip_or_fail("postgres", "PostgreSQL tests skipped: set FORUM_TEST_DATABASE_URL "
                                 "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    return PG_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:  # noqa: ANN001
    """The database URL this test runs against."""
    return _database_url(request.param, tmp_path)


def _reset_schema(url: str) -> None:
    global _pg_schema_ready
    if url.startswith("sqlite"):
        db.create_all()
        return
    if not _pg_schema_ready:
        db.drop_all()
        with db.engine.begin() as conn:  # tables a previous, different schema may have left
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        _pg_schema_ready = True
        return
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def app_config(database, tmp_path) -> dict:  # noqa: ANN001
    """Configuration for the test app; override in a module to change settings."""
    return {"TESTING": True, "DATABASE_URL": database, "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(tmp_path / "instance"), "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False, "SERVER_NAME": None}


def _fresh_g() -> None:
    g.__dict__.clear()


@pytest.fixture
def app(app_config):  # noqa: ANN001
    """The application, inside an app context, on an empty database."""
    application = create_app(app_config)
    # Requests reuse this test's app context, so give each one a fresh ``g`` as in production
    # (otherwise the signed-in user of one request would leak into the next).
    application.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    with application.app_context():
        _reset_schema(app_config["DATABASE_URL"])
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def fresh_app(app):  # noqa: ANN001
    """An app whose requests commit for real, for tests that run requests concurrently.

    Tests of races (threads or processes sending requests at once) ask for this fixture, so
    the suite can wrap ordinary tests in a rolled-back transaction without breaking them.
    """
    return app


@pytest.fixture
def session(app):  # noqa: ANN001
    """The database session (the same one the views use)."""
    return db.session


@pytest.fixture
def client(app):  # noqa: ANN001
    """A test client."""
    return app.test_client()


@pytest.fixture
def login(client):  # noqa: ANN001
    """Sign ``user`` in on the test client (without spending time on password hashing)."""
    def _login(user, test_client=None):  # noqa: ANN001
        target = test_client or client
        key = make_sign_in(user=user)
        db.session.commit()  # the views roll back on a refused form; the sign-in must remain
        with target.session_transaction() as sess:
            sess["_user_id"] = key
            sess["_fresh"] = True
            sess["_seen"] = int(time.time())  # active now: staff sessions time out when idle
        return target
    return _login


@pytest.fixture
def count_queries(app):  # noqa: ANN001
    """Context manager collecting the SQL statements run inside it."""
    @contextmanager
    def _count():
        statements: list[str] = []

        def _record(conn, cursor, statement, *args):  # noqa: ANN001
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", _record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", _record)
    return _count
