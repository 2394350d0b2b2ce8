"""The machinery behind the fixtures: databases per run and worker, apps cached per
configuration, and the rolled-back transaction each test runs in (see ``tests/conftest.py``)."""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, g
from flask_sqlalchemy.session import Session as FlaskSession
from limits.storage import MemoryStorage
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from werkzeug.security import generate_password_hash as werkzeug_password_hash

from forum import create_app
from forum.accounts import models as account_models
from forum.db import db
from forum.limits import limiter_for

PG_URL = os.environ.get("FORUM_TEST_DATABASE_URL")
#: the xdist worker ("gw0", "gw1" ...), empty without xdist
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

_created_databases: set[str] = set()

#: Werkzeug's scrypt at N=2**10 rather than its default 2**15: 2 ms a hash instead of about
#: 75 ms, and the suite hashes and checks thousands of passwords (every registration, sign-in
#: form, password change and unknown-email sign-in). Same algorithm and format; the production
#: cost is checked by ``tests/core/test_accounts.py``.
TEST_PASSWORD_METHOD = "scrypt:1024:8:1"


def _test_password_hash(password: str, method: str = "scrypt", salt_length: int = 16) -> str:
    """``generate_password_hash`` for the suite: the app's algorithm at the test cost."""
    assert method == "scrypt", f"the app now hashes with {method!r}: update TEST_PASSWORD_METHOD"
    return werkzeug_password_hash(password, method=TEST_PASSWORD_METHOD, salt_length=salt_length)


account_models.generate_password_hash = _test_password_hash  # type: ignore[assignment]


def postgres_url(suffix: str = "") -> str:
    """This worker's PostgreSQL database (``suffix`` names a sibling), created if missing."""
    base = make_url(PG_URL)
    name = "_".join(part for part in (base.database, WORKER, suffix) if part)
    if name != base.database and name not in _created_databases:
        maintenance = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with maintenance.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                  {"n": name}).scalar()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        maintenance.dispose()
    _created_databases.add(name)
    return base.set(database=name).render_as_string(hide_password=False)


def live_url(url: str) -> str:
    """The database where ``fresh_app`` commits for real, beside ``url``."""
    if url.startswith("sqlite"):
        return url.rsplit("/", 1)[0] + "/live.sqlite3"
    return postgres_url("live")


class Built:
    """An app with the settings it was built with."""

    def __init__(self, application: Flask) -> None:
        self.app = application
        self.config = dict(application.config)


_apps: dict[tuple, Built] = {}
_schemas: set[str] = set()


def fresh_g() -> None:
    """Clear ``g`` (installed as the first ``before_request`` of every test app)."""
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


def build(config: dict, live: bool) -> Built:
    """A new app for ``config`` (on the live database if ``live``), its schema in place."""
    url = live_url(config["DATABASE_URL"]) if live else config["DATABASE_URL"]
    application = create_app({**config, "DATABASE_URL": url})
    # Requests reuse the test's app context, so give each one a fresh ``g`` as in production
    # (otherwise the signed-in user of one request would leak into the next).
    application.before_request_funcs.setdefault(None, []).insert(0, fresh_g)
    built = Built(application)
    with application.app_context():
        if not live and db.engine.dialect.name == "sqlite":
            _sqlite_savepoints(db.engine)
        _create_schema(url)
        db.session.remove()
    return built


def app_for(config: dict, live: bool) -> Built:
    """The app for ``config``, built on first use and reused for the rest of the run."""
    key = (live, tuple(sorted((name, repr(value)) for name, value in config.items())))
    if key not in _apps:
        _apps[key] = build(config, live)
    return _apps[key]


def activate(built: Built) -> None:
    """Restore the app's settings (a test may change them); empty its limiter's counts in
    memory; empty the outbox."""
    built.app.config.clear()
    built.app.config.update(built.config)
    for value in vars(limiter_for(built.app)).values():
        if isinstance(value, MemoryStorage):
            value.reset()
    shutil.rmtree(Path(built.app.instance_path) / "outbox", ignore_errors=True)
    # each test's database starts again from the same numbers, so no page kept by another
    # test may be shown
    built.app.extensions.pop("forum_page_cache", None)
    built.app.extensions.pop("forum_coverage_figures", None)


def empty_live_database() -> None:
    """Empty every table of the live database (SQLite: recreate them; the log refuses DELETE)."""
    db.session.remove()
    if db.engine.dialect.name == "sqlite":
        db.drop_all()
        db.create_all()
        return
    db.create_all()  # a test may have dropped tables (the migrations test does)
    # site_version keeps its one row (the kept pages of the test before were emptied)
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables
                       if t.name != "site_version")
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


class _JoinedSession(FlaskSession):
    """Flask-SQLAlchemy's session, always on the test's connection (it would pick the engine)."""

    def get_bind(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201
        return self.bind


@contextmanager
def rolled_back() -> Iterator[Connection]:
    """Run the body in one transaction on one connection (yielded), rolled back at the end;
    the session joins it, so its commits release SAVEPOINTs."""
    connection = db.engine.connect()
    transaction = connection.begin()
    if connection.dialect.name == "postgresql":
        # the kept pages' triggers wait for the commit, which this transaction never reaches
        connection.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
    shared_session = db.session
    db.session = db._make_scoped_session(
        {"class_": _JoinedSession, "bind": connection, "join_transaction_mode": "create_savepoint"})
    try:
        yield connection
    finally:
        db.session.remove()
        db.session = shared_session
        if transaction.is_active:
            transaction.rollback()
        connection.close()


def dispose_all() -> None:
    """Close the database connections of every cached app."""
    for built in _apps.values():
        with built.app.app_context():
            db.engine.dispose()
