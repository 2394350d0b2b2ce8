"""Proposal operations: start a draft, edit it, invite co-authors, publish, support, withdraw.

Supports are counted exactly under concurrency: one row per person (a unique constraint,
inserted with ``ON CONFLICT DO NOTHING``) and the counter moved by a conditional ``UPDATE``
in the same transaction, which also refuses a support once the proposal stops collecting.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.rules import why_cannot_write
from forum.errors import Conflict, Invalid, NotAllowed, NotFound
from forum.i18n import _
from forum.markup import render_markdown
from forum.notifications.follows import auto_follow
from forum.proposals import notify
from forum.proposals.models import Proposal, ProposalCoauthor, ProposalState, ProposalSupport
from forum.proposals.rules import (MAX_COAUTHORS, can_edit_proposal, can_invite_coauthors,
                                   can_join_as_coauthor, can_publish, can_start_proposal,
                                   can_support, can_view_proposal_draft, is_proposal_author)
from forum.proposals.states import move, threshold_for
from forum.settings import postcode_key
from forum.threads.services import (check_new_account_links, clean_body, clean_language,
                                    clean_title, edit_thread, start_thread)
from forum.threads.models import Thread
from forum.topics.models import Topic
from forum.topics.services import check_takes_new_threads

AREA_MAX = 100
#: the largest cost estimate the column holds, in whole pounds
COST_MAX = 2_147_483_647


def clean_area(area: str | None) -> str | None:
    """Validate the optional area (up to 100 characters); ``None`` when left empty."""
    area = " ".join((area or "").split())
    if len(area) > AREA_MAX:
        raise Invalid(_("Keep the area to %(max)d characters or fewer.", max=AREA_MAX),
                      field="area")
    return area or None


def clean_cost(cost: int | None) -> int | None:
    """Validate the optional cost estimate: whole pounds, not negative."""
    if cost is not None and not 0 <= cost <= COST_MAX:
        raise Invalid(_("Enter the cost in whole pounds, from 0 to %(max)s.",
                        max=f"{COST_MAX:,}"), field="cost_estimate")
    return cost


def _check_account(actor: User | None, now: datetime, fallback: str) -> None:
    """Raise NotAllowed with the account's own reason (suspended, unconfirmed), else ``fallback``."""
    code, message = why_cannot_write(actor, now) or ("not_allowed", fallback)
    raise NotAllowed(message, code=code)


def check_can_start(actor: User | None, topic: Topic, now: datetime) -> None:
    """Raise NotAllowed saying why ``actor`` may not start a proposal in ``topic``."""
    if not can_start_proposal(actor, topic, now):
        check_takes_new_threads(topic)
        _check_account(actor, now, _("You cannot start a proposal."))


def area_for_postcode(postcode: str | None, areas: dict[str, str]) -> str | None:
    """The area of ``postcode`` by the council's list (``areas``: postcode districts such as
    "CB1", keyed by :func:`~forum.settings.postcode_key`, to the area's name); ``None`` when
    the site asks for no postcode. The postcode itself is never kept."""
    if not areas:
        return None
    code = postcode_key(postcode or "")
    if not code:
        raise Invalid(_("Enter your postcode, such as CB1 2AB."), field="postcode")
    district = code[:-3] if len(code) > 4 else code  # the inward code is the last three
    if district in areas:
        return areas[district]
    raise Invalid(_("That postcode is not in the council's area, so the support cannot be "
                    "counted here."), field="postcode")


def start_proposal(session: Session, actor: User, topic: Topic, *, title: str, problem: str,
                   proposal: str, area: str | None = None, cost_estimate: int | None = None,
                   now: datetime, threshold_default: int,
                   days: int | None = None, language: str | None = None) -> Proposal:
    """Start a draft proposal in ``topic``; only its authors and staff see it until published.

    Its threshold is fixed now (the topic's own, else ``threshold_default``); its window of
    ``days`` (the site's setting, given again to :func:`publish_proposal`) starts when it
    is published.
    """
    check_can_start(actor, topic, now)
    problem = clean_body(problem, "problem")
    check_new_account_links(actor, problem, now, "problem")
    fields = {"area": clean_area(area), "cost_estimate": clean_cost(cost_estimate)}
    thread = start_thread(session, actor, topic, title=title, body=clean_body(proposal, "body"),
                          now=now, model=Proposal, language=language, problem=problem,
                          problem_html=render_markdown(problem),
                          proposal_state=ProposalState.DRAFT,
                          threshold=threshold_for(topic.proposal_threshold, threshold_default),
                          **fields)
    assert isinstance(thread, Proposal)
    return thread


def require_editable(actor: User | None, proposal: Thread, now: datetime) -> Proposal:
    """Return ``proposal`` if ``actor`` may edit it as a draft, else raise NotAllowed."""
    if not isinstance(proposal, Proposal):
        raise NotFound(_("There is no proposal at this address."))
    if can_edit_proposal(actor, proposal, now):
        return proposal
    if proposal.proposal_state != ProposalState.DRAFT:
        raise NotAllowed(_("This proposal is published; its text can no longer change."),
                         code="proposal_published")
    if is_proposal_author(actor, proposal):
        _check_account(actor, now, _("You cannot edit this proposal."))
    raise NotAllowed(_("Only the proposal's authors can edit its draft."))


def update_draft(session: Session, actor: User, proposal: Thread, *, title: str,
                 problem: str, proposal_text: str, area: str | None = None,
                 cost_estimate: int | None = None, now: datetime,
                 language: str | None = None) -> Proposal:
    """Change a draft's title, problem, proposal, area and cost (its authors, before it is
    published); the proposal text keeps its revisions like a thread's opening text."""
    draft = require_editable(actor, proposal, now)
    title = clean_title(title)
    problem = clean_body(problem, "problem")
    check_new_account_links(actor, problem, now, "problem")
    area, cost_estimate = clean_area(area), clean_cost(cost_estimate)
    if problem != draft.problem:
        draft.problem, draft.problem_html = problem, render_markdown(problem)
    draft.area, draft.cost_estimate = area, cost_estimate
    # edit_thread lets only the thread's author edit: co-authors' edits go through here
    if actor.id == draft.author_id:
        edit_thread(session, actor, draft, body=proposal_text, title=title, language=language,
                    now=now)
    else:
        body = clean_body(proposal_text)
        check_new_account_links(actor, body, now)
        draft.title = title
        if language is not None:
            draft.language = clean_language(language)
        if body != draft.body:
            draft.body, draft.body_html, draft.edited_at = body, render_markdown(body), now
    session.flush()
    return draft


def publish_proposal(session: Session, actor: User, proposal: Thread, *, now: datetime,
                     days: int) -> Proposal:
    """Publish a draft: it goes public and collects support for ``days`` from ``now``."""
    draft = require_editable(actor, proposal, now)
    if not can_publish(actor, draft, now):
        check_takes_new_threads(draft.topic)
        raise NotAllowed(_("Only the person who started the proposal can publish it."),
                         code="not_author")
    if days <= 0:
        raise ValueError("PROPOSAL_DAYS must be a positive number of days.")
    if not move(session, draft, ProposalState.COLLECTING, actor=actor, now=now):
        raise Conflict(_("This proposal has already been published."), code="proposal_published")
    draft.published_at, draft.collect_until = now, now + timedelta(days=days)
    draft.last_activity_at = now
    session.flush()
    notify.tell_published(session, draft, actor=actor, now=now)
    return draft


def insert_support(session: Session):  # noqa: ANN202 (a dialect's Insert)
    """An ``INSERT`` into the supports in the session's dialect (for ``ON CONFLICT``)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(ProposalSupport)


def require_supportable(actor: User | None, proposal: Thread, now: datetime) -> Proposal:
    """Return ``proposal`` if ``actor`` may support it (or withdraw) now, else raise."""
    if not isinstance(proposal, Proposal):
        raise NotFound(_("There is no proposal at this address."))
    if can_support(actor, proposal, now):
        return proposal
    if proposal.is_collecting(now):
        _check_account(actor, now, _("You cannot support this proposal."))
    raise Conflict(_("This proposal is not collecting support any more."),
                   code="not_collecting")


def move_count(session: Session, proposal: Proposal, *, now: datetime, online: int = 0,
               offline: int = 0) -> None:
    """Move the online and offline counters by ``online`` and ``offline`` while the proposal
    collects (one conditional ``UPDATE``), or raise Conflict."""
    moved = session.execute(
        update(Proposal).where(Proposal.id == proposal.id, Proposal.is_collecting(now))
        .values(support_count=Proposal.support_count + online,
                offline_support_count=Proposal.offline_support_count + offline)
        .execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        raise Conflict(_("This proposal is not collecting support any more."),
                       code="not_collecting")


def support(session: Session, actor: User, proposal: Thread, *, now: datetime,
            area: str | None = None) -> bool:
    """Support ``proposal`` once (``area``: of the supporter's postcode, when asked); return
    whether this support is new. Reaching half-way or the threshold tells people."""
    proposal = require_supportable(actor, proposal, now)
    added = session.execute(
        insert_support(session).values(proposal_id=proposal.id, user_id=actor.id, created_at=now,
                                area=area)
        .on_conflict_do_nothing(index_elements=["proposal_id", "user_id"])
        .returning(ProposalSupport.id)).scalar()
    if added is None:
        return False
    move_count(session, proposal, now=now, online=+1)
    auto_follow(session, actor, proposal, now=now)
    notify.count_changed(session, proposal, actor=actor, now=now)
    return True


def withdraw(session: Session, actor: User, proposal: Thread, *, now: datetime) -> bool:
    """Withdraw ``actor``'s support while the proposal collects; return whether there was one."""
    proposal = require_supportable(actor, proposal, now)
    removed = session.execute(delete(ProposalSupport).where(
        ProposalSupport.proposal_id == proposal.id, ProposalSupport.user_id == actor.id))
    if removed.rowcount != 1:
        return False
    move_count(session, proposal, now=now, online=-1)
    session.refresh(proposal, ["support_count"])
    return True


def supports(session: Session, user: User | None, proposal: Proposal) -> bool:
    """Whether ``user`` supports ``proposal`` (online)."""
    if user is None:
        return False
    return session.scalar(select(ProposalSupport.id).where(
        ProposalSupport.proposal_id == proposal.id,
        ProposalSupport.user_id == user.id)) is not None


def get_proposal(session: Session, proposal_id: int) -> Proposal:
    """Return the proposal ``proposal_id`` (any state), or raise NotFound."""
    proposal = session.get(Thread, proposal_id)
    if not isinstance(proposal, Proposal):
        raise NotFound(_("There is no proposal at this address."))
    return proposal


def get_draft(session: Session, proposal_id: int, actor: User | None, *,
              now: datetime) -> Proposal:
    """Return a draft ``actor`` may see (its authors and staff), or raise NotFound."""
    proposal = get_proposal(session, proposal_id)
    if not can_view_proposal_draft(actor, proposal, now):
        raise NotFound(_("There is no draft proposal at this address."))
    return proposal


def invite_link(session: Session, actor: User, proposal: Proposal, *, now: datetime,
                renew: bool = False) -> str:
    """Return the secret of the draft's co-author link, made on first use; ``renew``
    replaces it, so the old link stops working."""
    if not can_invite_coauthors(actor, proposal, now):
        raise NotAllowed(_("Only the person who started a draft proposal can invite "
                           "co-authors."))
    if proposal.invite_token is None or renew:
        proposal.invite_token = secrets.token_urlsafe(24)
        session.flush()
    return proposal.invite_token


def proposal_by_invitation(session: Session, token: str) -> Proposal:
    """Return the draft whose co-author link has the secret ``token``, or raise NotFound."""
    proposal = session.scalar(select(Proposal).where(Proposal.invite_token == token))
    if proposal is None or proposal.proposal_state != ProposalState.DRAFT:
        raise NotFound(_("This invitation link does not work any more. Ask the author for "
                         "a new one."))
    return proposal


def join_as_coauthor(session: Session, actor: User, token: str, *, now: datetime) -> Proposal:
    """Join the draft of the invitation ``token`` as a co-author (at most five)."""
    proposal = proposal_by_invitation(session, token)
    # a no-op UPDATE takes the proposal's row lock, so joins to one draft count in turn
    locked = session.execute(
        update(Proposal).where(Proposal.id == proposal.id, Proposal.invite_token == token,
                               Proposal.proposal_state == ProposalState.DRAFT)
        .values(invite_token=token).execution_options(synchronize_session=False))
    joined = session.scalar(select(func.count()).where(
        ProposalCoauthor.proposal_id == proposal.id))
    session.expire(proposal, ["coauthors"])
    if locked.rowcount != 1:
        raise NotFound(_("This invitation link does not work any more. Ask the author for "
                         "a new one."))
    if is_proposal_author(actor, proposal):
        raise Conflict(_("You are already an author of this proposal."), code="already_author")
    if (joined or 0) >= MAX_COAUTHORS:
        raise Conflict(_("This proposal already has %(max)d co-authors, the most it can "
                         "have.", max=MAX_COAUTHORS), code="coauthors_full")
    if not can_join_as_coauthor(actor, proposal, now):
        _check_account(actor, now, _("You cannot join this proposal."))
    session.add(ProposalCoauthor(proposal_id=proposal.id, user_id=actor.id, joined_at=now))
    session.flush()
    session.expire(proposal, ["coauthors"])
    auto_follow(session, actor, proposal, now=now)
    return proposal
