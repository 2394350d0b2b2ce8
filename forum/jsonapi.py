"""JSON helpers every API endpoint uses: the endpoint preamble, body and field readers,
cursors and the author serialiser. A leaf: it imports no domain, so every domain may use it."""
from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import wraps
from typing import Any

from flask import request
from flask_login import current_user

from forum.db import db, utcnow
from forum.errors import DomainError, Invalid
from forum.i18n import _
from forum.inputs import NOT_JSON_MESSAGE, is_id, json_body, loads_checked, whole_number


class Unauthorized(DomainError):
    """No valid credentials (401)."""

    status = 401
    code = "unauthorized"


def require_user():
    """Return the signed-in user or raise 401."""
    if not current_user.is_authenticated:
        raise Unauthorized(_("Sign in (send a bearer token) to do this."))
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
            raise Invalid(_("“%(name)s” is required.", name=name), field=name)
        return None
    if not isinstance(value, str):
        raise Invalid(_("“%(name)s” must be a string.", name=name), field=name)
    return value


def id_field(data: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    """Read an id field; anything but a whole number from 1 up is a 422 naming the field."""
    value = data.get(name)
    if value is None:
        if required:
            raise Invalid(_("“%(name)s” is required.", name=name), field=name)
        return None
    if not is_id(value):
        raise Invalid(_("“%(name)s” must be an id: a whole number from 1.", name=name), field=name)
    return value


def int_arg(name: str, default: int, *, lo: int = 1, hi: int = 100) -> int:
    """Read an integer query argument within bounds."""
    raw = request.args.get(name)
    if raw is None:
        return default
    number = whole_number(raw)
    if number is None or not lo <= number <= hi:
        raise Invalid(_("“%(name)s” must be a whole number from %(lo)s to %(hi)s.",
                        name=name, lo=lo, hi=hi), field=name)
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
        raise Invalid(_("The cursor is not valid; start again without one."), field="cursor")
    return values


def decode_time_cursor(raw: str) -> tuple[datetime, int]:
    """Unpack a cursor of ``(an aware ISO time, an id)`` made by :func:`encode_cursor`, the
    time in UTC, or raise 422."""
    when, last_id = decode_cursor(raw, str, int)
    try:
        value = datetime.fromisoformat(when)
        if value.utcoffset() is None:
            raise ValueError(when)
        return value.astimezone(UTC), last_id
    except (ValueError, OverflowError):
        raise Invalid(_("The cursor is not valid; start again without one."),
                      field="cursor") from None


def author_json(user) -> dict[str, Any]:  # noqa: ANN001
    """The public view of a user."""
    return {"id": user.id, "display_name": user.display_name, "role": user.role.value}


@dataclass
class Call:
    """What an API endpoint is called with: who, when, and (read on first use) the JSON body."""

    actor: Any
    now: datetime
    _data: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def data(self) -> dict[str, Any]:
        """The request's JSON object (a 400 saying what to send when it is not one)."""
        if self._data is None:
            self._data = payload()
        return self._data


def endpoint(*, body: bool = False, status: int = 200, anonymous: bool = False) -> Callable:
    """Open an API endpoint that changes something, the one way.

    The signed-in user is required (401), the JSON body is read first when ``body`` is true
    (400 before anything else), the view gets a :class:`Call` as its first argument, and
    what it changed is committed once it returns; a domain error raised on the way rolls
    back (in :mod:`forum.errors`) and becomes the JSON error envelope. A view returning a
    plain dict is answered with ``status``. An ``anonymous`` endpoint (creating a token
    from a password) needs no signed-in user: ``call.actor`` is ``None``.
    """
    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            data = payload() if body else None
            call = Call(actor=None if anonymous else require_user(), now=utcnow(), _data=data)
            result = view(call, *args, **kwargs)
            db.session.commit()
            return (result, status) if isinstance(result, dict) else result
        return wrapper
    return decorate
