"""Fixtures for following: a topic with a thread, its author, and a few readers."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from forum.notifications.models import Notification
from tests.factories import make_thread, make_topic, make_user


@pytest.fixture
def forum(session):  # noqa: ANN001
    """A topic, a thread in it by ``author``, and three other residents."""
    topic = make_topic(session, title="Transport", slug="transport")
    author = make_user(session, name="Ada Author")
    thread = make_thread(session, author=author, topic=topic, title="Buses on Sundays?")
    found = SimpleNamespace(topic=topic, author=author, thread=thread,
                            ana=make_user(session, name="Ana Reader"),
                            ben=make_user(session, name="Ben Reader"),
                            cat=make_user(session, name="Cat Reader"))
    session.commit()
    return found


@pytest.fixture
def told(session):  # noqa: ANN001
    """``told(kind)``: ``{user_id: link}`` of the notifications of that kind."""
    def _told(kind: str) -> dict[int, str]:
        rows = session.execute(select(Notification.user_id, Notification.link)
                               .where(Notification.kind == kind)).all()
        assert len(rows) == len({user_id for user_id, _ in rows}), "someone was told twice"
        return dict(rows)
    return _told
