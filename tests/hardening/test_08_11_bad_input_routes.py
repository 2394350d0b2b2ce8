"""Every route and method of the app, fed hostile input, answers below 500 and writes nothing
when it refuses.

The routes come from ``app.url_map``, so a new route is covered without anyone listing it.
Each test item is one route: a first, valid request (the authorisation matrix's body, or
none) records which query, form and JSON names the handler reads; then every path argument,
every name read and the cookies get each value of :mod:`tests.hardening.bad_input_corpus`,
as an anonymous visitor and as the role that reaches the handler. Row counts of every table
are compared around each refused request. Each request runs in a SAVEPOINT rolled back after
it, so every request finds the world as it was built, whatever the one before it did.
"""
from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from sqlalchemy import text

from forum import create_app
from forum.db import db
from forum.deferred import wait_for_tasks
from tests import conftest
from tests.apps import build as build_app
from tests.apps import postgres_url, rolled_back
from tests.factories import bearer, make_sign_in
from tests.hardening import bad_input_corpus as corpus
from tests.hardening.bad_input_harness import (
    Reads, Writes, acting_role, all_routes, build, json_text, row_counts, track, track_writes,
    valid_body, valid_values)
from tests.security.authz_world import World
from tests.security.helpers import make_actor

with tempfile.TemporaryDirectory() as _tmp:
    _probe = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "x",
                         "INSTANCE_PATH": _tmp, "RATELIMIT_ENABLED": False})
    ROUTES = all_routes(_probe)
    with _probe.app_context():
        db.engine.dispose()
    del _probe

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
#: what the run cost, printed at the end of each database's run (see it with ``-s``)
TIMINGS: dict[str, float] = {}
STATS = {"setups": 0, "setup_s": 0.0, "sent": 0, "counted": 0}


def _hostile_app(url: str, instance: Path):  # noqa: ANN202
    """An app on ``url`` whose jobs wait to be run by hand, so no thread shares the test's
    connection."""
    return build_app({
        "TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test-secret",
        "INSTANCE_PATH": str(instance), "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None, "JOBS_RUNNER": "manual"}, live=False).app


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def hostile_app(request, sqlite_database, _run_dir):  # noqa: ANN001
    """One app per database for every route, on the run's database and schema."""
    if request.param == "sqlite":
        url = sqlite_database
    else:
        if not conftest.PG_URL:
            conftest.skip_or_fail("postgres", "PostgreSQL tests skipped: set "
                                              "FORUM_TEST_DATABASE_URL")
        url = postgres_url()
    application = _hostile_app(url, _run_dir / "hostile")
    track(application)
    track_writes(application)
    with application.app_context():
        STATS.update(setups=0, setup_s=0.0, sent=0, counted=0)
        started = time.monotonic()
        yield application
        TIMINGS[request.param] = time.monotonic() - started
        print(f"\nbad-input routes on {request.param}: {STATS}, {TIMINGS[request.param]:.0f} s")
        db.session.remove()
        db.engine.dispose()


class Batch:
    """The requests of one route, as one actor, each on the same world.

    The world is built inside the test's transaction (``rolled_back``) and every request
    runs inside a SAVEPOINT of its own that is rolled back after it: each request finds the
    world as built, whatever the one before it changed, and nothing is left for the next
    route.
    """

    def __init__(self, app, connection, route: tuple[str, str],  # noqa: ANN001
                 actor: str) -> None:
        self.app, self.connection, self.route, self.actor = app, connection, route, actor
        self.failures: list[str] = []
        self.sent = 0
        self.setup()

    def setup(self) -> None:
        """Build the world and the actor's credentials; count the rows."""
        started = time.monotonic()
        STATS["setups"] += 1
        session = db.session
        user = make_actor(session, self.actor) if self.actor not in ("anonymous", "owner") \
            else None
        world = World(session, user)
        if self.actor == "owner":
            user = world.citizen
        self.values = valid_values(self.app, self.route, world)
        self.api, self.body = valid_body(self.route, world)
        self.headers: dict[str, str] = {}
        if user is not None and self.api:
            self.headers = bearer(user, session)
        key = make_sign_in(session, user=user) if user is not None else None
        session.commit()
        self.user_id = key
        self.sign_in()
        db.session.remove()
        self.counts = row_counts(self.connection)
        STATS["setup_s"] += time.monotonic() - started

    def sign_in(self) -> None:
        """A new client, holding the actor's sign-in (as after ``setup``)."""
        self.client = self.app.test_client()
        if self.user_id is not None and not self.api:
            with self.client.session_transaction() as sess:
                sess["_user_id"] = self.user_id
                sess["_fresh"] = True
                sess["_seen"] = int(time.time())

    def send(self, what: str, *, path: dict[str, Any] | None = None, query: str = "",
             body: Any = None, raw: str | None = None, cookie: str | None = None) -> None:
        """Send one request and check the answer."""
        method, rule = self.route
        url = build(rule, {**self.values, **(path or {})}) + (f"?{query}" if query else "")
        kwargs: dict[str, Any] = {"headers": dict(self.headers)}
        if cookie is not None:
            kwargs["headers"]["Cookie"] = cookie
        if method != "GET":
            if raw is not None:
                kwargs["data"] = raw.encode("latin-1", "replace") if self.api else raw
                kwargs["content_type"] = "application/json" if self.api else \
                    "application/x-www-form-urlencoded"
            elif self.api:
                kwargs["data"] = json_text(self.body if body is None else body)
                kwargs["content_type"] = "application/json"
            else:
                fields = self.body if body is None else body
                kwargs["data"] = "&".join(
                    f"{quote(str(k))}={v if body is not None else quote(str(v))}"
                    for k, v in fields.items())
                kwargs["content_type"] = "application/x-www-form-urlencoded"
        Reads.clear()
        Writes.seen = False
        STATS["sent"] += 1
        savepoint = self.connection.begin_nested()
        try:
            response = self.client.open(url, method=method, **kwargs)
            response.close()
            wait_for_tasks()  # work after the response runs on this connection too
            db.session.remove()  # as at the end of a request: uncommitted work is undone
            self.sent += 1
            status = response.status_code
            label = f"{method} {url[:120]} as {self.actor} ({what}): {status}"
            if status >= 500:
                self.failures.append(label)
            if status < 400 and method in STATE_CHANGING:
                self.sign_in()  # it may have signed the actor out or in as someone else
            elif status >= 400 and Writes.seen:  # only SELECTs ran: no row can have changed
                STATS["counted"] += 1
                if row_counts(self.connection) != self.counts:
                    self.failures.append(label + " but rows changed")
        finally:
            savepoint.rollback()  # the next request finds the world as built

    def form_values(self, name: str, value: str) -> dict[str, str]:
        """The valid form body (quoted) with ``name`` set to the raw ``value``."""
        fields = {k: quote(str(v)) for k, v in self.body.items()}
        fields[name] = value
        return fields


def _paths(batch: Batch) -> None:
    for name in sorted(set(batch.values) - {"_slug", "filename"}):
        kind = corpus.PATH_IDS if isinstance(batch.values[name], int) else corpus.PATH_TEXT
        for value in kind:
            batch.send(f"path {name}", path={name: value})


def _run_detailed(batch: Batch) -> None:
    """Each name the handler reads, one at a time, with every value of its kind."""
    method = batch.route[0]
    batch.send("valid")
    read_args, read_form, read_json = set(Reads.args), set(Reads.form), set(Reads.json)
    read_args |= {"page", "cursor", "q"} if method == "GET" else set()
    _paths(batch)
    for name in sorted(read_args):
        values = corpus.QUERY + (corpus.CURSORS if name == "cursor" else [])
        for value in values:
            batch.send(f"query {name}", query=f"{name}={value}")
    if method in STATE_CHANGING and batch.api:
        for name in sorted(read_json | set(batch.body)):
            for value in corpus.JSON_VALUES:
                batch.send(f"json {name}", body={**batch.body, name: value})
        for raw in corpus.JSON_BODIES:
            batch.send("json body", raw=raw)
    elif method in STATE_CHANGING:
        for name in sorted((read_form | set(batch.body)) - {"csrf_token"}):
            for value in corpus.FORM:
                batch.send(f"form {name}", body=batch.form_values(name, value))
    for cookie in corpus.COOKIES:
        batch.send("cookie", cookie=cookie)


def _run_anonymous(batch: Batch) -> None:
    """Fewer values, each sent in every name at once: most handlers refuse a visitor early."""
    method = batch.route[0]
    batch.send("valid")
    names = set(Reads.args) | {"page", "cursor", "q"}
    fields = (set(Reads.json) if batch.api else set(Reads.form)) | set(batch.body)
    _paths(batch)
    for value in corpus.ANONYMOUS:
        batch.send("query", query="&".join(f"{name}={value}" for name in sorted(names)))
        if method in STATE_CHANGING and not batch.api:
            batch.send("form", body={name: value for name in fields})
    if method in STATE_CHANGING and batch.api:
        batch.send("json", body={name: "a\x00b" for name in fields})
        batch.send("json body", raw=corpus.JSON_BODIES[0])
    batch.send("cookie", cookie=corpus.COOKIES[0])


@pytest.mark.parametrize("route", ROUTES, ids=[f"{m} {r}" for m, r in ROUTES])
def test_08_11_route_survives_hostile_input(hostile_app, route):  # noqa: ANN001
    failures: list[str] = []
    for actor in ("anonymous", acting_role(route)):
        with rolled_back() as connection:
            batch = Batch(hostile_app, connection, route, actor)
            (_run_anonymous if actor == "anonymous" else _run_detailed)(batch)
        failures += batch.failures
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"


def test_08_11_every_route_is_covered():
    assert len(ROUTES) > 100, "the routes were not read from the URL map"


def test_08_11_a_write_is_noticed_and_a_read_is_not(hostile_app):  # noqa: ANN001
    """Row counts are compared after a refused request only if it ran a write: the tracker
    must see every write the app's engine runs."""
    with rolled_back():
        Writes.seen = False
        db.session.execute(text("SELECT count(*) FROM users"))
        assert not Writes.seen
        make_actor(db.session, "citizen")  # an INSERT through the ORM
        assert Writes.seen
        Writes.seen = False
        db.session.execute(text("UPDATE users SET display_name = display_name"))
        assert Writes.seen


def test_08_11_a_refused_write_is_caught_and_undone(sqlite_database, _run_dir):  # noqa: ANN001
    """A request that commits a row and then refuses is reported, and the row is gone before
    the next request; a 500 is reported too."""
    application = _hostile_app(sqlite_database, _run_dir / "hostile-check")

    @application.post("/writes-then-refuses")
    def _writes_then_refuses():  # noqa: ANN202
        make_actor(db.session, "citizen")
        db.session.commit()
        return "Refused.", 400

    @application.get("/fails")
    def _fails():  # noqa: ANN202
        raise RuntimeError("a bug")

    track_writes(application)
    with application.app_context():
        with rolled_back() as connection:
            batch = Batch(application, connection, ("POST", "/writes-then-refuses"), "anonymous")
            batch.send("first")
            batch.send("second")
            assert batch.failures == [
                f"POST /writes-then-refuses as anonymous ({what}): 400 but rows changed"
                for what in ("first", "second")]
            assert row_counts(connection) == batch.counts
            failing = Batch(application, connection, ("GET", "/fails"), "anonymous")
            failing.send("valid")
            assert failing.failures == ["GET /fails as anonymous (valid): 500"]
        db.engine.dispose()
