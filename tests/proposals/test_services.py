"""Proposal services: start a draft, edit, co-authors, publish, support and withdraw."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.errors import Conflict, Invalid, NotAllowed, NotFound
from forum.notifications.models import Notification
from forum.proposals.models import ProposalEvent, ProposalState, ProposalSupport
from forum.proposals.services import (invite_link, join_as_coauthor, publish_proposal,
                                      support, supports, update_draft,
                                      withdraw)
from tests.factories import make_topic, make_user
from tests.proposals.conftest import make_proposal


def test_start_makes_a_draft_with_the_topics_threshold(session, people):  # noqa: ANN001
    topic = make_topic(session)
    topic.proposal_threshold = 5
    proposal = make_proposal(session, author=people["author"], topic=topic, publish=False,
                             area="North ward", cost_estimate=12000, problem="**Too fast**")
    assert proposal.proposal_state == ProposalState.DRAFT
    assert proposal.threshold == 5
    assert proposal.problem_html == "<p><strong>Too fast</strong></p>"
    assert (proposal.area, proposal.cost_estimate) == ("North ward", 12000)
    assert proposal.collect_until is None


def test_start_uses_the_sites_threshold_without_the_topics(session, people, topic):  # noqa: ANN001
    assert make_proposal(session, topic=topic, publish=False, threshold=70).threshold == 70


@pytest.mark.parametrize(("fields", "field"), [
    ({"title": "abc"}, "title"), ({"problem": "  "}, "problem"), ({"proposal": ""}, "body"),
    ({"area": "x" * 101}, "area"), ({"cost_estimate": -1}, "cost_estimate")])
def test_start_names_the_bad_field(session, people, topic, fields, field):  # noqa: ANN001
    with pytest.raises(Invalid) as error:
        make_proposal(session, author=people["author"], topic=topic, publish=False, **fields)
    assert error.value.field == field


@pytest.mark.parametrize("role", ["unconfirmed", "suspended"])
def test_an_unverified_account_cannot_start(session, people, topic, role):  # noqa: ANN001
    with pytest.raises(NotAllowed) as error:
        make_proposal(session, author=people[role], topic=topic, publish=False)
    assert error.value.code in {"email_unconfirmed", "suspended"}


def test_an_archived_topic_takes_no_proposal(session, people):  # noqa: ANN001
    with pytest.raises(NotAllowed):
        make_proposal(session, author=people["author"], topic=make_topic(session, archived=True))


def test_publish_opens_the_window_and_records_the_move(session, people, topic):  # noqa: ANN001
    now = utcnow()
    proposal = make_proposal(session, author=people["author"], topic=topic, publish=False)
    publish_proposal(session, people["author"], proposal, now=now, days=30)
    assert proposal.proposal_state == ProposalState.COLLECTING
    assert (proposal.published_at, proposal.collect_until) == (now, now + timedelta(days=30))
    event = session.scalars(select(ProposalEvent).where(
        ProposalEvent.proposal_id == proposal.id)).one()
    assert (event.from_state, event.to_state, event.actor_id) == (
        ProposalState.DRAFT, ProposalState.COLLECTING, people["author"].id)
    with pytest.raises(NotAllowed):
        publish_proposal(session, people["author"], proposal, now=now, days=30)


def test_publishing_tells_the_topics_followers(session, people, topic):  # noqa: ANN001
    from forum.notifications.follows import add_follow
    from forum.notifications.models import FollowKind
    add_follow(session, people["citizen"], FollowKind.TOPIC, topic.id, now=utcnow())
    proposal = make_proposal(session, author=people["author"], topic=topic, publish=False)
    assert session.scalars(select(Notification).where(
        Notification.user_id == people["citizen"].id)).all() == []
    publish_proposal(session, people["author"], proposal, now=utcnow(), days=30)
    told = session.scalars(select(Notification).where(
        Notification.user_id == people["citizen"].id)).one()
    assert told.link == f"/threads/{proposal.id}" and "collecting support" in told.message


def test_only_the_author_publishes(session, people, draft):  # noqa: ANN001
    with pytest.raises(NotAllowed):
        publish_proposal(session, people["coauthor"], draft, now=utcnow(), days=30)


def test_coauthors_edit_the_draft_until_it_is_published(session, people, draft):  # noqa: ANN001
    now = utcnow()
    update_draft(session, people["coauthor"], draft, title="A zebra crossing on Mill Road",
                 problem="Cars are fast.", proposal_text="Paint a crossing.", area="Mill Road",
                 cost_estimate=None, now=now)
    assert (draft.title, draft.body, draft.problem, draft.area) == (
        "A zebra crossing on Mill Road", "Paint a crossing.", "Cars are fast.", "Mill Road")
    publish_proposal(session, people["author"], draft, now=now, days=30)
    with pytest.raises(NotAllowed) as error:
        update_draft(session, people["author"], draft, title="Another title here",
                     problem="x y z", proposal_text="a b c", now=now)
    assert error.value.code == "proposal_published"


def test_strangers_cannot_edit_a_draft(session, people, draft):  # noqa: ANN001
    with pytest.raises(NotAllowed):
        update_draft(session, people["citizen"], draft, title="A title of mine",
                     problem="x y z", proposal_text="a b c", now=utcnow())


def test_at_most_five_coauthors_join_by_link(session, people, topic):  # noqa: ANN001
    proposal = make_proposal(session, author=people["author"], topic=topic, publish=False)
    token = invite_link(session, people["author"], proposal, now=utcnow())
    for _ in range(5):
        join_as_coauthor(session, make_user(session), token, now=utcnow())
    with pytest.raises(Conflict) as error:
        join_as_coauthor(session, make_user(session), token, now=utcnow())
    assert error.value.code == "coauthors_full"
    assert len(proposal.coauthors) == 5


def test_joining_twice_or_as_author_is_refused(session, people, draft):  # noqa: ANN001
    token = draft.invite_token
    for who in ("author", "coauthor"):
        with pytest.raises(Conflict):
            join_as_coauthor(session, people[who], token, now=utcnow())


def test_a_renewed_link_stops_the_old_one(session, people, draft):  # noqa: ANN001
    old = draft.invite_token
    new = invite_link(session, people["author"], draft, now=utcnow(), renew=True)
    assert new != old
    with pytest.raises(NotFound):
        join_as_coauthor(session, people["citizen"], old, now=utcnow())
    assert join_as_coauthor(session, people["citizen"], new, now=utcnow()) is draft


def test_only_the_author_shares_the_link(session, people, draft):  # noqa: ANN001
    with pytest.raises(NotAllowed):
        invite_link(session, people["coauthor"], draft, now=utcnow())


def test_support_counts_once_per_person(session, people, collecting):  # noqa: ANN001
    now = utcnow()
    assert support(session, people["citizen"], collecting, now=now, area="North") is True
    assert support(session, people["citizen"], collecting, now=now) is False
    session.refresh(collecting)
    assert collecting.support_count == 1
    assert supports(session, people["citizen"], collecting)
    row = session.scalars(select(ProposalSupport)).one()
    assert row.area == "North"


def test_withdraw_removes_the_support(session, people, collecting):  # noqa: ANN001
    now = utcnow()
    support(session, people["citizen"], collecting, now=now)
    assert withdraw(session, people["citizen"], collecting, now=now) is True
    assert withdraw(session, people["citizen"], collecting, now=now) is False
    assert collecting.support_count == 0
    assert not supports(session, people["citizen"], collecting)


@pytest.mark.parametrize("role", ["anonymous", "unconfirmed", "suspended"])
def test_unverified_people_cannot_support(session, people, collecting, role):  # noqa: ANN001
    with pytest.raises(NotAllowed):
        support(session, people[role], collecting, now=utcnow())


def test_no_support_after_the_window(session, people, collecting):  # noqa: ANN001
    later = collecting.collect_until + timedelta(seconds=1)
    with pytest.raises(Conflict) as error:
        support(session, people["citizen"], collecting, now=later)
    assert error.value.code == "not_collecting"


def test_a_draft_takes_no_support(session, people, draft):  # noqa: ANN001
    with pytest.raises(Conflict):
        support(session, people["citizen"], draft, now=utcnow())


def test_reaching_the_threshold_qualifies_and_tells(session, people, topic):  # noqa: ANN001
    now = utcnow()
    proposal = make_proposal(session, author=people["author"], topic=topic, threshold=4,
                             now=now)
    backers = [make_user(session) for _ in range(4)]
    for backer in backers[:2]:
        support(session, backer, proposal, now=now)
    assert proposal.halfway_at == now and proposal.proposal_state == ProposalState.COLLECTING
    halfway = session.scalars(select(Notification.user_id).where(
        Notification.kind == "proposal_halfway")).all()
    assert set(halfway) == {people["author"].id, backers[0].id}
    for backer in backers[2:]:
        support(session, backer, proposal, now=now)
    assert proposal.proposal_state == ProposalState.QUALIFIED and proposal.qualified_at == now
    reached = set(session.scalars(select(Notification.user_id).where(
        Notification.kind == "proposal_reached")))
    assert reached == {people["author"].id, *(b.id for b in backers[:3])}
    staff = set(session.scalars(select(Notification.user_id).where(
        Notification.kind == "proposal_qualified")))
    assert {people["councillor"].id, people["admin"].id} <= staff
    assert people["moderator"].id not in staff
    with pytest.raises(Conflict):
        support(session, make_user(session), proposal, now=now)
