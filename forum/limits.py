"""Rate limits (Flask-Limiter): Redis when ``FORUM_REDIS_URL`` is set, memory otherwise.

Several app servers share one Redis, so a limit holds across all of them. The limit
values are settings (``LIMIT_*`` in :mod:`forum.config`), read on every request.

Shared limit objects, applied as view decorators (stack them under the route decorator)::

    @bp.route("/posts/<id:post_id>/flag", methods=["POST"])
    @login_required
    @flag_limit
    def flag(post_id): ...

- :data:`post_limit`: posts (arguments and replies) per user; tighter for new accounts.
- :data:`flag_limit`: flags per user.
- :func:`sign_in_limits`: failed sign-ins per account and per IP address.
- :data:`register_limit`: accounts created per IP address.
- :func:`reset_limits`: password-reset emails per IP address and per email address.
- :data:`code_limit`: wrong second-factor codes per signing-in account.

Limits that protect content (posts, flags, registrations, reset emails) count only requests
that succeed; sign-in limits count only failures. Over a limit the request is answered 429
with ``Retry-After``: a page that gives back the user's text, or the API error ``rate_limited``.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, make_response, render_template, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from forum.accounts.emails import lookup_email
from forum.errors import json_error, wants_json

F = TypeVar("F", bound=Callable)

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)


def init_limiter(app: Flask) -> None:
    """Bind the limiter to ``app`` with shared storage when Redis is configured."""
    redis_url = app.config.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("RATELIMIT_KEY_PREFIX", "forum")
    # A Redis outage must not take the forum down: limits then fall back to memory.
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:  # behind a load balancer, the client address is in X-Forwarded-For
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,  # type: ignore
                                x_host=proxies)
    # The limiter is one object per process (the decorators below need it at import time);
    # forget what a previous app (in tests, the previous test) configured.
    limiter._key_prefix = app.config["RATELIMIT_KEY_PREFIX"]
    limiter._swallow_errors = None
    limiter._strategy = None
    limiter._storage_dead = False
    limiter.init_app(app)


# --- keys -------------------------------------------------------------------------------

def ip_key() -> str:
    """The client's address."""
    return get_remote_address() or "unknown"


def user_key() -> str:
    """The signed-in user (session or bearer token), else the client's address."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"ip:{ip_key()}"


def _digest(value: str) -> str:
    """Keep email addresses out of the limit store."""
    return hashlib.sha256(value.encode()).hexdigest()[:24]


def account_key() -> str:
    """The account being signed in to (the email in the form or JSON body)."""
    email = request.form.get("email")
    if email is None:
        data = request.get_json(silent=True)
        email = data.get("email") if isinstance(data, dict) else None
    email = email if isinstance(email, str) else ""
    return f"account:{_digest(lookup_email(email) or email.strip().lower())}"


def pending_sign_in_key() -> str:
    """The account waiting for its second-factor code (kept in the session)."""
    pending = session.get("two_factor") or {}
    return f"pending:{pending.get('uid', ip_key())}"


# --- when to count -----------------------------------------------------------------------

def _failed(response) -> bool:  # noqa: ANN001
    return response.status_code == 401


def _succeeded(response) -> bool:  # noqa: ANN001
    return response.status_code < 400


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _post_limit_value() -> str:
    from forum.accounts.rules import is_new_account
    from forum.db import utcnow
    if current_user.is_authenticated and is_new_account(current_user, utcnow()):
        return current_app.config["LIMIT_POSTS_NEW_ACCOUNT"]
    return current_app.config["LIMIT_POSTS"]


# --- the shared limits -------------------------------------------------------------------

#: posts (arguments, replies, API create-post) per user; new accounts get LIMIT_POSTS_NEW_ACCOUNT
post_limit = limiter.shared_limit(_post_limit_value, scope="posts", key_func=user_key,
                                  methods=["POST"], deduct_when=_succeeded)

#: flags per user
flag_limit = limiter.shared_limit(_setting("LIMIT_FLAGS"), scope="flags", key_func=user_key,
                                  methods=["POST", "PUT"], deduct_when=_succeeded)

#: accounts created per IP address
register_limit = limiter.shared_limit(_setting("LIMIT_REGISTER_IP"), scope="register",
                                      key_func=ip_key, methods=["POST"], deduct_when=_succeeded)

#: wrong second-factor codes per account waiting for its code
code_limit = limiter.shared_limit(_setting("LIMIT_TWO_FACTOR"), scope="two-factor",
                                  key_func=pending_sign_in_key, methods=["POST"],
                                  deduct_when=_failed)

_sign_in_ip = limiter.shared_limit(_setting("LIMIT_SIGN_IN_IP"), scope="sign-in-ip",
                                   key_func=ip_key, methods=["POST"], deduct_when=_failed)
_sign_in_account = limiter.shared_limit(_setting("LIMIT_SIGN_IN_ACCOUNT"),
                                        scope="sign-in-account", key_func=account_key,
                                        methods=["POST"], deduct_when=_failed)
_reset_ip = limiter.shared_limit(_setting("LIMIT_PASSWORD_RESET"), scope="reset-ip",
                                 key_func=ip_key, methods=["POST"], deduct_when=_succeeded)
_reset_account = limiter.shared_limit(_setting("LIMIT_PASSWORD_RESET"), scope="reset-account",
                                      key_func=account_key, methods=["POST"],
                                      deduct_when=_succeeded)


def sign_in_limits(view: F) -> F:
    """Limit failed sign-ins (answered 401) per account and per IP address."""
    return _sign_in_ip(_sign_in_account(view))


def reset_limits(view: F) -> F:
    """Limit password-reset emails per IP address and per email address."""
    return _reset_ip(_reset_account(view))


# --- the answer over a limit -------------------------------------------------------------

def retry_after_seconds() -> int:
    """Seconds until the limit hit by this request resets (at least 1)."""
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, int(current.reset_at - time.time()))


def render_rate_limited(error: HTTPException):
    """Answer 429: an API error, or a page that gives the user back what they typed."""
    from forum.web import SECRET_FIELDS
    retry = retry_after_seconds()
    if wants_json():
        response = make_response(json_error(
            429, "rate_limited", f"Too many requests; try again in {retry} seconds.",
            retry_after=retry))
    else:
        kept = [(name, value) for name, value in request.form.items(multi=True)
                if name not in SECRET_FIELDS and name.removeprefix("kept-") not in SECRET_FIELDS]
        response = make_response(render_template("errors/429.html", retry_after=retry,
                                                 kept=kept, action=request.path), 429)
    response.headers["Retry-After"] = str(retry)
    return response
