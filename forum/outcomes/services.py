"""The outcomes list ("You said, we did") and the figures of a consultation report."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, case, or_, select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.consultations.models import Consultation
from forum.council.models import CouncilResponse, ResponseUpdate
from forum.errors import NotFound
from forum.summaries.models import Summary
from forum.threads.models import Thread
from forum.threads.rules import can_view_thread
from forum.topics.models import Topic

#: where a consultation is in the loop, in order, with its label
STAGES = {
    "open": "Open for contributions",
    "awaiting_summary": "Closed, summary in preparation",
    "summarised": "Summary published",
    "with_council": "With the council",
    "responded": "The council has responded",
    "complete": "Done",
}
#: a filter value that is not a stage: awaiting a response past the due date
OVERDUE = "overdue"


def stage_expression(now: datetime):
    """SQL expression of a consultation's stage (needs Summary and CouncilResponse joined)."""
    return case(
        (CouncilResponse.completed_at.is_not(None), "complete"),
        (Summary.responded_at.is_not(None), "responded"),
        (Summary.submitted_at.is_not(None), "with_council"),
        (Summary.published_at.is_not(None), "summarised"),
        (Consultation.is_open(now), "open"),
        else_="awaiting_summary")


def outcomes(now: datetime, *, topic: Topic | None = None, stage: str | None = None,
             due_days: int = 30) -> Select:
    """Select ``(Consultation, Summary | None, CouncilResponse | None, stage)`` for each one.

    Consultations that have not opened yet are left out; only published summaries are joined.
    Newest consultations first.
    """
    stage_col = stage_expression(now).label("stage")
    stmt = (select(Consultation, Summary, CouncilResponse, stage_col)
            .outerjoin(Summary, and_(Summary.thread_id == Consultation.id, Summary.is_published))
            .outerjoin(CouncilResponse, and_(CouncilResponse.summary_id == Summary.id,
                                            CouncilResponse.published_at.is_not(None)))
            .where(or_(Consultation.opens_at.is_(None), Consultation.opens_at <= now)))
    if topic is not None:
        stmt = stmt.where(Consultation.topic_id == topic.id)
    if stage == OVERDUE:
        stmt = stmt.where(Summary.is_overdue(now, due_days))
    elif stage in STAGES:
        stmt = stmt.where(stage_expression(now) == stage)
    return stmt.order_by(Consultation.closes_at.desc(), Consultation.id.desc())


def latest_updates(session: Session, response_ids: list[int]) -> dict[int, ResponseUpdate]:
    """The newest progress update of each response in ``response_ids`` (one query)."""
    if not response_ids:
        return {}
    stmt = (select(ResponseUpdate).where(ResponseUpdate.response_id.in_(response_ids))
            .order_by(ResponseUpdate.created_at, ResponseUpdate.id))
    return {u.response_id: u for u in session.scalars(stmt)}


def get_consultation(session: Session, thread_id: int, actor: User | None, *,
                     now: datetime) -> Consultation:
    """Return a consultation ``actor`` may see, or raise :class:`NotFound`."""
    thread = session.get(Consultation, thread_id)
    if thread is None or not can_view_thread(actor, thread, now):
        raise NotFound("There is no consultation at this address.")
    return thread


def published_summary(session: Session, thread: Thread) -> Summary | None:
    """The thread's summary if it is published."""
    return session.scalar(select(Summary).where(Summary.thread_id == thread.id,
                                                Summary.is_published))
