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
import shutil
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask, g
from flask_sqlalchemy.session import Session as FlaskSession
from limits.storage import MemoryStorage
from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url

from forum import create_app
from forum.db import db
from forum.limits import limiter

PG_URL = os.environ.get("FORUM_TEST_DATABASE_URL")
REQUIRED = {s.strip() for s in os.environ.get("FORUM_TEST_REQUIRE", "").split(",") if s.strip()}
#: the xdist worker ("gw0", "gw1" ...), empty without xdist
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

#: a fixed "now" for tests that pass the clock explicitly
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def skip_or_fail(suite: str, reason: str) -> None:
    """Skip with ``reason``, or fail when ``suite`` is required here (CI)."""
    if suite in REQUIRED:
        pytest.fail(f"{suite} tests are required here but cannot run: {reason}")
    pytest.skip(reason)


def pytest_collection_modifyitems(items) -> None:  # noqa: ANN001
    """Under xdist, keep the browser suite on one worker (one server, one Chromium)."""
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))


# --- databases ---------------------------------------------------------------------------

_created_databases: set[str] = set()


def _postgres_url(suffix: str = "") -> str:
    """This worker's PostgreSQL database (``suffix`` names a sibling), created if missing."""
    from sqlalchemy import create_engine
    base = make_url(PG_URL)
    name = "_".join(part for part in (base.database, WORKER, suffix) if part)
    url = base.set(database=name).render_as_string(hide_password=False)
    if name != base.database and name not in _created_databases:
        maintenance = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with maintenance.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                  {"n": name}).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        maintenance.dispose()
    _created_databases.add(name)
    return url


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
    return _postgres_url()


@pytest.fixture
def app_config(database, _run_dir) -> dict:  # noqa: ANN001
    """Configuration for the test app; override in a module to change settings."""
    return {"TESTING": True, "DATABASE_URL": database, "SECRET_KEY": "test-secret",
            "INSTANCE_PATH": str(_run_dir / "instance"), "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False, "SERVER_NAME": None}


def _live_url(url: str) -> str:
    """The database where ``fresh_app`` commits for real, beside ``url``."""
    if url.startswith("sqlite"):
        return url.rsplit("/", 1)[0] + "/live.sqlite3"
    return _postgres_url("live")


# --- apps, built once per configuration --------------------------------------------------

class _Built:
    """An app with the limiter settings it was built with (the limiter is one per process)."""

    def __init__(self, application: Flask, live: bool) -> None:
        self.app = application
        self.live = live
        self.limiter_state = dict(vars(limiter))
        self.config = dict(application.config)


_apps: dict[tuple, _Built] = {}
_schemas: set[str] = set()


def _fresh_g() -> None:
    g.__dict__.clear()


def _sqlite_savepoints(engine: Engine) -> None:
    """Let pysqlite nest SAVEPOINTs: SQLAlchemy emits BEGIN itself (the documented recipe)."""
    @event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection, _record):  # noqa: ANN001
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(conn):  # noqa: ANN001
        conn.exec_driver_sql("BEGIN")


def _create_schema(url: str) -> None:
    """Create every table once per database and run (dropping what an older run left)."""
    if url in _schemas:
        return
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.create_all()
    _schemas.add(url)


def _build(config: dict, live: bool) -> _Built:
    url = _live_url(config["DATABASE_URL"]) if live else config["DATABASE_URL"]
    application = create_app({**config, "DATABASE_URL": url})
    # Requests reuse the test's app context, so give each one a fresh ``g`` as in production
    # (otherwise the signed-in user of one request would leak into the next).
    application.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    built = _Built(application, live)
    with application.app_context():
        if not live and db.engine.dialect.name == "sqlite":
            _sqlite_savepoints(db.engine)
        _create_schema(url)
        db.session.remove()
    return built


def _app_for(config: dict, live: bool) -> _Built:
    key = (live, tuple(sorted((name, repr(value)) for name, value in config.items())))
    if key not in _apps:
        _apps[key] = _build(config, live)
    return _apps[key]


def _activate(built: _Built) -> None:
    """Restore the app's settings (a test may change them); give the limiter this app's
    settings and empty counts; empty the outbox."""
    built.app.config.clear()
    built.app.config.update(built.config)
    vars(limiter).clear()
    vars(limiter).update(built.limiter_state)
    for value in built.limiter_state.values():
        if isinstance(value, MemoryStorage):
            value.reset()
    shutil.rmtree(Path(built.app.instance_path) / "outbox", ignore_errors=True)


def _empty_live_database() -> None:
    """Empty every table of the live database (SQLite: recreate them; the log refuses DELETE)."""
    db.session.remove()
    if db.engine.dialect.name == "sqlite":
        db.drop_all()
        db.create_all()
        return
    db.create_all()  # a test may have dropped tables (the migrations test does)
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


class _JoinedSession(FlaskSession):
    """Flask-SQLAlchemy's session, always on the test's connection (it would pick the engine)."""

    def get_bind(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return self.bind


@contextmanager
def _rolled_back():
    """Run the body in one transaction on one connection, rolled back at the end."""
    connection = db.engine.connect()
    transaction = connection.begin()
    shared_session = db.session
    db.session = db._make_scoped_session(
        {"class_": _JoinedSession, "bind": connection, "join_transaction_mode": "create_savepoint"})
    try:
        yield
    finally:
        db.session.remove()
        db.session = shared_session
        if transaction.is_active:
            transaction.rollback()
        connection.close()


@pytest.fixture
def app(request, app_config):  # noqa: ANN001
    """The application, inside a fresh app context, in a transaction rolled back at the end.

    With ``fresh_app`` among the test's fixtures: the same, but on the live database, where
    commits are real and other threads see them.
    """
    live = "fresh_app" in request.fixturenames
    own = request.node.get_closest_marker("own_app") is not None
    built = _build(app_config, live) if own else _app_for(app_config, live)
    _activate(built)
    with built.app.app_context():
        try:
            if live:
                _empty_live_database()
                try:
                    yield built.app
                finally:
                    db.session.remove()
            else:
                with _rolled_back():
                    yield built.app
        finally:
            if own:
                db.engine.dispose()


@pytest.fixture(autouse=True, scope="session")
def _dispose_apps():  # noqa: PT004
    """Close the cached apps' database connections at the end of the run."""
    yield
    for built in _apps.values():
        with built.app.app_context():
            db.engine.dispose()


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
        with target.session_transaction() as sess:
            sess["_user_id"] = user.get_id()
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
