"""The domains react to each other through signals the composition root connects once."""
from __future__ import annotations

from sqlalchemy import func, select

from forum import _connect_domains
from forum.db import utcnow
from forum.notifications.handlers import HANDLERS
from forum.notifications.models import Notification
from forum.summaries import services
from forum.summaries.signals import summary_published


def test_connecting_again_changes_nothing(session, people, debate, draft_of):
    before = {announced: len(announced.receivers) for announced, _handler in HANDLERS}
    _connect_domains()
    _connect_domains()  # as when another app is built in the same process
    assert {announced: len(announced.receivers) for announced, _ in HANDLERS} == before
    summary = draft_of(debate.thread, "Text.")
    services.publish_summary(session, people["moderator"], summary, now=utcnow())
    counts = session.execute(select(Notification.user_id, func.count())
                             .where(Notification.kind.in_(("summary_published", "cited")))
                             .group_by(Notification.user_id)).all()
    assert counts and all(count == 1 for _user, count in counts)


def test_the_signal_carries_the_session_that_made_the_change(session, people, debate,
                                                              draft_of):
    summary = draft_of(debate.thread, "Text.")
    received = []

    def listen(sender, **kwargs) -> None:  # noqa: ANN001, ANN003
        received.append((sender, kwargs["summary"]))

    summary_published.connect(listen, weak=False)
    try:
        services.publish_summary(session, people["moderator"], summary, now=utcnow())
    finally:
        summary_published.disconnect(listen)
    assert received == [(session, summary)]
    # written in that session, not committed yet: part of the same transaction
    assert session.scalar(select(func.count()).select_from(Notification)) > 0
