"""The test machinery itself: rolled-back transactions, the live database, fresh requests."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from forum.accounts.models import User
from forum.db import db
from forum.jobs.models import Job
from tests.factories import make_user


def _users_seen_by_another_connection() -> int:
    with db.engine.connect() as other:
        return other.scalar(select(func.count(User.id)))


def test_commits_in_a_test_stay_in_its_transaction(session):
    make_user(session, email="kept@example.org")
    session.commit()  # releases a SAVEPOINT; the test's transaction is still open
    assert session.scalar(select(func.count(User.id))) == 1
    assert _users_seen_by_another_connection() == 0


def test_a_rollback_goes_back_to_the_last_commit(session):
    make_user(session, email="kept@example.org")
    session.commit()
    make_user(session, email="dropped@example.org")
    session.flush()
    session.rollback()
    assert session.scalars(select(User.email)).all() == ["kept@example.org"]


def test_a_view_commit_is_seen_by_the_test_only(client, session):
    response = client.post("/register", data={"email": "new@example.org", "display_name": "Neo",
                                              "password": "long-enough-pw"})
    assert response.status_code == 200  # the view committed its account job...
    assert session.scalars(select(Job.name)).all() == ["accounts.create"]
    with db.engine.connect() as other:  # ...a SAVEPOINT of the test's transaction
        assert other.scalar(select(func.count(Job.id))) == 0


def test_the_signed_in_user_does_not_leak_into_the_next_request(app, client, session, login):
    user = make_user(session)
    session.commit()
    login(user)
    assert client.get("/account").status_code == 200
    assert app.test_client().get("/account").status_code == 302  # another browser: signed out


def test_fresh_app_commits_for_real_and_threads_see_them(fresh_app, session, client):
    make_user(session, email="seen@example.org")
    session.commit()
    seen: list[int] = []

    def _look() -> None:
        with fresh_app.app_context():
            seen.append(db.session.scalar(select(func.count(User.id))))
            db.session.remove()

    thread = threading.Thread(target=_look)
    thread.start()
    thread.join()
    assert seen == [1]
    assert _users_seen_by_another_connection() == 1


def test_fresh_app_starts_empty(fresh_app, session):
    assert session.scalar(select(func.count(User.id))) == 0
