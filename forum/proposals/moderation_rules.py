"""Who may refuse and merge proposals, and appeal against a refusal."""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import is_moderator
from forum.permissions import rule
from forum.proposals.models import Proposal, ProposalState

#: the states a moderator may refuse a proposal in (before the council has it)
REFUSABLE = frozenset({ProposalState.DRAFT, ProposalState.COLLECTING})


@rule
def can_refuse_proposal(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """Moderators refuse a draft or a collecting proposal that breaks the house rules."""
    return (is_moderator(user) and isinstance(proposal, Proposal)
            and proposal.stage(now) in REFUSABLE)


@rule
def can_merge_proposal(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """Moderators merge a collecting proposal into another it repeats."""
    return (is_moderator(user) and isinstance(proposal, Proposal)
            and proposal.is_collecting(now))


@rule
def can_merge_into(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """A duplicate is merged into a proposal still collecting, or one that has qualified."""
    return (is_moderator(user) and isinstance(proposal, Proposal)
            and (proposal.is_collecting(now)
                 or proposal.proposal_state == ProposalState.QUALIFIED))


@rule
def can_appeal_refusal(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """The person who started a refused proposal may appeal (once: the service checks)."""
    return (user is not None and isinstance(proposal, Proposal)
            and user.id == proposal.author_id
            and proposal.proposal_state == ProposalState.REFUSED)
