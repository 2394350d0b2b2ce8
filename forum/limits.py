"""Rate limits (Flask-Limiter): Redis when ``FORUM_REDIS_URL`` is set, memory otherwise."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import HTTPException

from forum.errors import json_error, wants_json

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def init_limiter(app: Flask) -> None:
    """Bind the limiter to ``app`` with shared storage when Redis is configured."""
    redis_url = app.config.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "forum")
    limiter.init_app(app)


def _retry_after(error: HTTPException) -> str | None:
    response = getattr(error, "response", None)
    if response is not None and response.headers.get("Retry-After"):
        return response.headers["Retry-After"]
    return None


def render_rate_limited(error: HTTPException):
    """Answer 429: an API error, or a page that gives the user back what they typed."""
    retry = _retry_after(error) or "60"
    if wants_json():
        response, status = json_error(429, "rate_limited",
                                      f"Too many requests; try again in {retry} seconds.",
                                      retry_after=int(retry))
    else:
        kept = [(name, value) for name, value in request.form.items(multi=True)
                if name not in {"csrf_token", "password", "current_password", "new_password"}]
        response = render_template("errors/429.html", retry_after=retry, kept=kept,
                                   action=request.path)
        status = 429
    from flask import make_response
    response = make_response(response, status)
    response.headers["Retry-After"] = retry
    return response
