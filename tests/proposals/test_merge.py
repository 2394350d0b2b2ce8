"""Merging a duplicate proposal: supporters carried over once per person, counts moved in
the same transaction, the duplicate merged with a link, its people told."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.db import utcnow
from forum.errors import Conflict, Invalid, NotAllowed
from forum.moderation.models import AuditAction, AuditEntry
from forum.notifications.models import Notification
from forum.proposals import moderation
from forum.proposals.models import ProposalState, ProposalSupport
from forum.proposals.services import support
from tests.factories import make_user
from tests.proposals.conftest import ROLES, make_proposal


@pytest.fixture
def residents(session):  # noqa: ANN001
    """Four residents who support proposals."""
    return [make_user(session, name=f"Resident {n}") for n in range(4)]


@pytest.fixture
def pair(session, people, topic, residents):  # noqa: ANN001
    """A duplicate supported by residents 0–2 and the original supported by 2–3."""
    now = utcnow()
    original = make_proposal(session, topic=topic, title="A crossing on Mill Road", now=now)
    duplicate = make_proposal(session, topic=topic, title="Zebra crossing, Mill Road", now=now)
    for person in residents[:3]:
        support(session, person, duplicate, now=now)
    for person in residents[2:]:
        support(session, person, original, now=now)
    return duplicate, original


def _supporters(session, proposal):  # noqa: ANN001, ANN202
    return set(session.scalars(select(ProposalSupport.user_id).where(
        ProposalSupport.proposal_id == proposal.id)))


def test_supports_are_carried_over_once_per_person(session, people, pair, residents):
    duplicate, original = pair
    carried = moderation.merge_proposals(session, people["moderator"], duplicate, original,
                                         now=utcnow())
    assert carried == 2
    assert _supporters(session, original) == {r.id for r in residents}
    assert original.support_count == 4 == len(_supporters(session, original))
    assert (duplicate.proposal_state, duplicate.merged_into_id) == \
        (ProposalState.MERGED, original.id)
    assert duplicate.support_count == 3  # still shows what it gathered


def test_offline_supports_are_added(session, people, pair):
    duplicate, original = pair
    duplicate.offline_support_count = 40
    original.offline_support_count = 2
    session.flush()
    moderation.merge_proposals(session, people["moderator"], duplicate, original,
                               now=utcnow())
    assert original.offline_support_count == 42


def test_merging_past_the_threshold_qualifies(session, people, topic, residents):
    now = utcnow()
    original = make_proposal(session, topic=topic, threshold=4, now=now)
    duplicate = make_proposal(session, topic=topic, threshold=4, now=now, title="Again")
    for person in residents[:2]:
        support(session, person, original, now=now)
    for person in residents[1:]:
        support(session, person, duplicate, now=now)
    moderation.merge_proposals(session, people["moderator"], duplicate, original, now=now)
    assert original.support_count == 4
    assert original.proposal_state == ProposalState.QUALIFIED


def test_merge_is_logged_and_its_people_told(session, people, pair, residents):
    duplicate, original = pair
    moderation.merge_proposals(session, people["moderator"], duplicate, original,
                               now=utcnow())
    entry = session.scalar(select(AuditEntry).where(
        AuditEntry.action == AuditAction.PROPOSAL_MERGED))
    assert (entry.target_id, entry.details) == \
        (duplicate.id, f"into /threads/{original.id}; 2 supports carried over")
    told = set(session.scalars(select(Notification.user_id).where(
        Notification.kind == "proposal_merged")))
    assert told == {duplicate.author_id, *(r.id for r in residents[:3])}


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_merge(session, people, pair, role):
    duplicate, original = pair
    if role in ("moderator", "admin"):
        assert moderation.merge_proposals(session, people[role], duplicate, original,
                                          now=utcnow()) == 2
        return
    with pytest.raises(NotAllowed):
        moderation.merge_proposals(session, people[role], duplicate, original, now=utcnow())
    assert duplicate.proposal_state == ProposalState.COLLECTING
    assert original.support_count == 2


def test_the_target_must_be_a_live_proposal(session, people, pair):
    duplicate, original = pair
    moderation.refuse_proposal(session, people["moderator"], original, reason="Spam.",
                               now=utcnow())
    with pytest.raises(Invalid) as error:
        moderation.merge_proposals(session, people["moderator"], duplicate, original,
                                   now=utcnow())
    assert error.value.field == "into"
    assert duplicate.proposal_state == ProposalState.COLLECTING


def test_target_by_number(session, pair, people, topic):
    duplicate, original = pair
    assert moderation.merge_target(session, original.id, duplicate) is original
    for number, message in [(None, "Enter the number"), (duplicate.id, "itself"),
                            (10**8, "no proposal number")]:
        with pytest.raises(Invalid, match=message):
            moderation.merge_target(session, number, duplicate)


def test_a_merged_proposal_takes_no_support_and_is_not_merged_again(session, people, pair):
    duplicate, original = pair
    moderation.merge_proposals(session, people["moderator"], duplicate, original,
                               now=utcnow())
    with pytest.raises(Conflict):
        support(session, people["citizen"], duplicate, now=utcnow())
    with pytest.raises(Conflict) as error:
        moderation.merge_proposals(session, people["moderator"], duplicate, original,
                                   now=utcnow())
    assert error.value.code == "not_mergeable"
    assert session.scalar(select(func.count()).select_from(ProposalSupport).where(
        ProposalSupport.proposal_id == original.id)) == 4
