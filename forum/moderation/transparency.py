"""The public transparency report: monthly moderation counts, with no names.

Each figure comes from one grouped query (month × outcome), never from counting rows in
Python. Months are calendar months in UTC.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Row, func, select
from sqlalchemy.orm import Session

from forum.moderation.models import Appeal, AuditAction, AuditEntry, Flag, Resolution, Suspension
from forum.timefmt import local_date

MAX_MONTHS = 60


@dataclass
class MonthCounts:
    """What moderation did in one month."""

    month: str
    hidden_by_flags: int = 0
    hidden_by_moderators: int = 0
    flags_upheld: int = 0
    flags_dismissed: int = 0
    appeals_granted: int = 0
    appeals_refused: int = 0
    suspensions: int = 0

    @property
    def label(self) -> str:
        """The month in words, e.g. "March 2026"."""
        return local_date(datetime.strptime(self.month, "%Y-%m").date(), "month")

    def as_dict(self) -> dict:
        """The API's view of the month."""
        return {"month": self.month,
                "posts_hidden": {"by_flags": self.hidden_by_flags,
                                 "by_moderators": self.hidden_by_moderators},
                "flags": {"upheld": self.flags_upheld, "dismissed": self.flags_dismissed},
                "appeals": {"granted": self.appeals_granted, "refused": self.appeals_refused},
                "suspensions": self.suspensions}


def month_keys(now: datetime, months: int) -> list[str]:
    """``YYYY-MM`` for the ``months`` calendar months up to ``now``'s, newest first."""
    now = now.astimezone(UTC)
    year, month = now.year, now.month
    keys = []
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys


def _month(session: Session, column: ColumnElement) -> ColumnElement[str]:
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def _grouped(session: Session, column: ColumnElement, start: datetime, *group: ColumnElement,
             where: ColumnElement[bool] | None = None) -> list[Row]:
    """Rows of ``(month, *group, count)`` since ``start``: one grouped query."""
    month = _month(session, column)
    stmt = select(month, *group, func.count()).where(column >= start)
    if where is not None:
        stmt = stmt.where(where)
    return session.execute(stmt.group_by(month, *group)).all()


def monthly_counts(session: Session, *, now: datetime, months: int = 12) -> list[MonthCounts]:
    """Counts for the last ``months`` months (newest first), zero where nothing happened."""
    keys = month_keys(now, max(1, min(months, MAX_MONTHS)))
    start = datetime.strptime(keys[-1], "%Y-%m").replace(tzinfo=UTC)
    rows = {key: MonthCounts(key) for key in keys}

    def add(month: str, attr: str, count: int) -> None:
        if month in rows:
            setattr(rows[month], attr, getattr(rows[month], attr) + count)

    hidden = {AuditAction.POST_AUTO_HIDDEN: "hidden_by_flags",
              AuditAction.POST_HIDDEN: "hidden_by_moderators"}
    for month, action, count in _grouped(session, AuditEntry.created_at, start,
                                         AuditEntry.action,
                                         where=AuditEntry.action.in_(list(hidden))):
        add(month, hidden[AuditAction(action)], count)
    for month, resolution, count in _grouped(session, Flag.resolved_at, start, Flag.resolution):
        add(month, "flags_upheld" if resolution == Resolution.UPHELD else "flags_dismissed",
            count)
    for month, granted, count in _grouped(session, Appeal.decided_at, start, Appeal.granted):
        add(month, "appeals_granted" if granted else "appeals_refused", count)
    for month, count in _grouped(session, Suspension.created_at, start):
        add(month, "suspensions", count)
    return [rows[key] for key in keys]


def totals(counts: list[MonthCounts]) -> MonthCounts:
    """The sum over ``counts``."""
    total = MonthCounts("total")
    for row in counts:
        for f in fields(MonthCounts):
            if f.name != "month":
                setattr(total, f.name, getattr(total, f.name) + getattr(row, f.name))
    return total
