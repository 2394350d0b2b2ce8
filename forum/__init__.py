"""The civic forum: a deliberation forum for local government."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection

from forum import assets, errors, health, i18n, inputs, mail, models, replicas, web, writelock  # noqa: F401  (models: every table, for Alembic; mail: its job)
from forum.cli import register_cli
from forum.config import DEFAULTS
from forum.council.api import summary_response
from forum.db import db as database  # not ``db``: that name is the module forum.db
from forum.extensions import csrf, login_manager, migrate
from forum.hosts import refuse_unknown_hosts
from forum.jobs import on_commit, runner
from forum.limits import init_limiter
from forum.moderation import audit
from forum.notifications import handlers
from forum.posts import mentions, revisions
from forum.search import index as search_index
from forum.settings import check_settings, engine_options, read_verbatim
from forum.summaries.api import extend_summary_json

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, error handlers, CLI."""
    instance = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "FORUM_INSTANCE_PATH", str(ROOT / "instance"))
    app = Flask(__name__, instance_path=str(instance),
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    _configure(app, test_config)
    refuse_unknown_hosts(app)  # before init_limiter: its ProxyFix must wrap the host check
    health.init_app(app)  # /healthz answers before the host check
    assets.init_app(app)  # /static/ answers before the app: hashed URLs, a year's cache
    database.init_app(app)
    migrate.init_app(app, database, directory=str(Path(__file__).parent / "migrations"),
                     render_as_batch=True, compare_type=True)
    i18n.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    init_limiter(app)
    inputs.init_app(app)  # before any route: the routes use its ``id`` converter
    replicas.init_app(app)
    with app.app_context():
        for engine in (database.engine, replicas.engine_for(app)):
            if engine is not None:
                _tune_sqlite(engine)
    errors.register_error_handlers(app)
    web.init_app(app)
    register_cli(app)
    runner.start_on_first_request(app)  # the in-process runner's sweep of retries
    _connect_domains()
    return app


def _connect_domains() -> None:
    """Connect the domains that react to others: signal handlers and the summary's JSON.

    Signals are process-global and apps are built many times (tests), so each step is
    idempotent: connecting a handler again, or naming a JSON field again, changes nothing.
    """
    audit.subscribe()
    on_commit(runner.dispatch)
    revisions.subscribe()
    mentions.subscribe()
    handlers.subscribe()
    search_index.subscribe()
    extend_summary_json("response", summary_response)


def _configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_prefixed_env("FORUM")
    read_verbatim(app.config, os.environ)
    if test_config:
        app.config.from_mapping(test_config)
    check_settings(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'forum.sqlite3'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["DATABASE_URL"], app.config)
    production = app.config["ENV"] == "production"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    if production:
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)


def _instance_secret(instance: Path) -> str:
    """Read the development secret key from ``instance/``, generating it the first time."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _tune_sqlite(engine: Engine) -> None:
    """Foreign keys on, a busy timeout so concurrent writers wait, and writers taking turns
    (forum/writelock.py). On a file, the WAL journal, synced at checkpoints (``synchronous=
    NORMAL``, SQLite's advice for WAL): a commit survives the app's crash; a power cut may
    lose the last commits before a checkpoint, never the database's consistency."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: DBAPIConnection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        if ":memory:" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    event.listen(engine, "before_cursor_execute", writelock.before_execute)
