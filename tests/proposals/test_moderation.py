"""Refusing a proposal under the house rules, and the author's appeal against it."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from forum.db import savepoint, utcnow
from forum.errors import Conflict, Invalid, NotAllowed
from forum.moderation import appeals
from forum.moderation.models import Appeal, AuditAction, AuditEntry
from forum.notifications.models import Notification
from forum.proposals import moderation
from forum.proposals.models import ProposalEvent, ProposalState
from forum.proposals.services import support
from tests.factories import make_user
from tests.proposals.conftest import ROLES


@pytest.fixture
def second_moderator(session):  # noqa: ANN001
    """Another moderator, who may decide an appeal against the first one's refusal."""
    return make_user(session, role="moderator", name="Second Moderator")


def _refuse(session, people, proposal, now=None):  # noqa: ANN001, ANN202
    return moderation.refuse_proposal(session, people["moderator"], proposal,
                                      reason="It names a private person.", now=now or utcnow())


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_refuse(session, people, collecting, role):
    if role in ("moderator", "admin"):
        moderation.refuse_proposal(session, people[role], collecting, reason="Spam.",
                                   now=utcnow())
        assert collecting.proposal_state == ProposalState.REFUSED
        return
    with pytest.raises(NotAllowed):
        moderation.refuse_proposal(session, people[role], collecting, reason="Spam.",
                                   now=utcnow())
    assert collecting.proposal_state == ProposalState.COLLECTING


def test_refusal_is_recorded_logged_and_told(session, people, draft):
    now = utcnow()
    _refuse(session, people, draft, now)
    assert (draft.proposal_state, draft.refusal_reason, draft.ended_at) == \
        (ProposalState.REFUSED, "It names a private person.", now)
    event = session.scalars(select(ProposalEvent).where(
        ProposalEvent.proposal_id == draft.id).order_by(ProposalEvent.id.desc())).first()
    assert (event.from_state, event.to_state, event.actor_id, event.note) == \
        (ProposalState.DRAFT, ProposalState.REFUSED, people["moderator"].id,
         "It names a private person.")
    entry = session.scalar(select(AuditEntry).where(
        AuditEntry.action == AuditAction.PROPOSAL_REFUSED))
    assert (entry.target_type, entry.target_id, entry.reason) == \
        ("thread", draft.id, "It names a private person.")
    told = set(session.scalars(select(Notification.user_id).where(
        Notification.kind == "proposal_refused")))
    assert told == {people["author"].id, people["coauthor"].id}


def test_a_reason_is_required(session, people, collecting):
    with pytest.raises(Invalid) as error:
        moderation.refuse_proposal(session, people["moderator"], collecting, reason="  ",
                                   now=utcnow())
    assert error.value.field == "reason"
    assert collecting.proposal_state == ProposalState.COLLECTING


def test_a_refused_proposal_takes_no_support(session, people, collecting):
    _refuse(session, people, collecting)
    with pytest.raises(Conflict):
        support(session, people["citizen"], collecting, now=utcnow())
    assert collecting.support_count == 0


def test_qualified_or_closed_proposals_are_not_refused(session, people, collecting):
    later = collecting.collect_until + timedelta(seconds=1)  # closed by the clock
    with pytest.raises(Conflict) as error:
        moderation.refuse_proposal(session, people["moderator"], collecting, reason="Spam.",
                                   now=later)
    assert error.value.code == "not_refusable"


def test_refusing_twice_is_refused(session, people, collecting):
    _refuse(session, people, collecting)
    with pytest.raises(Conflict):
        _refuse(session, people, collecting)
    assert session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == AuditAction.PROPOSAL_REFUSED)) == 1


def test_the_author_appeals_once(session, people, collecting):
    _refuse(session, people, collecting)
    appeal = moderation.appeal_refusal(session, people["author"], collecting,
                                       statement=" Nobody is named. ", now=utcnow())
    assert (appeal.kind, appeal.thread_id, appeal.statement, appeal.acted_by_id) == \
        ("thread", collecting.id, "Nobody is named.", people["moderator"].id)
    assert appeals.appeal_link(appeal) == f"/proposals/{collecting.id}/appeal"
    with pytest.raises(Conflict) as error:
        moderation.appeal_refusal(session, people["author"], collecting, statement="Again.",
                                  now=utcnow())
    assert error.value.code == "already_appealed"


@pytest.mark.parametrize("role", ["citizen", "coauthor", "moderator", "admin"])
def test_only_the_author_appeals(session, people, draft, role):
    _refuse(session, people, draft)
    with pytest.raises(NotAllowed):
        moderation.appeal_refusal(session, people[role], draft, statement="x", now=utcnow())


def test_nothing_to_appeal_before_a_refusal(session, people, collecting):
    with pytest.raises(Conflict) as error:
        moderation.appeal_refusal(session, people["author"], collecting, statement="x",
                                  now=utcnow())
    assert error.value.code == "not_refused"


def test_the_refusing_moderator_cannot_decide(session, people, collecting):
    _refuse(session, people, collecting)
    appeal = moderation.appeal_refusal(session, people["author"], collecting,
                                       statement="Please.", now=utcnow())
    with pytest.raises(NotAllowed) as error:
        appeals.decide_appeal(session, people["moderator"], appeal, granted=True,
                              reason="Fine.", now=utcnow())
    assert error.value.code == "same_moderator"


def test_granted_appeal_restores_a_collecting_proposal_with_its_lost_days(
        session, people, collecting, second_moderator):
    refused_at = utcnow()
    until = collecting.collect_until
    _refuse(session, people, collecting, refused_at)
    appeal = moderation.appeal_refusal(session, people["author"], collecting,
                                       statement="Nobody is named.", now=refused_at)
    decided_at = refused_at + timedelta(days=3)
    appeals.decide_appeal(session, second_moderator, appeal, granted=True,
                          reason="On reading again, nobody is named.", now=decided_at)
    assert collecting.proposal_state == ProposalState.COLLECTING
    assert collecting.collect_until == until + timedelta(days=3)
    assert (collecting.ended_at, collecting.refusal_reason) == (None, None)
    assert collecting.is_collecting(decided_at)
    entry = session.scalar(select(AuditEntry).where(
        AuditEntry.action == AuditAction.APPEAL_GRANTED))
    assert entry.details == "proposal restored (collecting)"
    told = session.scalar(select(Notification).where(Notification.kind == "appeal_decided"))
    assert (told.user_id, told.link) == (people["author"].id,
                                          f"/proposals/{collecting.id}/appeal")
    support(session, people["citizen"], collecting, now=decided_at)
    assert collecting.support_count == 1


def test_granted_appeal_returns_a_draft_to_draft(session, people, draft, second_moderator):
    _refuse(session, people, draft)
    appeal = moderation.appeal_refusal(session, people["author"], draft, statement="Please.",
                                       now=utcnow())
    appeals.decide_appeal(session, second_moderator, appeal, granted=True, reason="Fine.",
                          now=utcnow())
    assert draft.proposal_state == ProposalState.DRAFT


def test_refused_appeal_keeps_it_refused(session, people, collecting, second_moderator):
    _refuse(session, people, collecting)
    appeal = moderation.appeal_refusal(session, people["author"], collecting,
                                       statement="Please.", now=utcnow())
    appeals.decide_appeal(session, second_moderator, appeal, granted=False,
                          reason="It does name someone.", now=utcnow())
    assert collecting.proposal_state == ProposalState.REFUSED
    assert appeal.status == "refused"


def test_an_appeal_has_exactly_one_target(session, people, collecting):
    _refuse(session, people, collecting)
    appeal = moderation.appeal_refusal(session, people["author"], collecting,
                                       statement="Please.", now=utcnow())
    session.flush()
    pending = session.scalars(appeals.pending_appeals()).unique().all()
    assert appeal in pending
    with pytest.raises(IntegrityError), savepoint(session):
        session.add(Appeal(appellant_id=people["author"].id, statement="x",
                           thread_id=None, post_id=None, suspension_id=None))
