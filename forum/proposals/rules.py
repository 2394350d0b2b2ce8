"""Who may start, edit, publish and support proposals, and join one as co-author."""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import can_participate, is_moderator, is_staff
from forum.permissions import rule
from forum.proposals.models import Proposal, ProposalState
from forum.topics.models import Topic

#: co-authors a proposal may have besides its author
MAX_COAUTHORS = 5


def is_proposal_author(user: User | None, proposal: Proposal) -> bool:
    """The author, or a co-author who joined through the invitation link."""
    if user is None:
        return False
    return user.id == proposal.author_id or any(c.user_id == user.id
                                                  for c in proposal.coauthors)


def is_draft(proposal: object) -> bool:
    """``proposal`` is a proposal not published yet."""
    return isinstance(proposal, Proposal) and proposal.proposal_state == ProposalState.DRAFT


@rule
def can_start_proposal(user: User | None, topic: Topic | None, now: datetime) -> bool:
    """Verified residents (a confirmed email, not suspended) start proposals in topics that
    are not archived."""
    return can_participate(user, now) and (topic is None or not topic.is_archived)


@rule
def can_view_proposal_draft(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """A draft is seen by its author, its co-authors and staff."""
    return is_draft(proposal) and (is_proposal_author(user, proposal) or is_staff(user))


@rule
def can_edit_proposal(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """The author and co-authors edit a draft while their account may write."""
    return (is_draft(proposal) and can_participate(user, now)
            and is_proposal_author(user, proposal))


@rule
def can_publish(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """The author (not a co-author) publishes a draft, which then collects support."""
    return (is_draft(proposal) and can_participate(user, now)
            and user is not None and user.id == proposal.author_id
            and not proposal.topic.is_archived)


@rule
def can_invite_coauthors(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """The author shares (or renews) the co-author link of a draft."""
    return (is_draft(proposal) and can_participate(user, now)
            and user is not None and user.id == proposal.author_id)


@rule
def can_join_as_coauthor(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """A verified resident with the link joins a draft that has room (at most five)."""
    return (is_draft(proposal) and can_participate(user, now)
            and not is_proposal_author(user, proposal)
            and len(proposal.coauthors) < MAX_COAUTHORS)


@rule
def can_support(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """Verified residents support (and withdraw) while the proposal is collecting."""
    return (isinstance(proposal, Proposal) and can_participate(user, now)
            and proposal.is_collecting(now))


@rule
def can_read_proposal_text(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """Everyone reads a proposal's problem and text, except once a moderator has refused it
    under the house rules: then only its authors and moderators (to appeal, to decide)."""
    if not isinstance(proposal, Proposal) or proposal.proposal_state != ProposalState.REFUSED:
        return True
    return is_proposal_author(user, proposal) or is_moderator(user)
