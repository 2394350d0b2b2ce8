"""Dates the council promised: the next update on a point, and its response to a summary.

A point answered "Already happening" or "Needs more work" may carry ``next_update_due``.
The promise is kept by a progress update on that point (or by the response being marked
complete): **on time** if that came on or before the date, **late** if after; with neither,
the point is **overdue** once the date has passed (dates are UTC calendar days).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session, contains_eager

from forum.council.models import CouncilResponse, ResponsePoint, ResponseUpdate
from forum.summaries.models import Summary, SummaryPoint


def kept_on(answer: ResponsePoint, updates: list[ResponseUpdate],
            completed_at: datetime | None) -> date | None:
    """The day the promise of ``answer`` was kept: its first update, or completion."""
    days = [u.created_at.date() for u in updates if u.point_id == answer.point_id]
    if completed_at is not None:
        days.append(completed_at.date())
    return min(days) if days else None


def due_state(answer: ResponsePoint, kept: date | None, now: datetime) -> str | None:
    """``on_time``, ``late``, ``overdue`` or ``pending``; ``None`` when no date was set."""
    due = answer.next_update_due
    if due is None:
        return None
    if kept is not None:
        return "on_time" if kept <= due else "late"
    return "overdue" if due < now.date() else "pending"


def overdue_points(now: datetime) -> Select:
    """Select the published answers whose promised update is overdue, soonest due first."""
    reported = exists().where(ResponseUpdate.point_id == ResponsePoint.point_id)
    return (select(ResponsePoint)
            .join(ResponsePoint.point)
            .join(CouncilResponse, CouncilResponse.id == ResponsePoint.response_id)
            .join(Summary, Summary.id == SummaryPoint.summary_id)
            .options(contains_eager(ResponsePoint.point))
            .where(ResponsePoint.next_update_due < now.date(),
                   CouncilResponse.published_at.is_not(None),
                   CouncilResponse.completed_at.is_(None), ~reported)
            .order_by(ResponsePoint.next_update_due, ResponsePoint.id)
            .add_columns(Summary))


@dataclass
class DueCounts:
    """How many promises were kept on time, late, are overdue, or are not due yet."""

    on_time: int = 0
    late: int = 0
    overdue: int = 0
    pending: int = 0

    def add(self, state: str | None) -> None:
        """Count one promise in ``state``."""
        if state is not None:
            setattr(self, state, getattr(self, state) + 1)


def response_counts(session: Session, now: datetime, due_days: int) -> DueCounts:
    """Responses to submitted summaries: published within ``due_days`` of submission or not."""
    counts = DueCounts()
    rows = session.execute(select(Summary.submitted_at, Summary.responded_at)
                           .where(Summary.submitted_at.is_not(None)))
    for submitted, responded in rows:
        due = submitted + timedelta(days=due_days)
        if responded is not None:
            counts.add("on_time" if responded <= due else "late")
        else:
            counts.add("overdue" if due < now else "pending")
    return counts


def update_counts(session: Session, now: datetime) -> DueCounts:
    """Promised updates on points of published responses, by how the promise stands."""
    first = (select(ResponseUpdate.point_id, func.min(ResponseUpdate.created_at).label("at"))
             .group_by(ResponseUpdate.point_id).subquery())
    rows = session.execute(
        select(ResponsePoint, first.c.at, CouncilResponse.completed_at)
        .join(CouncilResponse, and_(CouncilResponse.id == ResponsePoint.response_id,
                                    CouncilResponse.published_at.is_not(None)))
        .outerjoin(first, first.c.point_id == ResponsePoint.point_id)
        .where(ResponsePoint.next_update_due.is_not(None)))
    counts = DueCounts()
    for answer, updated_at, completed_at in rows:
        days = [d.date() for d in (updated_at, completed_at) if d is not None]
        counts.add(due_state(answer, min(days) if days else None, now))
    return counts
