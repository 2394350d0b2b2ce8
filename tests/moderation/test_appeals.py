"""Appeals: once only, decided by a different moderator, with outcomes and their effects."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.errors import Conflict, Invalid, NotAllowed
from forum.moderation import appeals, services
from forum.moderation.flags import flag_post
from forum.moderation.models import AuditAction, AuditEntry, Flag, Resolution
from forum.notifications.models import Notification
from tests.conftest import NOW

LATER = NOW + timedelta(hours=2)


@pytest.fixture
def hidden(session, post, people):  # noqa: ANN001
    """``post``, hidden by the moderator."""
    services.hide_post(session, people["moderator"], post, reason="Insulting.", now=NOW)
    return post


@pytest.fixture
def suspended(session, author, people):  # noqa: ANN001
    """``author``, suspended by the moderator for ten days."""
    services.suspend_user(session, people["moderator"], author, until=NOW + timedelta(days=10),
                          reason="Spamming.", now=NOW)
    return author


def test_author_appeals_a_hidden_post(session, hidden, author, people):
    appeal = appeals.appeal_post(session, author, hidden, statement=" It was a joke. ", now=NOW)
    assert (appeal.kind, appeal.status, appeal.statement, appeal.acted_by_id) == \
        ("post", "pending", "It was a joke.", people["moderator"].id)


def test_only_once(session, hidden, author):
    appeals.appeal_post(session, author, hidden, statement="Please.", now=NOW)
    with pytest.raises(Conflict) as error:
        appeals.appeal_post(session, author, hidden, statement="Please again.", now=NOW)
    assert error.value.code == "already_appealed"


@pytest.mark.parametrize("role", ["citizen", "moderator", "admin"])
def test_only_the_author_appeals(session, hidden, people, role):
    with pytest.raises(NotAllowed):
        appeals.appeal_post(session, people[role], hidden, statement="x", now=NOW)


def test_a_visible_post_has_nothing_to_appeal(session, post, author):
    with pytest.raises(Conflict) as error:
        appeals.appeal_post(session, author, post, statement="x", now=NOW)
    assert error.value.code == "not_hidden"


@pytest.mark.parametrize("statement,message", [("", "Say why"), ("  ", "Say why"),
                                               ("x" * 1001, "1,000")])
def test_statement_is_required_and_short(session, hidden, author, statement, message):
    with pytest.raises(Invalid, match=message) as error:
        appeals.appeal_post(session, author, hidden, statement=statement, now=NOW)
    assert error.value.field == "statement"


def test_the_moderator_who_acted_cannot_decide(session, hidden, author, people):
    appeal = appeals.appeal_post(session, author, hidden, statement="x", now=NOW)
    with pytest.raises(NotAllowed) as error:
        appeals.decide_appeal(session, people["moderator"], appeal, granted=True, reason="ok",
                              now=LATER)
    assert error.value.code == "same_moderator"
    assert appeal.is_pending and hidden.is_hidden


@pytest.mark.parametrize("role", ["citizen", "suspended", "councillor"])
def test_non_moderators_cannot_decide(session, hidden, author, people, role):
    appeal = appeals.appeal_post(session, author, hidden, statement="x", now=NOW)
    with pytest.raises(NotAllowed):
        appeals.decide_appeal(session, people[role], appeal, granted=True, reason="ok",
                              now=LATER)
    assert appeal.is_pending


def test_granted_post_appeal_restores_the_post(session, hidden, author, people):
    appeal = appeals.appeal_post(session, author, hidden, statement="Context matters.", now=NOW)
    appeals.decide_appeal(session, people["admin"], appeal, granted=True,
                          reason="Read in context it is fair.", now=LATER)
    assert appeal.status == "granted" and appeal.decided_by_id == people["admin"].id
    assert appeal.decision_reason == "Read in context it is fair."
    assert hidden.is_visible
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.target_type, entry.target_id, entry.details) == \
        (AuditAction.APPEAL_GRANTED, "appeal", appeal.id, "post restored")
    note = session.scalars(select(Notification).where(Notification.user_id == author.id)
                           .order_by(Notification.id.desc())).first()
    assert note.kind == "appeal_decided" and "granted" in note.message
    assert "Read in context it is fair." in note.message
    assert note.link == f"/posts/{hidden.id}/appeal"


def test_refused_post_appeal_keeps_the_post_hidden(session, hidden, author, people):
    appeal = appeals.appeal_post(session, author, hidden, statement="Unfair.", now=NOW)
    appeals.decide_appeal(session, people["admin"], appeal, granted=False,
                          reason="It names a private person.", now=LATER)
    assert appeal.status == "refused" and hidden.is_hidden
    assert hidden.hidden_reason == "Insulting."
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == AuditAction.APPEAL_REFUSED


def test_decided_once(session, hidden, author, people):
    appeal = appeals.appeal_post(session, author, hidden, statement="x", now=NOW)
    appeals.decide_appeal(session, people["admin"], appeal, granted=False, reason="No.",
                          now=LATER)
    with pytest.raises(Conflict) as error:
        appeals.decide_appeal(session, people["admin"], appeal, granted=True, reason="Yes.",
                              now=LATER)
    assert error.value.code == "already_decided"


@pytest.mark.parametrize("granted,reason,field", [(None, "ok", "granted"), ("yes", "ok", "granted"),
                                                  (True, "", "reason")])
def test_decision_needs_an_outcome_and_a_reason(session, hidden, author, people, granted, reason,
                                                field):
    appeal = appeals.appeal_post(session, author, hidden, statement="x", now=NOW)
    with pytest.raises(Invalid) as error:
        appeals.decide_appeal(session, people["admin"], appeal, granted=granted, reason=reason,
                              now=LATER)
    assert error.value.field == field
    assert appeal.is_pending


def test_appeal_against_automatic_hiding_any_moderator_decides(session, post, author, reporters,
                                                              people):
    for user in reporters[:3]:
        flag_post(session, user, post, reason="spam", threshold=3, now=NOW)
    appeal = appeals.appeal_post(session, author, post, statement="Not spam.", now=NOW)
    assert appeal.acted_by_id is None
    appeals.decide_appeal(session, people["moderator"], appeal, granted=False,
                          reason="It is an advert.", now=LATER)
    # refusing is the review: the reports are upheld and the public reason is the moderator's
    assert post.hidden_by_id == people["moderator"].id
    assert post.hidden_reason == "It is an advert."
    assert set(session.scalars(select(Flag.resolution))) == {Resolution.UPHELD}


def test_granting_an_automatic_hiding_dismisses_the_reports(session, post, author, reporters,
                                                            people):
    for user in reporters[:3]:
        flag_post(session, user, post, reason="spam", threshold=3, now=NOW)
    appeal = appeals.appeal_post(session, author, post, statement="Not spam.", now=NOW)
    appeals.decide_appeal(session, people["moderator"], appeal, granted=True, reason="Fine.",
                          now=LATER)
    assert post.is_visible
    assert set(session.scalars(select(Flag.resolution))) == {Resolution.DISMISSED}


def test_suspended_user_appeals_once(session, suspended, people):
    appeal = appeals.appeal_suspension(session, suspended, statement="I was hacked.", now=NOW)
    assert (appeal.kind, appeal.acted_by_id) == ("suspension", people["moderator"].id)
    with pytest.raises(Conflict):
        appeals.appeal_suspension(session, suspended, statement="Again.", now=NOW)


def test_not_suspended_nothing_to_appeal(session, author):
    with pytest.raises(Conflict) as error:
        appeals.appeal_suspension(session, author, statement="x", now=NOW)
    assert error.value.code == "not_suspended"


def test_granted_suspension_appeal_lifts_it(session, suspended, people):
    appeal = appeals.appeal_suspension(session, suspended, statement="I was hacked.", now=NOW)
    with pytest.raises(NotAllowed):
        appeals.decide_appeal(session, people["moderator"], appeal, granted=True, reason="x",
                              now=LATER)
    other = people["admin"]
    appeals.decide_appeal(session, other, appeal, granted=True, reason="Account was hacked.",
                          now=LATER)
    assert not suspended.is_suspended(LATER)
    assert appeal.suspension.lifted_at == LATER
    assert appeal.suspension.lifted_by_id == other.id


def test_refused_suspension_appeal_leaves_it(session, suspended, people):
    appeal = appeals.appeal_suspension(session, suspended, statement="Unfair.", now=NOW)
    appeals.decide_appeal(session, people["admin"], appeal, granted=False, reason="Clear spam.",
                          now=LATER)
    assert suspended.is_suspended(LATER)


def test_a_moderator_cannot_decide_their_own_appeal(session, thread, people):
    from tests.factories import make_post
    mod, admin = people["moderator"], people["admin"]
    own = make_post(session, thread=thread, author=mod)
    services.hide_post(session, admin, own, reason="Off topic.", now=NOW)
    appeal = appeals.appeal_post(session, mod, own, statement="It was on topic.", now=NOW)
    with pytest.raises(NotAllowed) as error:
        appeals.decide_appeal(session, mod, appeal, granted=True, reason="x", now=LATER)
    assert error.value.code == "own_appeal"


def test_pending_and_own_lists(session, hidden, suspended, author, people):
    first = appeals.appeal_post(session, author, hidden, statement="a", now=NOW)
    second = appeals.appeal_suspension(session, author, statement="b", now=LATER)
    assert [a.id for a in session.scalars(appeals.pending_appeals()).unique()] == \
        [first.id, second.id]
    assert [a.id for a in session.scalars(appeals.appeals_by(author)).unique()] == \
        [second.id, first.id]
    appeals.decide_appeal(session, people["admin"], first, granted=False, reason="No.",
                          now=LATER)
    assert [a.id for a in session.scalars(appeals.pending_appeals()).unique()] == [second.id]
