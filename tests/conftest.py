"""Fixtures: one app per database for the whole run, each test in a rolled-back transaction.

- ``database``: every database test runs on SQLite, and on PostgreSQL when
  ``FORUM_TEST_DATABASE_URL`` is set. The schema is created once per run (per xdist worker:
  each worker has its own SQLite file and its own PostgreSQL database, ``<name>_gw0`` ...).
- ``app``: the application for ``app_config``, built once per distinct configuration and
  reused; inside its app context the test runs in a transaction on one connection, and the
  session (``db.session``, the one the views use) joins it with ``create_savepoint``: a
  ``commit()`` in a view or a test releases a SAVEPOINT, and everything is rolled back when the
  test ends. ``app.config``, ``g``, the outbox and the rate-limit counters start as built for
  every test (a test may change ``app.config`` freely).
- ``app_config``: override it in a module to change settings (CSRF on, limits on); the
  module then gets its own app, also built once and reused.
- ``@pytest.mark.own_app``: for tests that change the app itself (add a route): they get an
  app built for them alone, on the same database and in the same rolled-back transaction.
- ``fresh_app``: for tests that send requests from several threads, or need commits that other
  connections see. The same ``app``, ``session``, ``client`` and ``login`` fixtures then work on
  a separate database (``live.sqlite3``; on PostgreSQL ``<name>_live``) where commits are real;
  it is emptied before each such test.

``FORUM_TEST_REQUIRE`` (comma-separated: postgres, redis, browser) turns the skips of those
suites into failures; CI sets it so nothing that must run there can be skipped silently.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import event

from forum.db import db
from tests.apps import (PG_URL, activate, app_for, build, dispose_all, empty_live_database,
                        fresh_g, postgres_url, rolled_back)
from tests.factories import make_sign_in

_fresh_g = fresh_g  # the name tests.security.helpers imports

REQUIRED = {s.strip() for s in os.environ.get("FORUM_TEST_REQUIRE", "").split(",") if s.strip()}

#: a fixed "now" for tests that pass the clock explicitly
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def skip_or_fail(suite: str, reason: str) -> None:
    """Skip with ``reason``, or fail when ``suite`` is required here (CI)."""
    if suite in REQUIRED:
        pytest.fail(f"{suite} tests are required here but cannot run: {reason}")
    pytest.skip(reason)


# --- parallel runs -----------------------------------------------------------------------

#: Suites whose set-up is paid once per process that runs them (the browser suite: a gunicorn
#: server, the scenario's data and Chromium, about 10 s), each kept on one xdist worker by
#: ``--dist loadgroup`` (``make test``); every other test is handed out one by one. The first
#: prefix that matches wins. The browser suite is two groups of about the same length, the
#: page checks and the journeys, which the scheduler hands out first (largest first), so with
#: two workers each starts one; each worker then has its own server, data and Chromium.
WORKER_GROUPS = {
    "tests/browser/test_accessibility.py": "browser-pages",
    "tests/browser/test_keyboard.py": "browser-pages",
    "tests/browser/test_layout.py": "browser-pages",
    "tests/browser/": "browser-journeys",
}


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):  # noqa: ANN001, ANN201
    """``--dist loadgroup`` by path (``WORKER_GROUPS``): pytest-xdist 3.8 marks groups by
    renaming ``item._nodeid``, which pytest 9 no longer reads, so ``xdist_group`` marks are
    lost; the controller's scheduler sees node ids, which are enough to group by path."""
    if config.getvalue("dist") != "loadgroup":
        return None
    # imported here: pytest-xdist is only needed (and only loaded) for parallel runs
    from xdist.scheduler import LoadGroupScheduling

    class PathGroupScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            for prefix, group in WORKER_GROUPS.items():
                if nodeid.startswith(prefix):
                    return group
            return super()._split_scope(nodeid)

    return PathGroupScheduling(config, log)


# --- databases ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def _run_dir(tmp_path_factory) -> Path:  # noqa: ANN001
    """This run's (this worker's) folder for SQLite files and the instance folder."""
    return tmp_path_factory.mktemp("forum")


@pytest.fixture(scope="session")
def sqlite_database(_run_dir) -> str:  # noqa: ANN001
    """The SQLite database of this run (override ``database`` with it for SQLite-only modules)."""
    return f"sqlite:///{_run_dir / 'test.sqlite3'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, sqlite_database) -> str:  # noqa: ANN001
    """The database URL this test runs against."""
    if request.param == "sqlite":
        return sqlite_database
    if not PG_URL:
        skip_or_fail("postgres", "PostgreSQL tests skipped: set FORUM_TEST_DATABASE_URL "
                                 "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    return postgres_url()


@pytest.fixture
def app_config(database, _run_dir) -> dict:  # noqa: ANN001
    """Configuration for the test app; override in a module to change settings."""
    return {"TESTING": True, "DATABASE_URL": database, "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(_run_dir / "instance"), "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False, "SERVER_NAME": None, "JOBS_RUNNER": "manual"}


# --- the app and its transaction --------------------------------------------------------

@pytest.fixture
def app(request, app_config):  # noqa: ANN001
    """The application, inside a fresh app context, in a transaction rolled back at the end.

    With ``fresh_app`` among the test's fixtures: the same, but on the live database, where
    commits are real and other threads see them.
    """
    live = "fresh_app" in request.fixturenames
    own = request.node.get_closest_marker("own_app") is not None
    built = build(app_config, live) if own else app_for(app_config, live)
    activate(built)
    with built.app.app_context():
        try:
            if live:
                empty_live_database()
                try:
                    yield built.app
                finally:
                    db.session.remove()
                    # the connections the test's threads opened: none stays open idle
                    # between tests (PostgreSQL's 100 connections are shared by the workers)
                    db.engine.dispose()
            else:
                with rolled_back():
                    yield built.app
        finally:
            if own:
                db.engine.dispose()


@pytest.fixture(autouse=True, scope="session")
def _dispose_apps():  # noqa: PT004
    """Close the cached apps' database connections at the end of the run."""
    yield
    dispose_all()


@pytest.fixture
def fresh_app(app):  # noqa: ANN001
    """An app whose requests commit for real, for tests that run requests concurrently.

    Asking for it moves the test's ``app``, ``session``, ``client`` and ``login`` to the live
    database (emptied before the test), so threads and other connections see each commit.
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


_TRANSACTION_CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


@pytest.fixture
def count_queries(app):  # noqa: ANN001
    """Context manager collecting the SQL statements run inside it."""
    @contextmanager
    def _count():
        statements: list[str] = []

        def _record(conn, cursor, statement, *args):  # noqa: ANN001
            if not statement.startswith(_TRANSACTION_CONTROL):  # the suite's, not the app's
                statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", _record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", _record)
    return _count
