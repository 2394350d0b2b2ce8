"""Moderation fixtures: one account per role, a thread with a post, and a staff-safe sign-in."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest

from forum.db import db, utcnow
from tests.factories import make_post, make_sign_in, make_thread, make_user

#: every kind of visitor the permission tables cover
ROLES = ["anonymous", "citizen", "suspended", "councillor", "moderator", "admin"]


@pytest.fixture
def login(client):  # noqa: ANN001
    """Sign ``user`` in, marking the session active so staff idle time-outs do not apply."""
    def _login(user, test_client=None):  # noqa: ANN001
        target = test_client or client
        key = make_sign_in(user=user)
        db.session.commit()  # the views roll back on a refused form; the sign-in must remain
        with target.session_transaction() as sess:
            sess["_user_id"] = key
            sess["_fresh"] = True
            sess["_seen"] = int(time.time())
        return target
    return _login


@pytest.fixture
def people(session):  # noqa: ANN001
    """One account per role (``anonymous`` is ``None``)."""
    return {
        "anonymous": None,
        "citizen": make_user(session, name="Cit Izen"),
        "suspended": make_user(session, name="Sus Pended",
                               suspended_until=utcnow() + timedelta(days=7),
                               reason="Repeated personal attacks."),
        "councillor": make_user(session, role="councillor", name="Coun Cillor"),
        "moderator": make_user(session, role="moderator", name="Mod Erator"),
        "admin": make_user(session, role="admin", name="Ad Min"),
    }


@pytest.fixture
def thread(session):  # noqa: ANN001
    """A discussion thread."""
    return make_thread(session, title="Should the library open on Sundays?")


@pytest.fixture
def author(session):  # noqa: ANN001
    """The author of :func:`post`."""
    return make_user(session, name="Post Author")


@pytest.fixture
def post(session, thread, author):  # noqa: ANN001
    """An argument by :func:`author`."""
    return make_post(session, thread=thread, author=author, stance="for",
                     body="Sunday opening would help working families.")


@pytest.fixture
def reporters(session):  # noqa: ANN001
    """Five citizens who report posts."""
    return [make_user(session, name=f"Reporter {i}") for i in range(5)]
