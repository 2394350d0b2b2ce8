"""Consultation operations: post, extend, close early, and list the open ones."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.rules import (UNCONFIRMED_MESSAGE, can_participate, is_councillor,
                                   why_cannot_write)
from forum.consultations.dates import format_when
from forum.consultations.models import Consultation
from forum.consultations.rules import can_manage_consultation, can_post_consultation
from forum.consultations.signals import consultation_closed, consultation_extended
from forum.errors import Invalid, NotAllowed
from forum.i18n import _, ngettext
from forum.threads.models import Thread
from forum.threads.services import clean_body, clean_title, start_thread
from forum.topics.models import Topic
from forum.topics.services import check_takes_new_threads

QUESTION_MIN, QUESTION_MAX = 10, 500
REASON_MIN, REASON_MAX = 10, 500
#: an opening time this far in the past is taken as "now" (forms round to the minute)
OPENS_AT_TOLERANCE = timedelta(minutes=5)


def clean_question(question: str | None) -> str:
    """Validate the question being asked (10–500 characters) and return it trimmed."""
    question = " ".join((question or "").split())
    if len(question) < QUESTION_MIN:
        raise Invalid(ngettext("Enter the question you are asking residents (at least %(num)d "
                               "character).", "Enter the question you are asking residents "
                               "(at least %(num)d characters).", QUESTION_MIN),
                      field="question")
    if len(question) > QUESTION_MAX:
        raise Invalid(_("Keep the question to %(most)d characters or fewer (it has %(has)d).",
                        most=QUESTION_MAX, has=len(question)), field="question")
    return question


def clean_reason(reason: str | None) -> str:
    """Validate a reason for closing early (10–500 characters) and return it trimmed."""
    reason = " ".join((reason or "").split())
    if len(reason) < REASON_MIN:
        raise Invalid(ngettext("Say why the consultation is closing early (at least %(num)d "
                               "character); residents will see it.", "Say why the consultation "
                               "is closing early (at least %(num)d characters); residents will "
                               "see it.", REASON_MIN), field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(_("Keep the reason to %(most)d characters or fewer (it has %(has)d).",
                        most=REASON_MAX, has=len(reason)), field="reason")
    return reason


def check_dates(opens_at: datetime | None, closes_at: datetime | None, *,
                now: datetime) -> tuple[datetime, datetime]:
    """Return ``(opens_at, closes_at)`` for a new consultation, or raise Invalid naming the field.

    The opening defaults to ``now`` and may not lie in the past; the closing is required,
    after the opening and in the future.
    """
    if opens_at is None or now - OPENS_AT_TOLERANCE <= opens_at < now:
        opens_at = now
    elif opens_at < now:
        raise Invalid(_("The opening time is in the past. Leave it empty to open the "
                        "consultation now."), field="opens_at")
    if closes_at is None:
        raise Invalid(_("Enter when the consultation closes."), field="closes_at")
    if closes_at <= now:
        raise Invalid(_("The closing time must be in the future."), field="closes_at")
    if closes_at <= opens_at:
        raise Invalid(_("The closing time must be after the opening time."), field="closes_at")
    return opens_at, closes_at


def ensure_can_post(actor: User | None, topic: Topic, now: datetime) -> None:
    """Raise NotAllowed saying why ``actor`` may not post a consultation in ``topic``."""
    if not can_post_consultation(actor, None, now):
        if is_councillor(actor) and not can_participate(actor, now):
            code, _message = why_cannot_write(actor, now) or ("suspended", "")
            raise NotAllowed(str(UNCONFIRMED_MESSAGE) if code == "email_unconfirmed" else
                             _("Your account is suspended, so you cannot post a consultation."),
                             code=code)
        raise NotAllowed(_("Only councillors can post consultations."), code="not_councillor")
    check_takes_new_threads(topic)


def post_consultation(session: Session, actor: User, topic: Topic, *, title: str, question: str,
                      body: str, closes_at: datetime | None, opens_at: datetime | None = None,
                      now: datetime, language: str | None = None) -> Consultation:
    """Post a consultation in ``topic`` (councillors and admins); ``body`` is the background,
    ``language`` the one its texts are first written in (their versions' original)."""
    ensure_can_post(actor, topic, now)
    clean_title(title)
    question = clean_question(question)
    clean_body(body)
    opens_at, closes_at = check_dates(opens_at, closes_at, now=now)
    return start_thread(session, actor, topic, title=title, body=body, now=now,
                        model=Consultation, language=language, question=question, opens_at=opens_at,
                        closes_at=closes_at)


def require_manageable(actor: User | None, thread: Thread, now: datetime) -> Consultation:
    """Return ``thread`` as a consultation ``actor`` may extend or close, or raise NotAllowed."""
    if not isinstance(thread, Consultation):
        raise NotAllowed(_("Only consultations have a closing date."), code="not_consultation")
    if can_manage_consultation(actor, thread, now):
        return thread
    if thread.is_closed(now):
        raise NotAllowed(_("This consultation is closed; its dates can no longer change."),
                         code="consultation_closed")
    raise NotAllowed(_("Only the councillor who posted this consultation, or an "
                       "administrator, can change its dates."))


def extend_consultation(session: Session, actor: User, thread: Thread, *,
                        closes_at: datetime | None, now: datetime,
                        zone: ZoneInfo) -> Consultation:
    """Move the closing time of an open (or upcoming) consultation later; tell participants.

    ``zone`` is the forum's time zone, for the dates in the messages.
    """
    thread = require_manageable(actor, thread, now)
    if closes_at is None:
        raise Invalid(_("Enter the new closing time."), field="closes_at")
    if closes_at <= thread.closes_at:
        raise Invalid(_("The new closing time must be later than the current one (%(when)s).",
                        when=format_when(thread.closes_at, zone)), field="closes_at")
    thread.closes_at = closes_at
    session.flush()
    consultation_extended.send(session, thread=thread, actor=actor, now=now, zone=zone)
    return thread


def close_consultation(session: Session, actor: User, thread: Thread, *, reason: str | None,
                       now: datetime) -> Consultation:
    """Close a consultation before its closing time, with a reason everyone sees.

    A consultation that has not opened yet is withdrawn: it opens and closes at ``now``,
    so the record and its reason stay public.
    """
    thread = require_manageable(actor, thread, now)
    thread.closed_early_reason = clean_reason(reason)
    if thread.is_upcoming(now):
        thread.opens_at = now
    thread.closes_at = now
    session.flush()
    consultation_closed.send(session, thread=thread, actor=actor, now=now)
    return thread


def open_consultations(now: datetime) -> Select:
    """Select the consultations taking contributions at ``now``, closing soonest first."""
    return (select(Consultation).where(Consultation.is_open(now))
            .order_by(Consultation.closes_at, Consultation.id))


def closed_consultations(now: datetime) -> Select:
    """Select the consultations closed at ``now``, most recently closed first."""
    return (select(Consultation).where(Consultation.is_closed(now))
            .order_by(Consultation.closes_at.desc(), Consultation.id.desc()))
