"""SQLite's writers take turns through a lock file (forum/writelock.py)."""
from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import create_engine, event, text

from forum import create_app, writelock
from forum.db import db
from forum.writelock import TurnTakingConnection


def _connect(path) -> TurnTakingConnection:  # noqa: ANN001
    return sqlite3.connect(str(path), factory=TurnTakingConnection, timeout=5,
                           check_same_thread=False)


@pytest.fixture
def database(tmp_path):  # noqa: ANN001, ANN201
    path = tmp_path / "w.sqlite3"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE n (v INTEGER NOT NULL)")
        setup.execute("INSERT INTO n VALUES (0)")
    return path


def test_a_second_writer_waits_for_the_first_to_commit(database):  # noqa: ANN001
    first, second = _connect(database), _connect(database)
    first.take_turn("UPDATE n SET v = v + 1")
    first.execute("UPDATE n SET v = v + 1")
    took = threading.Event()

    def write() -> None:
        second.take_turn("UPDATE n SET v = v + 1")
        took.set()
        second.execute("UPDATE n SET v = v * 10")
        second.commit()
    other = threading.Thread(target=write)
    other.start()
    assert not took.wait(0.3), "the second writer went ahead while the first held the turn"
    first.commit()
    other.join(5)
    assert took.is_set()
    assert first.execute("SELECT v FROM n").fetchone() == (10,)  # (0 + 1) * 10, in turn


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_the_turn_ends_with_the_transaction(database, end):  # noqa: ANN001
    first, second = _connect(database), _connect(database)
    first.take_turn("INSERT INTO n VALUES (1)")
    getattr(first, end)()
    writelock.WAIT_SECONDS, saved = 0.0, writelock.WAIT_SECONDS
    try:
        second.take_turn("DELETE FROM n")
    finally:
        writelock.WAIT_SECONDS = saved
    assert second._held  # noqa: SLF001  (taken at once: the first had let go)


def test_reads_take_no_turn_and_a_stuck_writer_is_waited_for_only_so_long(database,  # noqa: ANN001
                                                                         monkeypatch):
    first, second = _connect(database), _connect(database)
    first.take_turn("  update n SET v = 2")
    assert first._held  # noqa: SLF001  (any case, leading blanks)
    second.take_turn("SELECT v FROM n")
    assert not second._held  # noqa: SLF001
    monkeypatch.setattr(writelock, "WAIT_SECONDS", 0.05)
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        second.take_turn("UPDATE n SET v = 3")  # refused, as SQLite's busy timeout would
    assert not second._held  # noqa: SLF001
    first.commit()
    second.take_turn("UPDATE n SET v = 3")
    assert second._held  # noqa: SLF001


def test_an_in_memory_database_has_no_lock_file():
    connection = sqlite3.connect(":memory:", factory=TurnTakingConnection)
    connection.take_turn("INSERT INTO x VALUES (1)")
    assert not connection._held  # noqa: SLF001


def test_many_writers_lose_nothing_and_are_never_refused(database):  # noqa: ANN001
    engine = create_engine(f"sqlite:///{database}",
                           connect_args={"factory": TurnTakingConnection, "timeout": 5})
    event.listen(engine, "before_cursor_execute", writelock.before_execute)
    errors: list[Exception] = []

    def write() -> None:
        try:
            for _ in range(50):
                with engine.begin() as connection:
                    value = connection.execute(text("UPDATE n SET v = v + 1 RETURNING v"))
                    value.scalar()
        except Exception as error:  # noqa: BLE001  (collected and asserted below)
            errors.append(error)
    writers = [threading.Thread(target=write) for _ in range(8)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(60)
    assert errors == []
    with engine.connect() as connection:
        assert connection.execute(text("SELECT v FROM n")).scalar() == 400
    engine.dispose()


def test_the_app_takes_turns_on_a_sqlite_file(tmp_path):  # noqa: ANN001
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x",
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'p.sqlite3'}"})
    with app.app_context():
        db.create_all()
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE site_version SET version = version"))
            raw = connection.connection.dbapi_connection
            assert isinstance(raw, TurnTakingConnection) and raw._held  # noqa: SLF001
        assert not raw._held  # noqa: SLF001
        assert (tmp_path / "p.sqlite3.writers").exists()
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_a_write_the_database_stays_too_busy_for_is_refused_with_503(tmp_path, monkeypatch):  # noqa: ANN001
    """A writer still waiting past the wait gets a clear 503 with Retry-After (an overload,
    not a fault: never a 500), and nothing is saved."""
    from tests.factories import make_sign_in, make_thread, make_user  # noqa: PLC0415
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "x" * 40,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'b.sqlite3'}",
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        user = make_user(db.session)
        thread = make_thread(db.session, author=user)
        key = make_sign_in(db.session, user=user)
        db.session.commit()
        url = f"/threads/{thread.id}/posts"
        client = app.test_client()
        with client.session_transaction() as sess:
            sess["_user_id"], sess["_fresh"] = key, True
        holder = _connect(tmp_path / "b.sqlite3")
        holder.take_turn("UPDATE site_version SET version = version")  # a stuck writer
        monkeypatch.setattr(writelock, "WAIT_SECONDS", 0.05)
        try:
            page = client.post(url, data={"body": "Later opening helps.", "stance": "for"})
        finally:
            holder.rollback()
        assert page.status_code == 503 and page.headers["Retry-After"] == "5"
        assert "too busy to save this" in page.text
        assert db.session.execute(text("SELECT count(*) FROM posts")).scalar() == 0
