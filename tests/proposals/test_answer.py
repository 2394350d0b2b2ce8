"""The council's answer to a qualified proposal: draft, publish, correct, updates, done, the
state moves they make, who is told, due dates, and the council inbox."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.council.models import Decision, ResponseRevision
from forum.council.services import parse_decision
from forum.council.thread_responses import waiting_threads
from forum.db import utcnow
from forum.errors import Conflict, Invalid, NotAllowed
from forum.notifications.models import Notification
from forum.proposals.answer import (answer_timing, complete_answer, due_at, post_update,
                                    publish_answer, save_answer)
from forum.proposals.answer_rules import can_answer_proposal, can_view_answer
from forum.proposals.models import ProposalEvent, ProposalState
from forum.proposals.services import support
from tests.consultations.conftest import make_consultation
from tests.factories import make_user
from tests.proposals.conftest import make_proposal

DUE_DAYS = 30


@pytest.fixture
def qualified(session, people, topic):  # noqa: ANN001
    """A proposal by "author" that two residents supported past its threshold of 2."""
    proposal = make_proposal(session, author=people["author"], topic=topic, threshold=2,
                             now=utcnow() - timedelta(days=2))
    for name in ("Sam Supporter", "Pat Supporter"):
        support(session, make_user(session, name=name), proposal, now=utcnow())
    assert proposal.proposal_state == ProposalState.QUALIFIED
    return proposal


def _answer(session, people, proposal, **fields):  # noqa: ANN001, ANN202
    fields = {"decision": "accepted", "body": "We will build it next spring.", **fields}
    return save_answer(session, people["councillor"], proposal, now=utcnow(), **fields)


def _told(session, kind: str) -> set[int]:  # noqa: ANN001
    return set(session.scalars(select(Notification.user_id).where(Notification.kind == kind)))


def test_a_draft_answer_is_seen_by_councillors_only(session, people, qualified):  # noqa: ANN001
    response = _answer(session, people, qualified)
    assert (response.thread_id, response.summary_id, response.published_at) == (
        qualified.id, None, None)
    assert qualified.council_response is response
    assert qualified.proposal_state == ProposalState.QUALIFIED
    now = utcnow()
    assert can_view_answer(people["councillor"], qualified, now)
    assert not can_view_answer(people["citizen"], qualified, now)
    assert not can_view_answer(None, qualified, now)


def test_publishing_answers_the_proposal_and_tells_its_people(session, people,  # noqa: ANN001
                                                              qualified):
    _answer(session, people, qualified, decision="accepted_in_part")
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    assert qualified.proposal_state == ProposalState.ANSWERED
    event = session.scalars(select(ProposalEvent).where(
        ProposalEvent.to_state == ProposalState.ANSWERED)).one()
    assert (event.from_state, event.actor_id, event.note) == (
        ProposalState.QUALIFIED, people["councillor"].id, "Accepted in part")
    told = _told(session, "proposal_answered")
    assert people["author"].id in told and len(told) == 3  # author and two supporters
    assert people["councillor"].id not in told
    assert can_view_answer(None, qualified, utcnow())
    assert session.scalars(select(ResponseRevision.number)).all() == [1]


def test_an_answer_is_published_once(session, people, qualified):  # noqa: ANN001
    _answer(session, people, qualified)
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    with pytest.raises(Conflict):
        publish_answer(session, people["admin"], qualified, now=utcnow())
    with pytest.raises(Conflict) as error:
        publish_answer(session, people["admin"], make_proposal(session, topic=qualified.topic),
                       now=utcnow())
    assert error.value.code == "not_qualified"


@pytest.mark.parametrize("role", ["anonymous", "citizen", "author", "moderator", "suspended"])
def test_only_councillors_answer(session, people, qualified, role):  # noqa: ANN001
    assert not can_answer_proposal(people[role], qualified, utcnow())
    with pytest.raises(NotAllowed):
        save_answer(session, people[role], qualified, decision="accepted", body="Yes.",
                    now=utcnow())


@pytest.mark.parametrize("role", ["councillor", "admin"])
def test_councillors_and_admins_answer(session, people, qualified, role):  # noqa: ANN001
    assert can_answer_proposal(people[role], qualified, utcnow())


def test_a_collecting_proposal_is_not_answered_yet(session, people, collecting):  # noqa: ANN001
    assert not can_answer_proposal(people["councillor"], collecting, utcnow())
    with pytest.raises(Conflict) as error:
        _answer(session, people, collecting)
    assert error.value.code == "not_qualified"


@pytest.mark.parametrize(("fields", "field"), [
    ({"decision": "agreed"}, "decision"), ({"decision": "maybe"}, "decision"),
    ({"body": "   "}, "body"), ({"decision": "consultation"}, "consultation"),
    ({"decision": "consultation", "consultation_id": 999999}, "consultation")])
def test_a_bad_answer_names_its_field(session, people, qualified, fields, field):  # noqa: ANN001
    with pytest.raises(Invalid) as error:
        _answer(session, people, qualified, **fields)
    assert error.value.field == field


def test_a_consultation_is_linked_only_with_that_decision(session, people,  # noqa: ANN001
                                                          qualified):
    consultation = make_consultation(session, people["councillor"], qualified.topic)
    with pytest.raises(Invalid) as error:
        _answer(session, people, qualified, consultation_id=consultation.id)
    assert error.value.field == "consultation"
    response = _answer(session, people, qualified, decision="consultation",
                       consultation_id=consultation.id)
    assert response.consultation_id == consultation.id
    assert response.decision.label == "Turned into a consultation"


def test_a_summary_response_keeps_its_own_decisions():
    assert parse_decision("agreed") == Decision.AGREED
    with pytest.raises(Invalid):
        parse_decision("accepted")


def test_a_correction_is_public_and_keeps_the_state(session, people, qualified):  # noqa: ANN001
    _answer(session, people, qualified)
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    later = utcnow() + timedelta(hours=1)
    response = save_answer(session, people["admin"], qualified, decision="not_accepted",
                           body="The budget was cut.", now=later)
    assert (response.decision, response.corrected_at) == (Decision.NOT_ACCEPTED, later)
    assert session.scalars(select(ResponseRevision.number).order_by(
        ResponseRevision.number)).all() == [1, 2]
    assert qualified.proposal_state == ProposalState.ANSWERED


def test_updates_move_it_in_progress_then_done(session, people, qualified):  # noqa: ANN001
    _answer(session, people, qualified)
    with pytest.raises(Conflict):
        post_update(session, people["councillor"], qualified, body="Too soon.", now=utcnow())
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    post_update(session, people["councillor"], qualified, body="Budget approved.",
                now=utcnow())
    assert qualified.proposal_state == ProposalState.IN_PROGRESS
    post_update(session, people["councillor"], qualified, body="Works began.", now=utcnow())
    assert qualified.proposal_state == ProposalState.IN_PROGRESS
    post_update(session, people["admin"], qualified, body="Crossing open.", complete=True,
                now=utcnow())
    assert qualified.proposal_state == ProposalState.DONE
    assert qualified.council_response.is_complete
    moves = session.scalars(select(ProposalEvent.to_state).where(
        ProposalEvent.proposal_id == qualified.id).order_by(ProposalEvent.id)).all()
    assert moves[-3:] == [ProposalState.ANSWERED, ProposalState.IN_PROGRESS,
                          ProposalState.DONE]
    assert len(session.scalars(select(Notification).where(
        Notification.kind == "proposal_updated", Notification.user_id == people["author"].id)
    ).all()) == 3
    with pytest.raises(Conflict) as error:
        post_update(session, people["councillor"], qualified, body="More.", now=utcnow())
    assert error.value.code == "response_complete"


def test_the_work_is_marked_done_without_an_update(session, people, qualified):  # noqa: ANN001
    _answer(session, people, qualified)
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    complete_answer(session, people["councillor"], qualified, now=utcnow())
    assert qualified.proposal_state == ProposalState.DONE
    assert people["author"].id in _told(session, "proposal_updated")
    with pytest.raises(Conflict):
        complete_answer(session, people["councillor"], qualified, now=utcnow())


def test_the_answer_is_due_after_it_qualified(session, people, qualified):  # noqa: ANN001
    due = due_at(qualified, DUE_DAYS)
    assert due == qualified.qualified_at + timedelta(days=DUE_DAYS)
    assert answer_timing(qualified, None, utcnow(), DUE_DAYS) == "pending"
    assert answer_timing(qualified, None, due + timedelta(seconds=1), DUE_DAYS) == "overdue"
    response = _answer(session, people, qualified)
    assert answer_timing(qualified, response, due + timedelta(days=1), DUE_DAYS) == "overdue"
    publish_answer(session, people["councillor"], qualified, now=due + timedelta(days=1))
    assert answer_timing(qualified, response, due + timedelta(days=2), DUE_DAYS) == "late"
    assert answer_timing(make_proposal(session), None, utcnow(), DUE_DAYS) is None


def test_published_on_the_due_date_is_on_time(session, people, qualified):  # noqa: ANN001
    response = _answer(session, people, qualified)
    due = due_at(qualified, DUE_DAYS)
    publish_answer(session, people["councillor"], qualified, now=due)
    assert answer_timing(qualified, response, due + timedelta(days=5), DUE_DAYS) == "on_time"


def test_the_inbox_lists_qualified_proposals_until_answered(session, people,  # noqa: ANN001
                                                            qualified):
    make_proposal(session, topic=qualified.topic, title="Still collecting support")
    later = utcnow() + timedelta(days=DUE_DAYS + 1)
    [item] = waiting_threads(session, later, DUE_DAYS)
    assert (item.title, item.link, item.respond_link) == (
        qualified.title, f"/threads/{qualified.id}", f"/proposals/{qualified.id}/answer")
    assert item.due_at == qualified.qualified_at + timedelta(days=DUE_DAYS)
    assert item.is_overdue(later) and not item.is_overdue(utcnow())
    assert not item.has_draft
    _answer(session, people, qualified)
    assert waiting_threads(session, later, DUE_DAYS)[0].has_draft
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    assert waiting_threads(session, later, DUE_DAYS) == []


def test_rebuilding_the_search_index_skips_answers_to_proposals(session, people,  # noqa: ANN001
                                                               qualified):
    from forum.search.index import reindex_all
    _answer(session, people, qualified)
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    assert reindex_all(session) > 0  # the proposal itself (a thread) is indexed
