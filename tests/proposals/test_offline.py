"""Supports gathered offline: recorded by councillors and admins in batches with their source
and count, counted toward the threshold, shown apart, and written to the moderation log."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.errors import Conflict, Invalid, NotAllowed
from forum.moderation.models import AuditAction, AuditEntry
from forum.notifications.models import Notification
from forum.proposals.models import OfflineSupportBatch, ProposalState
from forum.proposals.offline import (can_record_offline_supports, offline_batches,
                                     record_offline_batch)
from forum.proposals.panel import proposal_panel
from forum.proposals.services import support
from tests.proposals.conftest import make_proposal


def test_a_batch_counts_apart_and_is_logged(session, people, collecting):  # noqa: ANN001
    support(session, people["citizen"], collecting, now=utcnow())
    batch = record_offline_batch(session, people["councillor"], collecting,
                                 source="  Paper petition   at the library ", count=40,
                                 now=utcnow())
    assert (batch.source, batch.count, batch.recorded_by_id) == (
        "Paper petition at the library", 40, people["councillor"].id)
    assert (collecting.support_count, collecting.offline_support_count) == (1, 40)
    assert collecting.total_supports == 41
    assert proposal_panel(collecting, utcnow()).breakdown == "1 online + 40 on paper"
    entry = session.scalars(select(AuditEntry).where(
        AuditEntry.action == AuditAction.OFFLINE_SUPPORTS_RECORDED)).one()
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        people["councillor"].id, "thread", collecting.id)
    assert "40" in entry.details and "library" in entry.details
    assert [b.id for b in offline_batches(session, collecting)] == [batch.id]


def test_batches_add_up(session, people, collecting):  # noqa: ANN001
    record_offline_batch(session, people["councillor"], collecting, source="Stall", count=10,
                         now=utcnow())
    record_offline_batch(session, people["admin"], collecting, source="Petition", count=25,
                         now=utcnow())
    assert collecting.offline_support_count == 35
    assert len(session.scalars(select(OfflineSupportBatch)).all()) == 2


def test_a_batch_crossing_the_threshold_qualifies_it_once(session, people,  # noqa: ANN001
                                                          collecting):
    record_offline_batch(session, people["councillor"], collecting, source="Petition",
                         count=60, now=utcnow())
    assert collecting.halfway_at is not None
    assert collecting.proposal_state == ProposalState.COLLECTING
    record_offline_batch(session, people["councillor"], collecting, source="Stall", count=40,
                         now=utcnow())
    assert collecting.proposal_state == ProposalState.QUALIFIED
    assert people["author"].id in set(session.scalars(select(Notification.user_id).where(
        Notification.kind == "proposal_reached")))
    with pytest.raises(Conflict) as error:
        record_offline_batch(session, people["councillor"], collecting, source="Late",
                             count=5, now=utcnow())
    assert error.value.code == "not_collecting"


@pytest.mark.parametrize("role", ["anonymous", "citizen", "author", "moderator", "suspended"])
def test_only_councillors_and_admins_record(session, people, collecting, role):  # noqa: ANN001
    assert not can_record_offline_supports(people[role], collecting, utcnow())
    with pytest.raises(NotAllowed):
        record_offline_batch(session, people[role], collecting, source="Petition", count=5,
                             now=utcnow())
    assert collecting.offline_support_count == 0


@pytest.mark.parametrize("role", ["councillor", "admin"])
def test_councillors_and_admins_may_record(people, collecting, role):  # noqa: ANN001
    assert can_record_offline_supports(people[role], collecting, utcnow())


@pytest.mark.parametrize(("source", "count", "field"), [
    ("", 5, "source"), ("x" * 201, 5, "source"), ("Petition", 0, "count"),
    ("Petition", None, "count"), ("Petition", 100_001, "count"), ("Petition", -3, "count")])
def test_a_bad_batch_names_its_field(session, people, collecting, source, count,  # noqa: ANN001
                                     field):
    with pytest.raises(Invalid) as error:
        record_offline_batch(session, people["councillor"], collecting, source=source,
                             count=count, now=utcnow())
    assert error.value.field == field
    assert collecting.offline_support_count == 0


def test_no_batch_after_the_window(session, people, topic):  # noqa: ANN001
    proposal = make_proposal(session, author=people["author"], topic=topic,
                             now=utcnow() - timedelta(days=100))
    assert not can_record_offline_supports(people["councillor"], proposal, utcnow())
    with pytest.raises(Conflict):
        record_offline_batch(session, people["councillor"], proposal, source="Petition",
                             count=5, now=utcnow())


def test_a_draft_takes_no_batch(session, people, draft):  # noqa: ANN001
    with pytest.raises(Conflict):
        record_offline_batch(session, people["councillor"], draft, source="Petition", count=5,
                             now=utcnow())
    assert draft.offline_support_count == 0
