"""The demo data carries an answered consultation and a partly stale discussion summary."""
from __future__ import annotations

from sqlalchemy import select

from forum.consultations.demo import closed_demo_consultation
from forum.db import utcnow
from forum.demo import load_demo
from forum.outcomes.demo import HIGH_STREET
from forum.summaries.coverage import compute_coverage
from forum.summaries.models import Summary, SummaryState
from forum.threads.models import Thread


def test_the_demo_shows_the_whole_loop(client, session):
    assert load_demo(session, now=utcnow())
    session.commit()
    closed = closed_demo_consultation(session)
    answered = session.scalar(select(Summary).where(Summary.thread_id == closed.id))
    assert answered.state == SummaryState.RESPONDED and answered.revision == 2
    # every point answered, the intro paragraph (no heading) first
    points = answered.points
    assert len(answered.response.points) == len(points) > 4
    assert points[0].section is None
    assert {p.section for p in points[1:]} == {"For", "Against", "Neutral", "Questions"}
    promised = [a for a in answered.response.points if a.next_update_due is not None]
    assert promised and all(a.point.section == "Questions" for a in promised)
    assert len(answered.response.updates) == 1
    street = session.scalar(select(Thread).where(Thread.title == HIGH_STREET))
    stale = session.scalar(select(Summary).where(Summary.thread_id == street.id))
    assert stale.state == SummaryState.PUBLISHED
    assert compute_coverage(session, stale).newer > 0
    assert client.get(f"/threads/{closed.id}").status_code == 200
    assert "The council has responded" in client.get("/outcomes").text
