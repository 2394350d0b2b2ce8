"""The same follow sent several times at once: one row, and every request answered 200."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from forum.db import db
from forum.notifications.models import Follow
from tests.factories import bearer, make_topic, make_user


def test_follows_sent_at_once_leave_one_row(fresh_app, session):  # noqa: ANN001
    user = make_user(session)
    topic = make_topic(session)
    session.commit()
    headers = bearer(user, session)
    url = f"/api/v1/follows/topic/{topic.id}"
    barrier = threading.Barrier(4, timeout=20)
    statuses: list[int] = [0] * 4

    def send(index: int) -> None:
        with fresh_app.app_context():
            client = fresh_app.test_client()
            barrier.wait()
            statuses[index] = client.put(url, headers=headers).status_code

    threads = [threading.Thread(target=send, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200] * 4
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(Follow)) == 1
