"""The outcomes list ("You said, we did") and the figures of a consultation report."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.consultations.models import Consultation
from forum.council.models import CouncilResponse, ResponseUpdate
from forum.errors import NotFound
from forum.i18n import _
from forum.outcomes.status import (ANSWERED, LISTED, LoopStatus, Stage, loop_status,
                                   response_join, stage_expression, summary_join)
from forum.summaries.models import Summary
from forum.threads.models import Thread, ThreadKind
from forum.threads.rules import can_view_thread
from forum.topics.models import Topic

#: a filter value that is not a stage: awaiting a response past the due date
OVERDUE = "overdue"
_threads = Thread.__table__.c


def outcomes(now: datetime, *, topic: Topic | None = None, stage: str | None = None,
             due_days: int = 30) -> Select:
    """Select ``(Thread, Summary | None, CouncilResponse | None, stage)`` for each thread in
    the loop: every consultation once it has opened, and the discussions whose summary went
    to the council.

    Only a published summary is joined, and its response once the summary was answered
    (:mod:`forum.outcomes.status`). Newest first: by closing time, or for a discussion by
    when its summary went to the council.
    """
    stage_col = stage_expression(now)
    stmt = (select(Thread, Summary, CouncilResponse, stage_col.label("stage"))
            .outerjoin(Summary, summary_join(now))
            .outerjoin(CouncilResponse, response_join(now))
            .where(or_(Thread.kind == ThreadKind.CONSULTATION, Summary.submitted_at <= now),
                   stage_col != Stage.UPCOMING.value))
    if topic is not None:
        stmt = stmt.where(Thread.topic_id == topic.id)
    if stage == OVERDUE:
        stmt = stmt.where(Summary.is_overdue(now, due_days))
    elif stage in LISTED:
        stmt = stmt.where(stage_col == stage)
    return stmt.order_by(func.coalesce(_threads.closes_at, Summary.submitted_at).desc(),
                         Thread.id.desc())


def open_for_contributions(now: datetime, limit: int) -> Select:
    """The first ``limit`` open consultations, closing soonest first (the home page)."""
    return (outcomes(now, stage=Stage.OPEN).order_by(None)
            .order_by(_threads.closes_at, Thread.id).limit(limit))


def latest_decisions(now: datetime, limit: int) -> Select:
    """The ``limit`` most recent council decisions, newest first (the home page)."""
    stmt = outcomes(now).where(stage_expression(now).in_([s.value for s in ANSWERED]))
    return (stmt.order_by(None)
            .order_by(Summary.responded_at.desc(), Thread.id.desc()).limit(limit))


def row_status(row: Row, now: datetime) -> LoopStatus:
    """The status of one row of :func:`outcomes` (no query: the row has every record)."""
    return loop_status(row.Thread, row.Summary, row.CouncilResponse, now)


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
        raise NotFound(_("There is no consultation at this address."))
    return thread


def published_summary(session: Session, thread: Thread) -> Summary | None:
    """The thread's summary if it is published."""
    return session.scalar(select(Summary).where(Summary.thread_id == thread.id,
                                                Summary.is_published))
