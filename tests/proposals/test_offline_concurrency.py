"""Offline batches recorded at the same moment all count, and crossing the threshold
together (a batch and supports online) qualifies the proposal once: real threads and real
commits, on SQLite and PostgreSQL."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from forum.accounts.models import Role, User
from forum.db import db, utcnow
from forum.proposals.models import (OfflineSupportBatch, Proposal, ProposalEvent,
                                    ProposalState)
from forum.proposals.offline import record_offline_batch
from forum.proposals.services import support
from tests.factories import make_user
from tests.proposals.test_concurrency import _as, at_once
from tests.proposals.conftest import make_proposal


def _batch(user_id: int, proposal_id: int, count: int) -> Callable[[], object]:
    def call() -> object:
        user, proposal = db.session.get(User, user_id), db.session.get(Proposal, proposal_id)
        return record_offline_batch(db.session, user, proposal, source="Petition",
                                    count=count, now=utcnow()).count
    return call


def test_ten_batches_at_once_all_count(fresh_app, session):  # noqa: ANN001
    proposal = make_proposal(session, threshold=1000)
    councillors = [make_user(session, role=Role.COUNCILLOR).id for _ in range(10)]
    session.commit()
    results = at_once(fresh_app, [_batch(c, proposal.id, 7) for c in councillors])
    assert results == [7] * 10
    db.session.remove()
    assert db.session.get(Proposal, proposal.id).offline_support_count == 70
    assert db.session.scalar(select(func.sum(OfflineSupportBatch.count))) == 70


def test_crossing_together_qualifies_once(fresh_app, session):  # noqa: ANN001
    proposal = make_proposal(session, threshold=20)
    councillors = [make_user(session, role=Role.COUNCILLOR).id for _ in range(4)]
    residents = [make_user(session).id for _ in range(6)]
    session.commit()
    calls = [_batch(c, proposal.id, 4) for c in councillors]
    calls += [_as(r, proposal.id, support) for r in residents]
    results = at_once(fresh_app, calls)
    # 16 on paper and 6 online pass the threshold of 20; what arrives once it has qualified
    # is refused, and nothing refused is counted
    assert set(results[:4]) <= {4, "not_collecting"}
    assert set(results[4:]) <= {True, "not_collecting"}
    db.session.remove()
    stored = db.session.get(Proposal, proposal.id)
    assert stored.offline_support_count == 4 * results[:4].count(4)
    assert stored.support_count == results[4:].count(True)
    assert stored.total_supports >= 20
    assert stored.proposal_state == ProposalState.QUALIFIED
    assert db.session.scalar(select(func.count()).select_from(ProposalEvent).where(
        ProposalEvent.proposal_id == proposal.id,
        ProposalEvent.to_state == ProposalState.QUALIFIED)) == 1
