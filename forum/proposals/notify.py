"""Who hears of a proposal's milestones: published (the topic's followers), half-way and
qualified (its supporters, followers and authors; councillors too when it qualifies).

:func:`count_changed` is called after every change of a proposal's supports, online or
offline: it marks half-way once (a conditional ``UPDATE`` of ``halfway_at``), qualifies the
proposal once (:func:`forum.proposals.states.reached_threshold`) and tells people of each.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, union, update
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.rules import councillor_clause
from forum.i18n import deferred
from forum.notifications.follows import followers
from forum.notifications.models import FollowKind
from forum.notifications.services import notify
from forum.proposals.models import Proposal, ProposalCoauthor, ProposalSupport
from forum.proposals.states import reached_threshold


def link(proposal: Proposal) -> str:
    """The proposal's page, as notifications link to it."""
    return f"/threads/{proposal.id}"


def audience(session: Session, proposal: Proposal) -> set[int]:
    """Everyone who supports, follows or wrote ``proposal`` (one query)."""
    ids = session.scalars(union(
        select(ProposalSupport.user_id).where(ProposalSupport.proposal_id == proposal.id),
        followers(FollowKind.THREAD, proposal.id),
        select(ProposalCoauthor.user_id).where(ProposalCoauthor.proposal_id == proposal.id)))
    return {proposal.author_id, *ids}


def tell_published(session: Session, proposal: Proposal, *, actor: User,
                   now: datetime) -> int:
    """Tell the topic's followers that ``proposal`` now collects support."""
    ids = set(session.scalars(followers(FollowKind.TOPIC, proposal.topic_id)))
    message = deferred("A new proposal, “%(title)s”, is collecting support in %(topic)s.",
                       title=proposal.title, topic=proposal.topic.title)
    return notify(session, ids, kind="followed_topic", message=message, link=link(proposal),
                  now=now, exclude=actor.id)


def _mark_halfway(session: Session, proposal: Proposal, now: datetime) -> bool:
    """Record, once, that ``proposal`` has half its supports; return whether this call did."""
    total = Proposal.support_count + Proposal.offline_support_count
    marked = session.execute(
        update(Proposal).where(Proposal.id == proposal.id, Proposal.halfway_at.is_(None),
                               Proposal.threshold.is_not(None), total * 2 >= Proposal.threshold)
        .values(halfway_at=now).execution_options(synchronize_session=False))
    if marked.rowcount != 1:
        return False
    session.refresh(proposal, ["halfway_at"])
    return True


def count_changed(session: Session, proposal: Proposal, *, actor: User | None,
                  now: datetime) -> None:
    """After supports were added: mark half-way and qualify, each once, and tell people.

    ``actor`` (who supported, or recorded an offline batch) is not told of their own act.
    """
    halfway = _mark_halfway(session, proposal, now)
    qualified = reached_threshold(session, proposal, actor=actor, now=now)
    exclude = actor.id if actor is not None else None
    if qualified:
        tell_qualified(session, proposal, now=now, exclude=exclude)
    elif halfway:
        message = deferred("“%(title)s” is half-way: %(count)d of %(threshold)d supports.",
                           title=proposal.title, count=proposal.total_supports,
                           threshold=proposal.threshold or 0)
        notify(session, audience(session, proposal), kind="proposal_halfway", message=message,
               link=link(proposal), now=now, exclude=exclude)


def tell_qualified(session: Session, proposal: Proposal, *, now: datetime,
                   exclude: int | None = None) -> None:
    """Tell supporters, followers and authors that ``proposal`` qualified, and councillors
    that it waits in their inbox."""
    message = deferred("“%(title)s” reached %(threshold)d supports. It goes to the council, which "
                       "must answer it.", title=proposal.title, threshold=proposal.threshold or 0)
    notify(session, audience(session, proposal), kind="proposal_reached", message=message,
           link=link(proposal), now=now, exclude=exclude)
    councillors = session.scalars(select(User.id).where(councillor_clause(),
                                                       User.erased_at.is_(None)))
    notify(session, councillors, kind="proposal_qualified",
           message=deferred("The proposal “%(title)s” reached its threshold and waits for the "
                            "council's answer.", title=proposal.title),
           link=link(proposal), now=now, exclude=exclude)
