"""Supports counted exactly when they arrive at once: real threads, real commits, on SQLite
and PostgreSQL (the ``fresh_app`` fixture moves the test to the live database)."""
from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import func, select

from forum.accounts.models import User
from forum.db import db, utcnow
from forum.errors import DomainError
from forum.proposals.models import Proposal, ProposalEvent, ProposalState, ProposalSupport
from forum.proposals.services import support, withdraw
from tests.factories import make_user
from tests.proposals.conftest import make_proposal


def at_once(fresh_app, calls: list[Callable[[], object]]) -> list[object]:  # noqa: ANN001
    """Run each call in its own thread and session, all released together; each commits
    (or rolls back on a domain error, whose code is its result)."""
    barrier = threading.Barrier(len(calls), timeout=60)
    results: list[object] = [None] * len(calls)

    def run(index: int) -> None:
        with fresh_app.app_context():
            barrier.wait()
            try:
                results[index] = calls[index]()
                db.session.commit()
            except DomainError as error:
                db.session.rollback()
                results[index] = error.code
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _as(user_id: int, proposal_id: int, act: Callable[..., bool]) -> Callable[[], bool]:
    """A call of ``act`` by user ``user_id`` on proposal ``proposal_id``, loaded afresh."""
    def call() -> bool:
        user, proposal = db.session.get(User, user_id), db.session.get(Proposal, proposal_id)
        return act(db.session, user, proposal, now=utcnow())
    return call


def _counts(proposal_id: int) -> tuple[int, int]:
    """(the stored counter, the rows) of a proposal, read afresh."""
    db.session.remove()
    stored = db.session.get(Proposal, proposal_id).support_count
    rows = db.session.scalar(select(func.count()).select_from(ProposalSupport).where(
        ProposalSupport.proposal_id == proposal_id))
    return stored, rows


def _proposal(session, threshold: int = 100) -> tuple[int, list[int]]:  # noqa: ANN001
    proposal = make_proposal(session, threshold=threshold)
    people = [make_user(session).id for _ in range(50)]
    session.commit()
    return proposal.id, people


def test_fifty_people_at_once_count_fifty(fresh_app, session):  # noqa: ANN001
    proposal_id, people = _proposal(session)
    results = at_once(fresh_app, [_as(p, proposal_id, support) for p in people])
    assert results == [True] * 50
    assert _counts(proposal_id) == (50, 50)


def test_one_person_twenty_times_counts_one(fresh_app, session):  # noqa: ANN001
    proposal_id, people = _proposal(session)
    results = at_once(fresh_app, [_as(people[0], proposal_id, support) for _ in range(20)])
    assert sorted(results, key=str) == [False] * 19 + [True]
    assert _counts(proposal_id) == (1, 1)


def test_withdrawing_twice_at_once_counts_once(fresh_app, session):  # noqa: ANN001
    proposal_id, people = _proposal(session)
    proposal = session.get(Proposal, proposal_id)
    for person in people[:3]:
        support(session, db.session.get(User, person), proposal, now=utcnow())
    session.commit()
    results = at_once(fresh_app, [_as(people[0], proposal_id, withdraw) for _ in range(10)])
    assert sorted(results, key=str) == [False] * 9 + [True]
    assert _counts(proposal_id) == (2, 2)


def test_supports_and_withdrawals_mixed_keep_the_count_true(fresh_app, session):  # noqa: ANN001
    proposal_id, people = _proposal(session)
    proposal = session.get(Proposal, proposal_id)
    for person in people[:20]:
        support(session, db.session.get(User, person), proposal, now=utcnow())
    session.commit()
    calls = ([_as(p, proposal_id, withdraw) for p in people[:20]]
             + [_as(p, proposal_id, support) for p in people[20:40]])
    assert at_once(fresh_app, calls) == [True] * 40
    assert _counts(proposal_id) == (20, 20)


def test_crossing_the_threshold_together_qualifies_once(fresh_app, session):  # noqa: ANN001
    proposal_id, people = _proposal(session, threshold=10)
    results = at_once(fresh_app, [_as(p, proposal_id, support) for p in people[:20]])
    counted = results.count(True)
    assert counted >= 10 and set(results) <= {True, "not_collecting"}
    stored, rows = _counts(proposal_id)
    assert stored == rows == counted
    moves = db.session.scalars(select(ProposalEvent.to_state).where(
        ProposalEvent.proposal_id == proposal_id)).all()
    assert moves.count(ProposalState.QUALIFIED) == 1
    assert db.session.get(Proposal, proposal_id).proposal_state == ProposalState.QUALIFIED
