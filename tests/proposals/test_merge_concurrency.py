"""Merging a duplicate while people support both proposals: every person counts once on the
proposal kept, the counter matches the rows, and no support lands on the merged duplicate
once it is merged. Real threads and real commits, on SQLite and PostgreSQL."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from forum.accounts.models import Role, User
from forum.db import db, utcnow
from forum.proposals.models import Proposal, ProposalState, ProposalSupport
from forum.proposals.moderation import merge_proposals
from forum.proposals.services import support
from tests.factories import make_user
from tests.proposals.conftest import make_proposal
from tests.proposals.test_concurrency import _as, at_once


def _merge(moderator_id: int, duplicate_id: int, target_id: int) -> Callable[[], object]:
    def call() -> object:
        get = db.session.get
        return merge_proposals(db.session, get(User, moderator_id), get(Proposal, duplicate_id),
                               get(Proposal, target_id), now=utcnow())
    return call


def _supporters(proposal_id: int) -> set[int]:
    return set(db.session.scalars(select(ProposalSupport.user_id).where(
        ProposalSupport.proposal_id == proposal_id)))


def test_supports_racing_a_merge_count_once_each(fresh_app, session):  # noqa: ANN001
    now = utcnow()
    duplicate = make_proposal(session, title="Zebra crossing, Mill Road", now=now)
    target = make_proposal(session, title="A crossing on Mill Road", now=now)
    earlier = [make_user(session) for _ in range(10)]   # support the duplicate
    original = [make_user(session) for _ in range(5)]   # support the target
    newcomers = [make_user(session).id for _ in range(8)]
    for person in earlier:
        support(session, person, duplicate, now=now)
    for person in original + earlier[:3]:                 # three support both already
        support(session, person, target, now=now)
    moderator = make_user(session, role=Role.MODERATOR)
    session.commit()
    both_later = [p.id for p in earlier[3:8]]            # ask to support the target too
    ids = (duplicate.id, target.id, moderator.id)
    already = {p.id for p in earlier + original}
    duplicate_id, target_id, moderator_id = ids

    calls = ([_merge(moderator_id, duplicate_id, target_id)]
             + [_as(p, duplicate_id, support) for p in newcomers]
             + [_as(p, target_id, support) for p in both_later])
    results = at_once(fresh_app, calls)

    assert isinstance(results[0], int)  # the merge went through
    joined_duplicate = {p for p, r in zip(newcomers, results[1:9]) if r is True}
    assert set(results[1:9]) <= {True, "not_collecting"}
    db.session.remove()
    kept = db.session.get(Proposal, target_id)
    merged = db.session.get(Proposal, duplicate_id)
    assert merged.proposal_state == ProposalState.MERGED and merged.merged_into_id == target_id
    expected = already | joined_duplicate
    assert _supporters(target_id) == expected
    assert kept.support_count == len(expected)
    assert merged.support_count == len(_supporters(duplicate_id))
