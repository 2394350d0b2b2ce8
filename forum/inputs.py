"""Guards on what a request may carry: ids, page numbers, JSON and text, checked once here.

A leaf module: it imports no domain, so views, the API and the limiter all use it.
"""
from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from flask import Flask, Request, request
from werkzeug.routing import BaseConverter, ValidationError

from forum.errors import DomainError
from forum.i18n import _, _l

#: the largest id a path or a JSON body may name: the top of a 32-bit integer column, which
#: both SQLite and PostgreSQL store (an over-range id is simply not found)
MAX_ID = 2**31 - 1
#: the highest page number any list serves; larger numbers show this page
MAX_PAGE = 10_000
#: how deeply JSON arrays and objects may nest
MAX_JSON_DEPTH = 32
#: the years a date typed or sent may fall in (beyond them, time-zone arithmetic overflows)
FIRST_YEAR, LAST_YEAR = 1900, 2999

#: form fields never echoed back into a page
SECRET_FIELDS = frozenset({"csrf_token", "password", "current_password", "new_password",
                           "password_confirm", "code"})
#: what the control-character page calls each field it shows again (one name may serve
#: several forms, so these are the general words); fields not named here are plumbing
#: (``version``, ``parent_id``, ``next``) and are not shown
KEPT_LABELS = {
    "title": _l("Title"),
    "body": _l("Your text"),
    "stance": _l("Your position"),
    "reason": _l("Reason"),
    "statement": _l("Your statement"),
    "description": _l("Description"),
    "question": _l("Question"),
    "text": _l("Details"),
    "display_name": _l("Display name"),
    "email": _l("Email address"),
    "slug": _l("Address (slug)"),
    "decision": _l("Decision"),
}

_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
#: C0 control characters but tab, line feed and carriage return (NUL cannot be stored in
#: PostgreSQL text, and none of these belong in what people write)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

CONTROL_MESSAGE = _l("The text you sent contains a control character (such as a NUL byte) "
                     "that cannot be stored. Remove it and send the text again.")
SURROGATE_MESSAGE = _l("The JSON you sent contains a lone surrogate (such as \\ud800), which "
                       "is not a character. Send text as UTF-8.")
NOT_JSON_MESSAGE = _l("Send a JSON object with Content-Type: application/json.")
INVALID_JSON_MESSAGE = _l("The body is not valid JSON. Send a JSON object with "
                          "Content-Type: application/json.")


def depth_message() -> str:
    """Say how deep JSON may nest."""
    return _("The JSON you sent is nested too deeply: at most %(depth)d levels of arrays and "
             "objects are read.", depth=MAX_JSON_DEPTH)


class BadText(DomainError):
    """A request carries characters no field may hold (400); ``kept`` is what was typed, as
    ``(label, text)`` (control characters removed, only fields in :data:`KEPT_LABELS`)."""

    status = 400
    code = "bad_text"

    def __init__(self, message: str, *, field: str | None = None,
                 kept: list[tuple[str, str]] | None = None):
        super().__init__(message, field=field)
        self.kept = kept or []


class BadJSON(ValueError):
    """JSON that parses but may not be used; its message says why."""


class IdConverter(BaseConverter):
    """``<id:name>``: a positive id up to :data:`MAX_ID`, else the route does not match (404)."""

    regex = r"[1-9][0-9]{0,9}"
    part_isolating = True

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValidationError()
        return number

    def to_url(self, value: Any) -> str:
        return str(int(value))


def whole_number(raw: str | None) -> int | None:
    """Read ASCII digits (at most nine) as an int; anything else is ``None``."""
    if raw is None or not _WHOLE_NUMBER.fullmatch(raw):
        return None
    return int(raw)


def page_arg(name: str = "page") -> int:
    """The page asked for: 1 unless the argument is a positive whole number, at most
    :data:`MAX_PAGE`."""
    number = whole_number(request.args.get(name))
    return min(number, MAX_PAGE) if number else 1


def is_id(value: object) -> bool:
    """Tell whether a JSON value can name a row: an integer (not a boolean) in range."""
    return type(value) is int and 1 <= value <= MAX_ID


def is_real_date(value: date) -> bool:
    """Tell whether a date (or date-time) falls in the years :data:`FIRST_YEAR` to
    :data:`LAST_YEAR`."""
    return FIRST_YEAR <= value.year <= LAST_YEAR


def has_control(text: str) -> bool:
    """Tell whether ``text`` holds a character that no field may store."""
    return _CONTROL.search(text) is not None


def _check_json(value: Any) -> None:
    """Refuse deep nesting, lone surrogates and control characters, without recursion."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise BadJSON(str(SURROGATE_MESSAGE))
            if has_control(item):
                raise BadJSON(str(CONTROL_MESSAGE))
        elif isinstance(item, (list, dict)):
            if depth >= MAX_JSON_DEPTH:
                raise BadJSON(depth_message())
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def loads_checked(data: str | bytes, **kwargs: Any) -> Any:
    """``json.loads`` that raises :class:`BadJSON` (a ValueError) instead of RecursionError,
    and for values no field may hold."""
    try:
        value = json.loads(data, **kwargs)
    except RecursionError:
        raise BadJSON(depth_message()) from None
    _check_json(value)
    return value


class _CheckedJSON:
    """What requests parse their JSON bodies with (responses keep Flask's own)."""

    loads = staticmethod(loads_checked)
    dumps = staticmethod(json.dumps)


class CheckedRequest(Request):
    """Flask's request, whose ``get_json`` reads with :func:`loads_checked`; with
    ``silent=True`` (as the sign-in limiter asks) refused JSON is simply ``None``."""

    @property
    def json_module(self) -> type[_CheckedJSON]:  # type: ignore[override]
        return _CheckedJSON

    @json_module.setter
    def json_module(self, value: Any) -> None:
        """Ignore Flask setting ``app.json`` on each request: bodies stay checked."""


def json_body() -> Any:
    """The request's JSON, or a 400 ``bad_json`` saying what is wrong with it."""
    if not request.is_json:
        raise DomainError(NOT_JSON_MESSAGE, code="bad_json")
    try:
        return request.json_module.loads(request.get_data(cache=True))
    except BadJSON as error:
        raise DomainError(str(error), code="bad_json") from None
    except ValueError:
        raise DomainError(INVALID_JSON_MESSAGE, code="bad_json") from None


def refuse_control_characters() -> None:
    """Answer 400 when the query, the form or a path argument holds a control character."""
    texts = [*request.args.items(multi=True), *request.form.items(multi=True)]
    texts += [(k, v) for k, v in (request.view_args or {}).items() if isinstance(v, str)]
    for key, value in texts:
        if has_control(key) or has_control(value):
            # a sign-in carries what was typed before it as ``kept-<field>``
            named = ((k.removeprefix("kept-"), v) for k, v in request.form.items(multi=True))
            kept = [(str(KEPT_LABELS[k]), _CONTROL.sub("", v)) for k, v in named
                    if k in KEPT_LABELS and v]
            raise BadText(CONTROL_MESSAGE, field=key if not has_control(key) else None,
                          kept=kept)


def init_app(app: Flask) -> None:
    """Install the ``id`` converter, the checked JSON reader and the text check."""
    app.url_map.converters["id"] = IdConverter
    app.request_class = CheckedRequest
    app.before_request(refuse_control_characters)
