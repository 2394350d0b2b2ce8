"""Refuse requests addressed to a host name this site does not serve (``TRUSTED_HOSTS``).

Flask checks ``TRUSTED_HOSTS`` too, but only once the request is under way: before-request
hooks still run and no page can be rendered (URLs cannot be built for an untrusted host).
This middleware answers such requests with a plain 400 before any of the app runs. It sits
inside :class:`~werkzeug.middleware.proxy_fix.ProxyFix`, so behind trusted proxies the
forwarded host is the one checked.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Flask
from werkzeug.exceptions import SecurityError
from werkzeug.wrappers import Response
from werkzeug.wsgi import get_host

REFUSAL = "This site does not answer to that host name.\n"


class TrustedHostsMiddleware:
    """WSGI middleware: 400 for a ``Host`` not in the app's ``TRUSTED_HOSTS``."""

    def __init__(self, app: Flask, wsgi_app: Any):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        """Pass the request on, or refuse it when its host is not trusted."""
        trusted = self.app.config.get("TRUSTED_HOSTS")
        if trusted:
            try:
                get_host(environ, trusted)
            except SecurityError:
                response = Response(REFUSAL, status=400, mimetype="text/plain")
                response.headers["X-Content-Type-Options"] = "nosniff"
                response.headers["Cache-Control"] = "no-store"
                return response(environ, start_response)
        return self.wsgi_app(environ, start_response)


def refuse_unknown_hosts(app: Flask) -> None:
    """Install the host check (call before ``init_limiter`` adds ``ProxyFix`` around it)."""
    app.wsgi_app = TrustedHostsMiddleware(app, app.wsgi_app)  # type: ignore[method-assign]
