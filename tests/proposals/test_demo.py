"""The demo data has a topic with a threshold of five and proposals in each public state."""
from __future__ import annotations

from sqlalchemy import select

from forum.db import utcnow
from forum.demo import load_demo
from forum.proposals.demo import ANSWERED, CLOSED, COLLECTING, DEMO_THRESHOLD, QUALIFIED
from forum.proposals.models import Proposal, ProposalState
from forum.proposals.services import support
from forum.topics.models import Topic
from forum.accounts.models import User


def _proposal(session, title):  # noqa: ANN001, ANN202
    return session.scalar(select(Proposal).where(Proposal.title == title))


def test_the_demo_has_proposals_to_support_and_answer(client, session):
    now = utcnow()
    assert load_demo(session, now=now)
    session.commit()
    topic = session.scalar(select(Topic).where(Topic.slug == "ideas"))
    assert topic.proposal_threshold == DEMO_THRESHOLD == 5
    collecting, qualified, closed = (_proposal(session, t) for t in (COLLECTING, QUALIFIED,
                                                                     CLOSED))
    assert (collecting.stage(now), collecting.support_count, collecting.threshold) == \
        (ProposalState.COLLECTING, 3, 5)
    assert (qualified.stage(now), qualified.support_count) == (ProposalState.QUALIFIED, 5)
    assert qualified.qualified_at is not None
    assert (closed.proposal_state, closed.support_count) == (ProposalState.CLOSED, 2)
    answered = _proposal(session, ANSWERED)  # answered, with a progress update since
    assert answered.proposal_state == ProposalState.IN_PROGRESS
    assert answered.council_response.is_published and len(answered.council_response.updates) == 1
    # two neighbours who have not supported it yet carry it past the threshold
    for email in ("hana@example.org", "gus@example.org"):
        neighbour = session.scalar(select(User).where(User.email == email))
        support(session, neighbour, collecting, now=utcnow())
    assert collecting.proposal_state == ProposalState.QUALIFIED
    assert client.get(f"/threads/{qualified.id}").status_code == 200


def test_loading_twice_changes_nothing(session):
    assert load_demo(session, now=utcnow())
    assert not load_demo(session, now=utcnow())
    assert len(session.scalars(select(Proposal)).all()) == 4
