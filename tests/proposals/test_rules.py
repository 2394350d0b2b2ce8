"""Who may start, edit, publish, invite, join and support, for every role."""
from __future__ import annotations

import pytest

from forum.db import utcnow
from forum.proposals.rules import (can_edit_proposal, can_invite_coauthors,
                                   can_join_as_coauthor, can_publish, can_start_proposal,
                                   can_support, can_view_proposal_draft)
from tests.proposals.conftest import ROLES

#: role -> (start, view draft, edit draft, publish, invite, join, support)
TABLE = {
    "anonymous":   (False, False, False, False, False, False, False),
    "citizen":     (True, False, False, False, False, True, True),
    "unconfirmed": (False, False, False, False, False, False, False),
    "suspended":   (False, False, False, False, False, False, False),
    "author":      (True, True, True, True, True, False, True),
    "coauthor":    (True, True, True, False, False, False, True),
    "councillor":  (True, True, False, False, False, True, True),
    "moderator":   (True, True, False, False, False, True, True),
    "admin":       (True, True, False, False, False, True, True),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role(session, people, topic, draft, collecting, role):  # noqa: ANN001
    now, user = utcnow(), people[role]
    got = (can_start_proposal(user, topic, now), can_view_proposal_draft(user, draft, now),
           can_edit_proposal(user, draft, now), can_publish(user, draft, now),
           can_invite_coauthors(user, draft, now), can_join_as_coauthor(user, draft, now),
           can_support(user, collecting, now))
    assert got == TABLE[role]


def test_a_published_proposal_is_no_draft_to_edit(people, collecting):  # noqa: ANN001
    now = utcnow()
    assert not can_edit_proposal(people["author"], collecting, now)
    assert not can_publish(people["author"], collecting, now)
    assert not can_view_proposal_draft(people["admin"], collecting, now)


def test_no_support_for_a_thread_that_is_no_proposal(session, people):  # noqa: ANN001
    from tests.factories import make_thread
    assert not can_support(people["citizen"], make_thread(session), utcnow())
