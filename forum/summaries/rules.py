"""Who may see, write, edit, publish and submit summaries.

Every move is described once here, by :func:`why_cannot`, which says what is wrong (role,
state or consultation still open); the ``can_*`` rules are its yes/no face for templates.
"""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import can_participate, is_moderator
from forum.consultations.models import Consultation
from forum.errors import Conflict, DomainError, NotAllowed
from forum.i18n import _, _l
from forum.permissions import rule
from forum.summaries.models import Summary, SummaryState
from forum.threads.models import Thread
from forum.threads.rules import can_view_thread

#: the moves a moderator makes, with the state each one needs
MOVES = {"edit": tuple(SummaryState),
         "publish": (SummaryState.DRAFT,),
         "submit": (SummaryState.PUBLISHED,)}

_WRONG_STATE = {
    ("publish", SummaryState.PUBLISHED): _l("This summary is already published."),
    ("publish", SummaryState.SUBMITTED): _l("This summary is already published and submitted."),
    ("publish", SummaryState.RESPONDED): _l("This summary is already published and answered."),
    ("submit", SummaryState.DRAFT): _l("Publish the summary before submitting it to the council."),
    ("submit", SummaryState.SUBMITTED):
        _l("This summary has already been submitted to the council."),
    ("submit", SummaryState.RESPONDED): _l("The council has already responded to this summary."),
}


@rule
def can_view_summary(user: User | None, summary: Summary, now: datetime) -> bool:
    """Everyone who sees the thread reads a published summary; moderators also read drafts."""
    if not can_view_thread(user, summary.thread, now):
        return False
    return summary.is_published or is_moderator(user)


@rule
def can_write_summary(user: User | None, thread: Thread, now: datetime) -> bool:
    """Moderators (not suspended) write a summary of any thread they can see."""
    return is_moderator(user) and can_participate(user, now) and can_view_thread(user, thread, now)


def why_cannot(user: User | None, summary: Summary, move: str, now: datetime) -> DomainError | None:
    """Return the error refusing ``move`` (edit, publish, submit) on ``summary``, or ``None``.

    Cases: not a moderator or suspended (403); the summary is in the wrong state (409);
    submitting the summary of a consultation that has not closed yet (409).
    """
    if not is_moderator(user) or not can_participate(user, now):
        return NotAllowed(_("Only moderators can change, publish or submit summaries."),
                          code="not_moderator")
    state = summary.state
    if state not in MOVES[move]:
        return Conflict(str(_WRONG_STATE[(move, state)]), code="wrong_state")
    thread = summary.thread
    if move == "submit" and isinstance(thread, Consultation) and not thread.is_closed(now):
        return Conflict(_("This consultation is still taking contributions; submit its "
                          "summary to the council once it has closed."), code="consultation_open")
    return None


@rule
def can_edit_summary(user: User | None, summary: Summary, now: datetime) -> bool:
    """Moderators edit a summary; once submitted, only as corrections that keep its points."""
    return why_cannot(user, summary, "edit", now) is None


@rule
def can_publish_summary(user: User | None, summary: Summary, now: datetime) -> bool:
    """Moderators publish a draft."""
    return why_cannot(user, summary, "publish", now) is None


@rule
def can_submit_summary(user: User | None, summary: Summary, now: datetime) -> bool:
    """Moderators submit a published summary to the council (a consultation once closed)."""
    return why_cannot(user, summary, "submit", now) is None


@rule
def can_view_summary_history(user: User | None, summary: Summary, now: datetime) -> bool:
    """Moderators see the revisions of a draft; everyone sees those of a published summary."""
    return can_view_summary(user, summary, now)


@rule
def can_translate_summary(user: User | None, summary: Summary, now: datetime) -> bool:
    """Moderators write a summary's versions in other languages, in any state: a version
    changes no word of what was published or submitted."""
    return can_write_summary(user, summary.thread, now)
