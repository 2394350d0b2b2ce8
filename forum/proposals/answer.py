"""The council's answer to a qualified proposal, through the council's response machinery.

A councillor drafts the answer (Accepted, Accepted in part, Not accepted, or Turned into a
consultation, with its reasons), previews it and publishes it: the proposal moves to
*answered*. The first progress update moves it to *in progress*; marking the work done moves
it to *done*. Each move goes through :func:`forum.proposals.states.move`, so it is dated
and signed on the proposal's timeline. The answer is due ``RESPONSE_DUE_DAYS`` after the
proposal qualified; the qualified proposals appear in the council inbox with that date.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from forum.accounts.models import User
from forum.council.models import CouncilResponse, ResponseUpdate
from forum.council.thread_responses import (InboxItem, add_thread_update,
                                            publish_thread_response, register_inbox_source,
                                            save_thread_response)
from forum.errors import Conflict
from forum.i18n import _
from forum.proposals import answer_notify
from forum.proposals.answer_rules import why_cannot_answer, why_cannot_update
from forum.proposals.models import Proposal, ProposalState
from forum.proposals.states import move
from forum.threads.models import ThreadKind


def due_at(proposal: Proposal, due_days: int) -> datetime | None:
    """When the council's answer is due: ``due_days`` after the proposal qualified."""
    if proposal.qualified_at is None:
        return None
    return proposal.qualified_at + timedelta(days=due_days)


def answer_timing(proposal: Proposal, response: CouncilResponse | None, now: datetime,
                  due_days: int) -> str | None:
    """``on_time``, ``late``, ``overdue`` or ``pending`` for a qualified proposal's answer
    (only a published answer counts); ``None`` if it never qualified."""
    due = due_at(proposal, due_days)
    if due is None:
        return None
    if response is not None and response.published_at is not None:
        return "on_time" if response.published_at <= due else "late"
    return "overdue" if due < now else "pending"


def _check(error: Exception | None) -> None:
    if error is not None:
        raise error


def save_answer(session: Session, actor: User, proposal: Proposal, *, decision: str, body: str,
                consultation_id: int | None = None, now: datetime) -> CouncilResponse:
    """Save the draft answer to a qualified proposal, or correct the published one (a public
    revision; its supporters are not told again)."""
    correcting = proposal.council_response is not None and proposal.council_response.is_published
    _check(why_cannot_answer(actor, proposal, now, "correct" if correcting else "draft"))
    response = save_thread_response(session, actor, proposal, decision=decision, body=body,
                                    consultation_id=consultation_id, now=now)
    session.refresh(proposal, ["council_response"])
    return response


def publish_answer(session: Session, actor: User, proposal: Proposal, *,
                   now: datetime) -> CouncilResponse:
    """Publish the draft answer: the proposal is *answered*, and its supporters, followers
    and authors are told."""
    _check(why_cannot_answer(actor, proposal, now, "publish"))
    response = proposal.council_response
    publish_thread_response(session, actor, response, now=now)
    if not move(session, proposal, ProposalState.ANSWERED, actor=actor, now=now,
                note=response.decision.message):
        raise Conflict(_("This proposal has just changed state; reload the page."),
                       code="wrong_state")
    answer_notify.tell_answered(session, proposal, response, actor=actor, now=now)
    return response


def post_update(session: Session, actor: User, proposal: Proposal, *, body: str,
                complete: bool = False, now: datetime) -> ResponseUpdate:
    """Add a dated progress update: the first moves the proposal to *in progress*;
    ``complete`` marks the work done (*done*). Supporters and followers are told."""
    _check(why_cannot_update(actor, proposal, now))
    response = proposal.council_response
    update = add_thread_update(session, actor, response, body=body, complete=complete, now=now)
    move(session, proposal, ProposalState.IN_PROGRESS, actor=actor, now=now)
    if complete:
        move(session, proposal, ProposalState.DONE, actor=actor, now=now)
    answer_notify.tell_updated(session, proposal, update, actor=actor, now=now)
    return update


def complete_answer(session: Session, actor: User, proposal: Proposal, *,
                    now: datetime) -> CouncilResponse:
    """Mark the work promised done without a further update: the proposal is *done*."""
    _check(why_cannot_update(actor, proposal, now))
    response = proposal.council_response
    response.completed_at, response.completed_by_id = now, actor.id
    session.flush()
    move(session, proposal, ProposalState.DONE, actor=actor, now=now)
    answer_notify.tell_done(session, proposal, actor=actor, now=now)
    return response


def qualified_waiting(session: Session, now: datetime, due_days: int) -> list[InboxItem]:
    """The qualified proposals awaiting a published answer, for the council inbox."""
    rows = session.execute(
        select(Proposal, CouncilResponse.id)
        .outerjoin(CouncilResponse, CouncilResponse.thread_id == Proposal.id)
        .join(Proposal.topic).options(contains_eager(Proposal.topic))
        .where(Proposal.proposal_state == ProposalState.QUALIFIED)
        .order_by(Proposal.qualified_at, Proposal.id))
    return [InboxItem(thread_id=p.id, kind=ThreadKind.PROPOSAL.value, title=p.title,
                      kind_label=_("Residents' proposal"), topic=p.topic.title,
                      link=f"/threads/{p.id}", respond_link=f"/proposals/{p.id}/answer",
                      since=p.qualified_at or now, due_at=due_at(p, due_days) or now,
                      has_draft=draft_id is not None) for p, draft_id in rows]


register_inbox_source(ThreadKind.PROPOSAL.value, qualified_waiting)
