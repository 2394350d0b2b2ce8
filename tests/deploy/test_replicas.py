"""A read replica (``FORUM_DATABASE_REPLICA_URL``): anonymous ``GET`` and ``HEAD`` requests
read from it; signed-in people, token clients and every write stay on the primary.

The routing is shown on both databases by counting the statements each engine runs (the
replica is the primary's own database here), and on SQLite by a replica that really is an
older copy: an anonymous reader sees the copy, a signed-in one sees the change.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, update

from flask import current_app

from forum import create_app
from forum.db import REPLICA, db
from forum.replicas import engine_for
from forum.threads.models import Thread
from tests.apps import live_url
from tests.factories import PASSWORD, make_sign_in, make_thread, make_user


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """The live database doubles as its own replica, so each engine's statements show."""
    return {**app_config, "DATABASE_REPLICA_URL": live_url(app_config["DATABASE_URL"])}


@contextmanager
def _statements() -> Iterator[dict[str, list[str]]]:
    """Collect the statements the primary and the replica run inside the block."""
    seen: dict[str, list[str]] = {"primary": [], "replica": []}
    engines = {"primary": db.engine, "replica": current_app.extensions[REPLICA]}
    listeners = {}
    for name, engine in engines.items():
        def _record(_conn, _cursor, statement, *_args, _name=name):  # noqa: ANN001, ANN202
            seen[_name].append(statement)
        listeners[name] = _record
        event.listen(engine, "before_cursor_execute", _record)
    try:
        yield seen
    finally:
        for name, engine in engines.items():
            event.remove(engine, "before_cursor_execute", listeners[name])


@pytest.fixture
def thread_id(fresh_app) -> Iterator[int]:  # noqa: ANN001, ARG001
    """A thread committed on the live database (its id: the tests empty the session, so
    nothing they made is already loaded when a request starts)."""
    made = make_thread(title="Bus lanes on the high street")
    db.session.commit()
    yield made.id
    db.session.remove()  # give back the replica connection the requests' session holds,
    engine_for(current_app).dispose()  # then close it now, not when it is collected


@pytest.mark.parametrize("method", ["get", "head"])
def test_anonymous_reads_go_to_the_replica_only(client, thread_id, method):  # noqa: ANN001
    db.session.remove()
    with _statements() as seen:
        response = getattr(client, method)(f"/threads/{thread_id}")
    assert response.status_code == 200
    assert seen["replica"], "the page read nothing from the replica"
    assert seen["primary"] == []


def test_signed_in_reads_stay_on_the_primary(client, login, thread_id):  # noqa: ANN001
    login(make_user())
    db.session.remove()
    with _statements() as seen:
        response = client.get(f"/threads/{thread_id}")
    assert response.status_code == 200
    assert seen["primary"]
    assert seen["replica"] == []


def test_writes_stay_on_the_primary(client, thread_id):  # noqa: ANN001
    db.session.remove()
    with _statements() as seen:
        response = client.post("/register", data={
            "email": "new.resident@example.org", "display_name": "New Resident",
            "password": "a long enough password"})
    assert response.status_code == 200  # "check your email": the account job is written
    assert any(s.startswith("INSERT INTO jobs") for s in seen["primary"])
    assert seen["replica"] == []


@pytest.mark.parametrize(("with_token", "reads_from"), [(False, "replica"), (True, "primary")])
def test_api_reads_by_anonymous_and_token_clients(client, thread_id, with_token,  # noqa: ANN001
                                                  reads_from):
    headers = {}
    if with_token:
        user = make_user()
        db.session.commit()
        token = client.post("/api/v1/tokens", json={"email": user.email, "password": PASSWORD})
        assert token.status_code == 201
        headers["Authorization"] = f"Bearer {token.get_json()['token']}"
    db.session.remove()
    with _statements() as seen:
        response = client.get(f"/api/v1/threads/{thread_id}/posts", headers=headers)
    assert response.status_code == 200
    other = "primary" if reads_from == "replica" else "replica"
    assert seen[reads_from]
    assert seen[other] == []


def test_without_a_replica_there_is_one_engine(tmp_path):  # noqa: ANN001
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "INSTANCE_PATH": str(tmp_path),
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'one.sqlite3'}"})
    assert engine_for(app) is None
    with app.app_context():
        assert list(db.engines) == [None]


def test_a_lagging_replica_shows_anonymous_readers_the_older_copy(tmp_path):  # noqa: ANN001
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                      "INSTANCE_PATH": str(tmp_path), "RATELIMIT_ENABLED": False,
                      "DATABASE_URL": f"sqlite:///{primary}",
                      "DATABASE_REPLICA_URL": f"sqlite:///{replica}"})
    with app.app_context():
        db.create_all()
        thread = make_thread(title="Bus lanes on the high street")
        reader = make_user()
        db.session.commit()
        key = make_sign_in(user=reader)
        db.session.commit()
        thread_id = thread.id
        db.session.remove()
        db.engines[None].dispose()
        with sqlite3.connect(primary) as source, sqlite3.connect(replica) as copy:
            source.backup(copy)  # the replica as it was: replication stops here
        db.session.execute(update(Thread).where(Thread.id == thread_id)
                           .values(title="Bus lanes and cycle lanes"))
        db.session.commit()
        db.session.remove()

    anonymous = app.test_client().get(f"/threads/{thread_id}").get_data(as_text=True)
    signed_in = app.test_client()
    with signed_in.session_transaction() as sess:
        sess.update({"_user_id": key, "_fresh": True, "_seen": int(time.time())})
    own = signed_in.get(f"/threads/{thread_id}").get_data(as_text=True)
    assert "Bus lanes on the high street" in anonymous
    assert "Bus lanes and cycle lanes" not in anonymous
    assert "Bus lanes and cycle lanes" in own
    with app.app_context():
        db.engine.dispose()
    engine_for(app).dispose()
