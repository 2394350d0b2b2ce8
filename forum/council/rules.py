"""Who may read the council inbox, draft, publish and correct a response, and report progress.

Every move on a response is described once here, by :func:`why_cannot_respond`; the
``can_*`` rules are its yes/no face for templates.
"""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import can_participate, is_councillor
from forum.errors import Conflict, DomainError, NotAllowed
from forum.i18n import _, _l
from forum.permissions import rule
from forum.summaries.models import Summary, SummaryState


@rule
def can_view_council_inbox(user: User | None, _thing: object, now: datetime) -> bool:
    """Councillors and admins see the summaries awaiting the council's response."""
    return is_councillor(user)


def _response_state(summary: Summary) -> str:
    response = getattr(summary, "response", None)
    if response is None:
        return "none"
    return "published" if response.is_published else "draft"


#: the state of the response each move needs, and what is said otherwise
_RESPONSE_MOVES = {
    "draft": (("none", "draft"), _l("The council has already responded to this summary; "
                                    "correct the response instead.")),
    "publish": (("draft",), _l("There is no draft response to publish.")),
    "correct": (("published",), _l("Publish the council's response before correcting it.")),
}


def why_cannot_respond(user: User | None, summary: Summary, now: datetime,
                       move: str = "draft") -> DomainError | None:
    """Return the error refusing ``move`` (draft, publish, correct) on the response, or ``None``.

    Cases: not a councillor (or admin), or suspended (403); the summary has not been
    submitted (409); the response is not in the state the move needs (409): a draft is
    written and published once, a published response is only corrected.
    """
    if not is_councillor(user) or not can_participate(user, now):
        return NotAllowed(_("Only councillors can record the council's response."),
                          code="not_councillor")
    if summary.state in (SummaryState.DRAFT, SummaryState.PUBLISHED):
        return Conflict(_("This summary has not been submitted to the council yet."),
                        code="wrong_state")
    states, message = _RESPONSE_MOVES[move]
    if _response_state(summary) not in states:
        return Conflict(str(message), code="wrong_state")
    return None


def why_cannot_update(user: User | None, summary: Summary, now: datetime) -> DomainError | None:
    """Return the error refusing a progress update on the response, or ``None``.

    Cases: not a councillor (or admin), or suspended (403); no published response yet, or
    the response is marked complete (409).
    """
    if not is_councillor(user) or not can_participate(user, now):
        return NotAllowed(_("Only councillors can report progress on the council's response."),
                          code="not_councillor")
    if _response_state(summary) != "published":
        return Conflict(_("Record the council's response before reporting progress."),
                        code="wrong_state")
    if summary.response.is_complete:
        return Conflict(_("This response is marked complete; no more updates can be added."),
                        code="response_complete")
    return None


@rule
def can_respond(user: User | None, summary: Summary, now: datetime) -> bool:
    """Councillors and admins write (and rewrite) the draft response to a submitted summary."""
    return why_cannot_respond(user, summary, now, "draft") is None


@rule
def can_publish_response(user: User | None, summary: Summary, now: datetime) -> bool:
    """Councillors and admins publish the draft response, once."""
    return why_cannot_respond(user, summary, now, "publish") is None


@rule
def can_correct_response(user: User | None, summary: Summary, now: datetime) -> bool:
    """Councillors and admins correct a published response (each correction is public)."""
    return why_cannot_respond(user, summary, now, "correct") is None


@rule
def can_view_response(user: User | None, summary: Summary, now: datetime) -> bool:
    """Everyone reads a published response; councillors and admins also read the draft."""
    response = getattr(summary, "response", None)
    return response is not None and (response.is_published or is_councillor(user))


@rule
def can_update_response(user: User | None, summary: Summary, now: datetime) -> bool:
    """Councillors and admins report progress on a response until it is marked complete."""
    return why_cannot_update(user, summary, now) is None


@rule
def can_translate_response(user: User | None, summary: Summary, now: datetime) -> bool:
    """Councillors and admins write the versions of the council's response (a draft or the
    published one) in other languages: a version changes no word of the decision."""
    return (getattr(summary, "response", None) is not None and is_councillor(user)
            and can_participate(user, now))
