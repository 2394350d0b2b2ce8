"""The demo consultations: one open in Transport, one closed in Housing with a rich debate."""
from __future__ import annotations

from sqlalchemy import func, select

from forum.consultations.demo import (BUS_LANE_TITLE, CLOSED_TITLE, OPEN_TITLE,
                                      closed_demo_consultation, load_consultation_demo)
from forum.db import utcnow
from forum.demo import load_demo
from forum.posts.models import Endorsement, Post
from forum.consultations.models import Consultation
from forum.topics.models import Topic


def stances(session, thread) -> dict[str, int]:  # noqa: ANN001
    rows = session.execute(select(Post.stance, func.count()).where(
        Post.thread_id == thread.id, Post.parent_id.is_(None)).group_by(Post.stance))
    return {stance.value: count for stance, count in rows}


def test_the_demo_has_an_open_and_a_closed_consultation(session):
    now = utcnow()
    assert load_demo(session, now=now)
    consultations = session.scalars(select(Consultation).order_by(Consultation.id)).all()
    assert [t.title for t in consultations] == [OPEN_TITLE, BUS_LANE_TITLE, CLOSED_TITLE]
    open_one, bus_lane, closed = consultations
    assert bus_lane.topic.slug == "transport" and bus_lane.status(now) == "closed"
    assert min(stances(session, bus_lane)["for"], stances(session, bus_lane)["against"]) >= 1

    assert open_one.topic.slug == "transport" and open_one.status(now) == "open"
    assert 8 <= (open_one.closes_at - now).days <= 9
    assert open_one.author.role.value == "councillor"
    assert all(count >= 1 for count in stances(session, open_one).values())
    assert min(stances(session, open_one)["for"], stances(session, open_one)["against"]) >= 2

    assert closed.topic.slug == "housing" and closed.status(now) == "closed"
    assert (now - closed.opens_at).days == 30 and (now - closed.closes_at).days == 2
    assert sum(stances(session, closed).values()) >= 8 and len(stances(session, closed)) == 4
    replies = session.scalar(select(func.count()).where(Post.thread_id == closed.id,
                                                       Post.parent_id.is_not(None)))
    endorsements = session.scalar(select(func.count()).select_from(Endorsement).join(Post).where(
        Post.thread_id == closed.id))
    assert replies >= 4 and endorsements >= 10
    assert closed_demo_consultation(session) is closed


def test_loading_again_changes_nothing(session):
    now = utcnow()
    load_demo(session, now=now)
    count = session.scalar(select(func.count()).select_from(Post))
    topics = {t.slug: t for t in session.scalars(select(Topic))}
    again = load_consultation_demo(session, topics, {}, now=now)
    assert again is closed_demo_consultation(session)
    assert session.scalar(select(func.count()).select_from(Post)) == count
