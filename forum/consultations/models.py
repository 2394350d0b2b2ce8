"""A consultation: a thread a councillor opens for a set time, asking one question.

Stored in the ``threads`` table (single-table inheritance on ``kind``); its columns are empty
for discussions.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Column, ColumnElement, String, and_, or_
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.base import ReadOnlyColumnCollection

from forum.db import UTCDateTime
from forum.i18n import _l
from forum.threads.models import Thread, ThreadKind

UPCOMING_MESSAGE = _l("This consultation has not opened yet.")
CLOSED_MESSAGE = _l("This consultation is closed; it no longer takes contributions.")


class Consultation(Thread):
    """A question the council asks residents, taking contributions from ``opens_at`` (or its
    creation) until ``closes_at``."""

    question: Mapped[str | None] = mapped_column(String(500))
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: set when the councillor closes the consultation before ``closes_at``
    closed_early_reason: Mapped[str | None] = mapped_column(String(500))

    __mapper_args__ = {"polymorphic_identity": ThreadKind.CONSULTATION}

    #: an official text: its title, question and background may have a version per language
    TRANSLATED: ClassVar[tuple[str, ...]] = ("title", "question", "body")
    MARKDOWN: ClassVar[frozenset[str]] = frozenset({"body"})

    @hybrid_method
    def is_upcoming(self, now: datetime) -> bool:
        """Not opened yet: only its author and staff see it."""
        return self.opens_at is not None and self.opens_at > now

    @is_upcoming.expression
    def is_upcoming(cls, now: datetime) -> ColumnElement[bool]:  # noqa: N805
        return _columns().opens_at > now

    @hybrid_method
    def is_closed(self, now: datetime) -> bool:
        """Its closing time has passed."""
        return self.closes_at is not None and self.closes_at <= now

    @is_closed.expression
    def is_closed(cls, now: datetime) -> ColumnElement[bool]:  # noqa: N805
        return _columns().closes_at <= now

    @hybrid_method
    def is_open(self, now: datetime) -> bool:
        """Taking contributions at ``now``."""
        return not self.is_upcoming(now) and not self.is_closed(now)

    @is_open.expression
    def is_open(cls, now: datetime) -> ColumnElement[bool]:  # noqa: N805
        column = _columns()
        return and_(or_(column.opens_at.is_(None), column.opens_at <= now),
                    column.closes_at > now)

    @hybrid_method
    def is_featured(self, now: datetime) -> bool:
        """Listed first in its topic while it is open."""
        return self.is_open(now)

    @is_featured.expression
    def is_featured(cls, now: datetime) -> ColumnElement[bool]:  # noqa: N805
        return cls.is_open(now)

    def contribution_refusal(self, now: datetime) -> tuple[str, str] | None:
        """Before it opens and after it closes, a consultation takes no posts."""
        if self.is_upcoming(now):
            return "consultation_upcoming", str(UPCOMING_MESSAGE)
        if self.is_closed(now):
            return "consultation_closed", str(CLOSED_MESSAGE)
        return None

    def status(self, now: datetime) -> str:
        """``upcoming``, ``open`` or ``closed``."""
        if self.is_upcoming(now):
            return "upcoming"
        return "closed" if self.is_closed(now) else "open"

    def kind_fields(self) -> dict[str, object]:
        """The question, the dates and the reason for closing early."""
        return {"question": self.question, "opens_at": self.opens_at,
                "closes_at": self.closes_at, "closed_early_reason": self.closed_early_reason,
                "versions": self.versions_json()}


def _columns() -> ReadOnlyColumnCollection[str, Column[Any]]:
    """The table's columns, for the SQL twins: unlike ``Consultation.opens_at`` they do not
    narrow a query over every thread to consultations (they work in ``select(Thread)``)."""
    return Consultation.__table__.c
