"""Anonymous reads from a read replica: the requests that may be served from a copy.

With ``FORUM_DATABASE_REPLICA_URL`` set, an anonymous ``GET`` or ``HEAD`` request (no
signed-in session, no API token) marks itself with ``g.read_replica``, and
:class:`forum.db.RoutingSession` runs its plain ``SELECT`` statements on the replica. Signed-in
people, every write and every other method stay on the primary, so nobody misses their own
change; an anonymous reader may see the site as it was the replica's lag ago (see
``docs/deploy.md``).
"""
from __future__ import annotations

from flask import Flask, g, request
from flask_login import current_user
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from forum.db import REPLICA
from forum.settings import engine_options

#: methods that only read
READ_METHODS = frozenset({"GET", "HEAD"})


def init_app(app: Flask) -> None:
    """Route anonymous reads to the replica when one is configured."""
    url = app.config.get("DATABASE_REPLICA_URL")
    if url:
        app.extensions[REPLICA] = create_engine(url, **engine_options(url, app.config))
        app.before_request(_mark_anonymous_read)


def engine_for(app: Flask) -> Engine | None:
    """The app's read replica's engine, or ``None`` without one."""
    return app.extensions.get(REPLICA)


def _mark_anonymous_read() -> None:
    """Mark a read by nobody in particular as one the replica may serve."""
    if (request.method in READ_METHODS and "Authorization" not in request.headers
            and not current_user.is_authenticated):
        g.read_replica = True
