"""The deadline by the clock: a proposal past its window is closed at once on every page and
list (passing ``now``), and ``proposals close-expired`` records that move in its timeline."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import db, utcnow
from forum.errors import Conflict
from forum.proposals.cli import close_expired
from forum.proposals.lists import proposals_list
from forum.proposals.models import ProposalEvent, ProposalState
from forum.proposals.panel import proposal_panel
from forum.proposals.rules import can_support
from forum.proposals.services import support
from tests.factories import make_user
from tests.proposals.conftest import make_proposal


@pytest.fixture
def opened(session, people, topic):  # noqa: ANN001
    """A proposal published now, collecting for 90 days toward 100 supports."""
    return make_proposal(session, author=people["author"], topic=topic, now=utcnow())


def test_the_window_closes_by_the_clock(session, people, opened):  # noqa: ANN001
    end = opened.collect_until
    before, after = end - timedelta(seconds=1), end
    assert opened.stage(before) == ProposalState.COLLECTING
    assert opened.stage(after) == ProposalState.CLOSED
    assert can_support(people["citizen"], opened, before)
    assert not can_support(people["citizen"], opened, after)
    with pytest.raises(Conflict):
        support(session, people["citizen"], opened, now=after)


def test_days_left_count_down_to_the_deadline(opened):  # noqa: ANN001
    start = opened.published_at
    assert proposal_panel(opened, start).progress == "0 of 100 supports, 90 days left"
    assert proposal_panel(opened, start + timedelta(days=89, hours=1)).progress == \
        "0 of 100 supports, 1 day left"
    closed = proposal_panel(opened, opened.collect_until)
    assert closed.progress == "0 of 100 supports"
    assert closed.label == "Closed without enough support"
    assert "not rejected" in closed.next_step


def test_lists_agree_with_the_clock(session, opened):  # noqa: ANN001
    later = opened.collect_until + timedelta(minutes=1)
    ids = lambda state, now: list(session.scalars(proposals_list(state=state, now=now)))  # noqa: E731
    assert ids("collecting", utcnow()) == [opened] and ids("closed", utcnow()) == []
    assert ids("collecting", later) == [] and ids("closed", later) == [opened]
    assert list(session.scalars(proposals_list(sort="closing", now=later))) == []


def test_close_expired_records_the_clocks_move(session, people, opened):  # noqa: ANN001
    still = make_proposal(session, author=people["author"], now=utcnow() + timedelta(days=5))
    later = opened.collect_until + timedelta(hours=1)
    assert close_expired(session, now=later) == 1
    assert opened.proposal_state == ProposalState.CLOSED and opened.ended_at == opened.collect_until
    event = session.scalars(select(ProposalEvent).where(
        ProposalEvent.proposal_id == opened.id,
        ProposalEvent.to_state == ProposalState.CLOSED)).one()
    assert event.actor_id is None and event.at == opened.collect_until
    assert still.proposal_state == ProposalState.COLLECTING
    assert close_expired(session, now=later) == 0  # once only


def test_a_qualified_proposal_is_never_closed(session, people, topic):  # noqa: ANN001
    proposal = make_proposal(session, author=people["author"], topic=topic, threshold=1)
    support(session, make_user(session), proposal, now=utcnow())
    assert proposal.proposal_state == ProposalState.QUALIFIED
    assert close_expired(session, now=proposal.collect_until + timedelta(days=1)) == 0
    assert proposal.stage(proposal.collect_until + timedelta(days=1)) == ProposalState.QUALIFIED


def test_the_command_closes_and_says_how_many(app, session, people, topic):  # noqa: ANN001
    proposal = make_proposal(session, author=people["author"], topic=topic)
    when = (proposal.collect_until + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    result = app.test_cli_runner().invoke(args=["proposals", "close-expired", "--now", when])
    assert result.exit_code == 0, result.output
    assert "Closed 1 proposal whose window had passed." in result.output
    db.session.refresh(proposal)
    assert proposal.proposal_state == ProposalState.CLOSED
    bad = app.test_cli_runner().invoke(args=["proposals", "close-expired", "--now", "soon"])
    assert bad.exit_code == 2
