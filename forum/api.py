"""The ``/api/v1`` parent blueprint: bearer-token sign-in, CSRF for cookie sessions, JSON helpers.

Errors are turned into ``{"error": {"code", "message"}}`` by :mod:`forum.errors`.
"""
from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from flask import Blueprint, Flask, current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from forum.db import db, utcnow
from forum.errors import DomainError, Invalid, json_error
from forum.inputs import NOT_JSON_MESSAGE, is_id, json_body, loads_checked, whole_number

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class Unauthorized(DomainError):
    """No valid credentials (401)."""

    status = 401
    code = "unauthorized"


@bp.before_request
def _authenticate():
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, raw = header.partition(" ")
        from forum.accounts.services import find_token, note_token_use
        token = find_token(db.session, raw.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise Unauthorized("The bearer token is missing, malformed or revoked.")
        if note_token_use(db.session, token, now=utcnow()):
            # Read-only endpoints never commit, so the stamp is committed here, on its own,
            # before the view runs (as the sign-in records' last-seen time is).
            db.session.commit()
        user = token.user
        g._login_user = user
        g.token_auth = True
        from forum.security.sessions import check_token_user
        check_token_user(user)
        return None
    if request.method not in ("GET", "HEAD", "OPTIONS") and current_app.config["WTF_CSRF_ENABLED"] \
            and request.endpoint != "api.tokens.create" and current_user.is_authenticated:
        from forum.extensions import csrf
        csrf.protect()
    return None


@bp.errorhandler(CSRFError)
def _csrf_failed(error: CSRFError):
    return json_error(400, "csrf_failed",
                      "Cookie-authenticated API calls need an X-CSRFToken header; "
                      "or use a bearer token.")


def require_user():
    """Return the signed-in user or raise 401."""
    if not current_user.is_authenticated:
        raise Unauthorized("Sign in (send a bearer token) to do this.")
    return current_user._get_current_object()


def payload() -> dict[str, Any]:
    """Return the request's JSON object, or raise a 400 that says what to send."""
    data = json_body()
    if not isinstance(data, dict):
        raise DomainError(NOT_JSON_MESSAGE, code="bad_json")
    return data


def text_field(data: dict[str, Any], name: str, *, required: bool = True) -> str | None:
    """Read a string field; wrong types are a 422 naming the field."""
    value = data.get(name)
    if value is None:
        if required:
            raise Invalid(f"“{name}” is required.", field=name)
        return None
    if not isinstance(value, str):
        raise Invalid(f"“{name}” must be a string.", field=name)
    return value


def id_field(data: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    """Read an id field; anything but a whole number from 1 up is a 422 naming the field."""
    value = data.get(name)
    if value is None:
        if required:
            raise Invalid(f"“{name}” is required.", field=name)
        return None
    if not is_id(value):
        raise Invalid(f"“{name}” must be an id: a whole number from 1.", field=name)
    return value


def int_arg(name: str, default: int, *, lo: int = 1, hi: int = 100) -> int:
    """Read an integer query argument within bounds."""
    raw = request.args.get(name)
    if raw is None:
        return default
    number = whole_number(raw)
    if number is None or not lo <= number <= hi:
        raise Invalid(f"“{name}” must be a whole number from {lo} to {hi}.", field=name)
    return number


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with offset, or ``None``."""
    return value.isoformat() if value else None


def encode_cursor(*values: Any) -> str:
    """Pack sort-key values into an opaque cursor."""
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def decode_cursor(raw: str, *kinds: type) -> list[Any]:
    """Unpack a cursor made by :func:`encode_cursor` holding one value of each of ``kinds``
    (``int`` values are ids), or raise 422."""
    try:
        values = loads_checked(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (binascii.Error, ValueError):
        values = None
    if not isinstance(values, list) or len(values) != len(kinds) or not all(
            is_id(value) if kind is int else type(value) is kind
            for value, kind in zip(values, kinds, strict=True)):
        raise Invalid("The cursor is not valid; start again without one.", field="cursor")
    return values


def author_json(user) -> dict[str, Any]:  # noqa: ANN001
    """The public view of a user."""
    return {"id": user.id, "display_name": user.display_name, "role": user.role.value}


def register(app: Flask) -> None:
    """Attach the domain API blueprints under ``/api/v1``."""
    from forum.accounts.api import bp as accounts
    from forum.consultations.api import bp as consultations
    from forum.council.api import bp as council
    from forum.moderation.api import bp as moderation
    from forum.notifications.api import bp as notifications
    from forum.posts.api import bp as posts
    from forum.summaries.api import bp as summaries
    from forum.threads.api import bp as threads
    from forum.topics.api import bp as topics
    if not bp._blueprints:  # nest once per process; apps are created many times in tests
        for child in (accounts, topics, threads, posts, notifications, consultations, summaries,
                      council, moderation):
            bp.register_blueprint(child)
    app.register_blueprint(bp)
