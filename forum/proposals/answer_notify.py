"""Who hears that the council answered a proposal, posted an update on it, or finished it:
its supporters, followers and authors (in the forum, and by email as each person chose)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.council.models import CouncilResponse, ResponseUpdate
from forum.i18n import deferred
from forum.notifications.services import notify
from forum.proposals.models import Proposal
from forum.proposals.notify import audience, link


def tell_answered(session: Session, proposal: Proposal, response: CouncilResponse, *,
                  actor: User, now: datetime) -> int:
    """Tell everyone around ``proposal`` the council's decision; return how many were told."""
    message = deferred("The council answered “%(title)s”: %(decision)s.", title=proposal.title,
                       decision=response.decision.message)
    return notify(session, audience(session, proposal), kind="proposal_answered",
                  message=message, link=link(proposal) + "#council-answer", now=now,
                  exclude=actor.id)


def tell_updated(session: Session, proposal: Proposal, update: ResponseUpdate, *,
                 actor: User, now: datetime) -> int:
    """Tell everyone around ``proposal`` of a progress update; return how many were told."""
    message = deferred("The council posted an update on “%(title)s”.", title=proposal.title)
    return notify(session, audience(session, proposal), kind="proposal_updated",
                  message=message, link=link(proposal) + f"#update-{update.id}", now=now,
                  exclude=actor.id)


def tell_done(session: Session, proposal: Proposal, *, actor: User, now: datetime) -> int:
    """Tell everyone around ``proposal`` that the council marked the work done."""
    message = deferred("The council marked the work on “%(title)s” done.", title=proposal.title)
    return notify(session, audience(session, proposal), kind="proposal_updated",
                  message=message, link=link(proposal) + "#council-answer", now=now,
                  exclude=actor.id)
