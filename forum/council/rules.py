"""Who may read the council inbox, respond to a summary and report progress."""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import can_participate, is_councillor
from forum.errors import Conflict, DomainError, NotAllowed
from forum.permissions import rule
from forum.summaries.models import Summary, SummaryState


@rule
def can_view_council_inbox(user: User | None, _thing: object, now: datetime) -> bool:
    """Councillors and admins see the summaries awaiting the council's response."""
    return is_councillor(user)


def why_cannot_respond(user: User | None, summary: Summary, now: datetime) -> DomainError | None:
    """Return the error refusing to record the council's response, or ``None``.

    Cases: not a councillor (or admin), or suspended (403); not submitted yet, or already
    answered (409).
    """
    if not is_councillor(user) or not can_participate(user, now):
        return NotAllowed("Only councillors can record the council's response.",
                          code="not_councillor")
    if summary.state in (SummaryState.DRAFT, SummaryState.PUBLISHED):
        return Conflict("This summary has not been submitted to the council yet.",
                        code="wrong_state")
    if summary.state == SummaryState.RESPONDED:
        return Conflict("The council has already responded to this summary.", code="wrong_state")
    return None


def why_cannot_update(user: User | None, summary: Summary, now: datetime) -> DomainError | None:
    """Return the error refusing a progress update on the response, or ``None``.

    Cases: not a councillor (or admin), or suspended (403); no response yet, or the
    response is marked complete (409).
    """
    if not is_councillor(user) or not can_participate(user, now):
        return NotAllowed("Only councillors can report progress on the council's response.",
                          code="not_councillor")
    if summary.response is None:
        return Conflict("Record the council's response before reporting progress.",
                        code="wrong_state")
    if summary.response.is_complete:
        return Conflict("This response is marked complete; no more updates can be added.",
                        code="response_complete")
    return None


@rule
def can_respond(user: User | None, summary: Summary, now: datetime) -> bool:
    """Councillors and admins answer a summary submitted to the council, once."""
    return why_cannot_respond(user, summary, now) is None


@rule
def can_update_response(user: User | None, summary: Summary, now: datetime) -> bool:
    """Councillors and admins report progress on a response until it is marked complete."""
    return why_cannot_update(user, summary, now) is None
