"""``/healthz`` for load balancers and monitoring: the database answers ``SELECT 1`` and, when
``REDIS_URL`` is set, Redis answers ``PING``.

200 ``{"status": "ok", "checks": {"database": "ok", "redis": "ok"}}``, or 503 with
``"status": "failing"`` and each failed check marked ``"failed"`` (the reason goes to the log,
not to the caller). The answer is given by WSGI middleware before the app runs: no session,
no sign-in, no CSRF, no rate limit, and no host check, because load balancers probe servers
by their address (``Host: 10.0.0.5:8000``), which ``TRUSTED_HOSTS`` rightly refuses for pages.
The answer names no host and builds no URL, so it is safe for any host; it is never stored.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

import redis
from flask import Flask
from sqlalchemy import text
from werkzeug.wrappers import Response

from forum.db import db

PATH = "/healthz"
#: seconds Redis may take to connect and to answer, so a dead Redis fails the check quickly
REDIS_TIMEOUT = 2
HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
           "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'"}

log = logging.getLogger(__name__)


def check_database() -> None:
    """Run ``SELECT 1`` on a pooled connection (inside an app context)."""
    try:
        db.session.execute(text("SELECT 1"))
    finally:
        db.session.remove()


class HealthMiddleware:
    """WSGI middleware: answer ``GET``/``HEAD /healthz``, pass every other request on."""

    def __init__(self, app: Flask, wsgi_app: Any) -> None:
        self.app, self.wsgi_app = app, wsgi_app
        self._redis: redis.Redis | None = None

    def redis_client(self) -> redis.Redis | None:
        """The client for ``REDIS_URL`` (one pool per app), or None when Redis is not set."""
        url = self.app.config.get("REDIS_URL")
        if not url:
            return None
        if self._redis is None:
            self._redis = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT,
                                               socket_timeout=REDIS_TIMEOUT)
        return self._redis

    def checks(self) -> dict[str, str]:
        """Each check's result, ``ok`` or ``failed``."""
        results: dict[str, str] = {}
        with self.app.app_context():
            results["database"] = _outcome("database", check_database)
        client = self.redis_client()
        if client is not None:
            results["redis"] = _outcome("redis", client.ping)
        return results

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        """Answer the health check, or pass the request on."""
        if environ.get("PATH_INFO") != PATH:
            return self.wsgi_app(environ, start_response)
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            response = Response("Method not allowed.\n", status=405, mimetype="text/plain",
                                headers={**HEADERS, "Allow": "GET, HEAD"})
            return response(environ, start_response)
        results = self.checks()
        healthy = all(value == "ok" for value in results.values())
        body = json.dumps({"status": "ok" if healthy else "failing", "checks": results})
        response = Response(body, status=200 if healthy else 503, mimetype="application/json",
                            headers=HEADERS)
        return response(environ, start_response)


def _outcome(name: str, check: Any) -> str:
    try:
        check()
    except Exception as error:  # noqa: BLE001 - any failure means unhealthy, never a 500
        log.warning("Health check %s failed: %s: %s", name, type(error).__name__, error)
        return "failed"
    return "ok"


def init_app(app: Flask) -> None:
    """Answer ``/healthz`` outside the host check (call right after ``refuse_unknown_hosts``)."""
    app.wsgi_app = HealthMiddleware(app, app.wsgi_app)  # type: ignore[method-assign]
