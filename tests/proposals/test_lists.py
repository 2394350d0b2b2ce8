"""The list query: orders, state filter, keyset cursors that never repeat or skip."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.db import utcnow
from forum.errors import Invalid
from forum.proposals.lists import cursor_after, proposals_list
from forum.proposals.models import ProposalState
from forum.proposals.states import move
from tests.proposals.conftest import make_proposal


@pytest.fixture
def five(session, people, topic):  # noqa: ANN001
    """Five proposals published a day apart (the newest last), windows of 10 to 50 days."""
    base = utcnow() - timedelta(days=5)
    return [make_proposal(session, author=people["author"], topic=topic,
                          title=f"Proposal {i} here", now=base + timedelta(days=i),
                          days=50 - 10 * i) for i in range(5)]


def _walk(session, sort: str, now, size: int = 2) -> list:  # noqa: ANN001
    """Every row of the order ``sort``, page by page, through the cursors."""
    seen, after = [], None
    while True:
        rows = list(session.scalars(proposals_list(sort=sort, after=after, now=now)
                                    .limit(size)))
        seen += rows
        if len(rows) < size:
            return seen
        after = cursor_after(rows[-1], sort)


def test_newest_first_through_the_pages(session, five):  # noqa: ANN001
    assert _walk(session, "newest", utcnow()) == five[::-1]


def test_closing_soon_lists_those_collecting_soonest_first(session, five):  # noqa: ANN001
    now = utcnow()
    order = _walk(session, "closing", now)
    assert order == sorted(five, key=lambda p: p.collect_until)
    later = five[4].collect_until + timedelta(seconds=1)
    assert five[4] not in _walk(session, "closing", later)


def test_most_supported_ties_broken_by_id(session, five):  # noqa: ANN001
    five[1].offline_support_count = 7
    session.flush()
    order = _walk(session, "supported", utcnow())
    assert order[0] is five[1] and order[1:] == sorted(
        [p for p in five if p is not five[1]], key=lambda p: -p.id)


def test_state_filter_and_hidden_states(session, people, five):  # noqa: ANN001
    now = utcnow()
    move(session, five[0], ProposalState.REFUSED, actor=people["moderator"], now=now)
    make_proposal(session, author=people["author"], publish=False)
    listed = list(session.scalars(proposals_list(now=now)))
    assert five[0] not in listed and len(listed) == 4
    assert list(session.scalars(proposals_list(state="qualified", now=now))) == []


def test_a_cursor_of_another_order_is_refused(session, five):  # noqa: ANN001
    cursor = cursor_after(five[0], "supported")
    with pytest.raises(Invalid):
        list(session.scalars(proposals_list(sort="newest", after=cursor, now=utcnow())))
