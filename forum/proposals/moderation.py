"""Moderating proposals: refusing one that breaks the house rules (its author may appeal, as
against a hidden post), and merging a duplicate into the proposal it repeats.

A merge carries the duplicate's supporters over once per person: one ``INSERT … SELECT`` of
the supporters not already supporting the other proposal (``ON CONFLICT DO NOTHING`` for
anyone supporting it at the same moment), then the counter moves by the rows inserted in the
same transaction, as a conditional ``UPDATE`` composes with concurrent supports. The
duplicate is moved to *merged* first, which takes its row lock: a support of it racing the
merge finds it no longer collecting and is refused.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, exists, literal, select, update
from sqlalchemy.orm import Session, aliased

from forum.accounts.models import User
from forum.errors import Conflict, Invalid, NotAllowed
from forum.i18n import _, deferred
from forum.moderation.appeals import ThreadAppeals, appeal_thread, register_thread_appeals
from forum.moderation.audit import log_action, thread_link
from forum.moderation.models import Appeal, AuditAction
from forum.moderation.services import clean_reason, require_moderator
from forum.notifications.services import notify
from forum.proposals import notify as milestones
from forum.proposals.moderation_rules import (can_appeal_refusal, can_merge_proposal,
                                              can_refuse_proposal, can_merge_into)
from forum.proposals.models import Proposal, ProposalEvent, ProposalState, ProposalSupport
from forum.proposals.services import insert_support
from forum.proposals.states import move
from forum.search.index import index_thread
from forum.threads.models import Thread, ThreadKind


def appeal_address(proposal_id: int) -> str:
    """Where a refused proposal's author appeals, and sees the appeal's outcome."""
    return f"/proposals/{proposal_id}/appeal"


def _authors(proposal: Proposal) -> set[int]:
    return {proposal.author_id, *(c.user_id for c in proposal.coauthors)}


def refuse_proposal(session: Session, actor: User, proposal: Proposal, *, reason: str | None,
                    now: datetime) -> Proposal:
    """Refuse a draft or collecting proposal under the house rules, with a reason shown to
    its authors and kept in the moderation log; its author may appeal once."""
    if not can_refuse_proposal(actor, proposal, now):
        require_moderator(actor, _("Only moderators can refuse a proposal."))
        raise Conflict(_("Only a draft or a proposal collecting support can be refused."),
                       code="not_refusable")
    reason = clean_reason(reason)
    if not move(session, proposal, ProposalState.REFUSED, actor=actor, now=now, note=reason):
        raise Conflict(_("This proposal changed meanwhile; look at it again before refusing "
                         "it."), code="not_refusable")
    proposal.refusal_reason = reason
    session.flush()
    index_thread(session, proposal)  # its words leave the search index
    log_action(session, actor, AuditAction.PROPOSAL_REFUSED, target_type="thread",
               target_id=proposal.id, link=thread_link(proposal), reason=reason, now=now)
    notify(session, _authors(proposal), kind="proposal_refused",
           link=appeal_address(proposal.id), now=now, exclude=actor.id,
           message=deferred("A moderator refused your proposal “%(title)s”: %(reason)s You "
                            "can appeal once.", title=proposal.title, reason=reason))
    return proposal


def refusal_event(session: Session, proposal: Proposal) -> ProposalEvent | None:
    """The move that refused ``proposal`` (the latest, if it was refused more than once)."""
    return session.scalar(
        select(ProposalEvent).where(ProposalEvent.proposal_id == proposal.id,
                                    ProposalEvent.to_state == ProposalState.REFUSED)
        .order_by(ProposalEvent.at.desc(), ProposalEvent.id.desc()).limit(1))


def appeal_refusal(session: Session, actor: User, proposal: Proposal, *,
                   statement: str | None, now: datetime) -> Appeal:
    """Appeal once against the refusal of one's proposal; a different moderator decides."""
    if not can_appeal_refusal(actor, proposal, now):
        if actor is None or actor.id != proposal.author_id:
            raise NotAllowed(_("Only the person who started a proposal can appeal against "
                               "its refusal."))
        raise Conflict(_("This proposal is not refused, so there is nothing to appeal."),
                       code="not_refused")
    event = refusal_event(session, proposal)
    return appeal_thread(session, actor, proposal, statement=statement, now=now,
                         acted_by_id=event.actor_id if event is not None else None)


def _decide_appeal(session: Session, actor: User, appeal: Appeal, granted: bool, reason: str,
                   now: datetime) -> str:
    """Carry out a moderator's decision on an appeal against a refusal (for the log)."""
    proposal = appeal.thread
    assert isinstance(proposal, Proposal)
    if not granted:
        return "proposal stays refused"
    event = refusal_event(session, proposal)
    back_to = (event.from_state if event is not None and event.from_state is not None
               else ProposalState.DRAFT)
    refused_at = proposal.ended_at
    if not move(session, proposal, back_to, actor=actor, now=now, note=reason, restoring=True):
        return "proposal was no longer refused"
    if back_to == ProposalState.COLLECTING and proposal.collect_until and refused_at:
        proposal.collect_until += max(now - refused_at, timedelta(0))  # the days it lost
    proposal.refusal_reason = None
    session.flush()
    index_thread(session, proposal)
    return f"proposal restored ({back_to.value})"


register_thread_appeals(ThreadKind.PROPOSAL.value,
                        ThreadAppeals(apply=_decide_appeal, link=appeal_address))


def merge_target(session: Session, number: int | None, duplicate: Proposal) -> Proposal:
    """The proposal numbered ``number`` that ``duplicate`` may be merged into, or raise."""
    if number is None:
        raise Invalid(_("Enter the number of the proposal this one repeats."), field="into")
    if number == duplicate.id:
        raise Invalid(_("A proposal cannot be merged into itself."), field="into")
    target = session.get(Thread, number)
    if not isinstance(target, Proposal):
        raise Invalid(_("There is no proposal number %(number)d.", number=number), field="into")
    return target


def _carry_supports(session: Session, duplicate: Proposal, target: Proposal) -> int:
    """Insert, in one statement, a support of ``target`` for each supporter of
    ``duplicate`` who does not support it yet; return how many were inserted."""
    theirs = aliased(ProposalSupport)
    already = exists().where(theirs.proposal_id == target.id,
                             theirs.user_id == ProposalSupport.user_id)
    people = select(literal(target.id), ProposalSupport.user_id, ProposalSupport.created_at,
                    ProposalSupport.area).where(
        and_(ProposalSupport.proposal_id == duplicate.id, ~already))
    statement = (insert_support(session)
                 .from_select(["proposal_id", "user_id", "created_at", "area"], people)
                 .on_conflict_do_nothing(index_elements=["proposal_id", "user_id"])
                 .returning(ProposalSupport.user_id))  # counted by rows: rowcount varies
    return len(session.execute(statement).all())


def merge_proposals(session: Session, actor: User, duplicate: Proposal, target: Proposal, *,
                    now: datetime) -> int:
    """Merge ``duplicate`` into ``target``: its supporters support ``target`` once each, its
    offline supports are added, it becomes *merged* with a link, and the people who
    supported or followed it are told. Returns how many online supports were carried over."""
    if not can_merge_proposal(actor, duplicate, now):
        require_moderator(actor, _("Only moderators can merge proposals."))
        raise Conflict(_("Only a proposal collecting support can be merged into another."),
                       code="not_mergeable")
    if not can_merge_into(actor, target, now):
        raise Invalid(_("Choose a proposal that is collecting support or has qualified."),
                      field="into")
    told = milestones.audience(session, duplicate)
    if not move(session, duplicate, ProposalState.MERGED, actor=actor, now=now,
                note=deferred("Merged into proposal %(number)d.", number=target.id)):
        raise Conflict(_("This proposal changed meanwhile; look at it again before merging "
                         "it."), code="not_mergeable")
    duplicate.merged_into_id = target.id
    carried = _carry_supports(session, duplicate, target)
    session.execute(
        update(Proposal).where(Proposal.id == target.id)
        .values(support_count=Proposal.support_count + carried,
                offline_support_count=(Proposal.offline_support_count
                                       + duplicate.offline_support_count))
        .execution_options(synchronize_session=False))
    session.flush()
    session.refresh(target, ["support_count", "offline_support_count"])
    log_action(session, actor, AuditAction.PROPOSAL_MERGED, target_type="thread",
               target_id=duplicate.id, link=thread_link(duplicate), now=now,
               details=f"into {thread_link(target)}; {carried} supports carried over")
    notify(session, told, kind="proposal_merged", link=thread_link(target), now=now,
           exclude=actor.id,
           message=deferred("“%(duplicate)s” was merged into “%(target)s”, which it "
                            "repeated. Its supports count there, once per person.",
                            duplicate=duplicate.title, target=target.title))
    milestones.count_changed(session, target, actor=actor, now=now)
    return carried

