"""Machinery of the route-wide bad-input test: the routes, a tracking request that records
which arguments a handler reads, the world's objects for path arguments, and row counts."""
from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, Request
from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from werkzeug.datastructures import ImmutableMultiDict

from forum.db import db
from tests.security.authz_proposals_council import _proposal as answered_proposal
from tests.security.authz_routes import MATRIX

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
ROLES = ["admin", "moderator", "councillor", "citizen"]
_ARG = re.compile(r"<(?:[^<>:]+:)?([A-Za-z_]+)>")


def all_routes(app: Flask) -> list[tuple[str, str]]:
    """Every (method, rule) but static files."""
    return sorted({(method, rule.rule) for rule in app.url_map.iter_rules()
                   if rule.endpoint != "static" for method in rule.methods & METHODS})


class Reads:
    """Names a handler asked for, by source."""

    args: set[str] = set()
    form: set[str] = set()
    json: set[str] = set()
    source = "args"

    @classmethod
    def clear(cls) -> None:
        """Forget what the last request read."""
        cls.args, cls.form, cls.json = set(), set(), set()


class _TrackingDict(ImmutableMultiDict):
    def _note(self, key: object) -> None:
        if isinstance(key, str):
            getattr(Reads, self._source).add(key)

    def get(self, key, default=None, type=None):  # noqa: A002, ANN001, ANN201
        self._note(key)
        return super().get(key, default, type)

    def __getitem__(self, key):  # noqa: ANN001, ANN204
        self._note(key)
        return super().__getitem__(key)

    def getlist(self, key, type=None):  # noqa: A002, ANN001, ANN201
        self._note(key)
        return super().getlist(key, type)

    def __contains__(self, key) -> bool:  # noqa: ANN001
        self._note(key)
        return super().__contains__(key)


class _Args(_TrackingDict):
    _source = "args"


class _Form(_TrackingDict):
    _source = "form"


class _Json(dict):
    def get(self, key, default=None):  # noqa: ANN001, ANN201
        Reads.json.add(key)
        return super().get(key, default)

    def __getitem__(self, key):  # noqa: ANN001, ANN204
        Reads.json.add(key)
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:  # noqa: ANN001
        Reads.json.add(key)
        return super().__contains__(key)


class _Tracking:
    """Mixed into the app's request class: query, form and JSON record the names read."""

    @property
    def args(self):  # noqa: ANN201
        if "_tracked_args" not in self.__dict__:
            self.__dict__["_tracked_args"] = _Args(super().args)
        return self.__dict__["_tracked_args"]

    parameter_storage_class = _Form


def track(app: Flask) -> None:
    """Make ``app`` record the names each request reads."""
    base: type[Request] = app.request_class
    checked = base.json_module.fget(None)  # type: ignore[attr-defined]
    parse = checked.loads

    class TrackingJSON:
        dumps = staticmethod(checked.dumps)

        @staticmethod
        def loads(s, **kwargs):  # noqa: ANN001, ANN205
            value = parse(s, **kwargs)
            return _Json(value) if type(value) is dict else value

    app.request_class = type("TrackingRequest", (_Tracking, base), {
        "json_module": property(lambda self: TrackingJSON, lambda self, value: None)})


class Writes:
    """Whether a statement that may change rows ran since ``Writes.seen`` was last cleared."""

    seen = False


#: statements that change no rows (anything else, ``WITH`` included, counts as a write)
_READ_ONLY = ("SELECT", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "PRAGMA",
              "SHOW")


def track_writes(app: Flask) -> None:
    """Note in ``Writes`` every statement ``app`` runs that may change rows: a refused request
    that ran none cannot have changed the row counts, so they need not be counted again."""
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _note(_conn, _cursor, statement, *_args):  # noqa: ANN001, ANN202
        if not statement.lstrip().upper().startswith(_READ_ONLY):
            Writes.seen = True


def path_values(world) -> dict[str, Any]:  # noqa: ANN001
    """A valid value for each path argument name."""
    return {
        "thread_id": lambda: world.consultation.id, "post_id": lambda: world.post.id,
        "user_id": lambda: world.suspended_citizen.id,
        "summary_id": lambda: world.published_summary.id,
        "notification_id": lambda: world.notification.id, "appeal_id": lambda: world.appeal.id,
        "number": lambda: 1, "slug": lambda: world.topic.slug, "token": lambda: world.reset_token,
        "_slug": lambda: "x", "decision": lambda: "uphold", "filename": lambda: "x",
        "proposal_id": lambda: answered_proposal(world, "answered").id,
        "language": lambda: "cy",
    }


def build(rule: str, values: dict[str, Any]) -> str:
    """``rule`` with each argument replaced by ``values[name]`` (raw URL text)."""
    return _ARG.sub(lambda m: str(values[m.group(1)]), rule)


def valid_values(app: Flask, route: tuple[str, str], world) -> dict[str, Any]:  # noqa: ANN001
    """Values of the path arguments: those the authorisation matrix uses, else the world's."""
    method, rule = route
    call = MATRIX.get(route)
    if call is not None:
        url = call.url(world).split("?")[0]
        matched, values = app.url_map.bind("localhost").match(url, method=method,
                                                              return_rule=True)
        if matched.rule == rule:
            return dict(values)
    getters = path_values(world)
    return {name: getters[name]() for name in _ARG.findall(rule)}


def valid_body(route: tuple[str, str], world) -> tuple[bool, Any]:  # noqa: ANN001
    """(is the route JSON, the matrix's valid body or an empty one)."""
    api = route[1].startswith("/api/")
    call = MATRIX.get(route)
    if call is None:
        return api, {}
    built = (call.json(world) if call.json else None) if api else call.form(world)
    return api, built or {}


def acting_role(route: tuple[str, str]) -> str:
    """The most privileged role the matrix says reaches the handler (not refused with 401,
    403 or 404), else the owner of the objects acted on."""
    call = MATRIX.get(route)
    if call is None:
        return "admin"
    for role in ROLES:
        if call.expected(role) not in (401, 403, 404):
            return role
    return "owner"


def row_counts(connection: Connection) -> tuple[int, ...]:
    """Rows in every table, in one statement on ``connection`` (the test's transaction)."""
    tables = db.metadata.sorted_tables
    sql = "SELECT " + ", ".join(f'(SELECT count(*) FROM "{t.name}")' for t in tables)
    return tuple(connection.execute(text(sql)).one())


def json_text(value: Any) -> str:
    """``json.dumps`` that writes lone surrogates as escapes."""
    return json.dumps(value)
