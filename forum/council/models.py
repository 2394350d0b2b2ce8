"""The council's response to a summary, its point-by-point answers and progress updates."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from forum.accounts.models import User
from forum.db import UTCDateTime, db, utcnow
from forum.summaries.models import Summary
from forum.threads.models import _enum


class Decision(enum.StrEnum):
    """What the council decided, overall or on one section of a summary."""

    ADOPTED = "adopted"
    ADOPTED_IN_PART = "adopted_in_part"
    NOT_ADOPTED = "not_adopted"
    DEFERRED = "deferred"

    @property
    def label(self) -> str:
        """Human label."""
        return {"adopted": "Adopted", "adopted_in_part": "Adopted in part",
                "not_adopted": "Not adopted", "deferred": "Deferred"}[self.value]


class CouncilResponse(db.Model):
    """The council's answer to a submitted summary (one per summary)."""

    __tablename__ = "council_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"),
                                            unique=True)
    decision: Mapped[Decision] = mapped_column(_enum(Decision))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: set when a councillor marks the promised work done: no more updates
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    #: gives ``Summary.response``: the council's answer to the summary, or ``None``
    summary: Mapped[Summary] = relationship(backref=backref(
        "response", uselist=False, cascade="all, delete-orphan", passive_deletes=True))
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    points: Mapped[list[ResponsePoint]] = relationship(
        order_by=lambda: ResponsePoint.position, cascade="all, delete-orphan")
    updates: Mapped[list[ResponseUpdate]] = relationship(
        order_by=lambda: (ResponseUpdate.created_at, ResponseUpdate.id),
        cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<CouncilResponse {self.id} summary={self.summary_id} {self.decision}>"

    @property
    def is_complete(self) -> bool:
        """Marked complete: the work promised is done."""
        return self.completed_at is not None

    @property
    def latest_update(self) -> ResponseUpdate | None:
        """The newest progress update, if any."""
        return self.updates[-1] if self.updates else None


class ResponsePoint(db.Model):
    """The council's decision and one sentence on one section (``##`` heading) of a summary."""

    __tablename__ = "response_points"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("council_responses.id", ondelete="CASCADE"), index=True)
    #: order of the section in the summary
    position: Mapped[int]
    #: the heading text of the section answered
    section: Mapped[str] = mapped_column(String(200))
    decision: Mapped[Decision] = mapped_column(_enum(Decision))
    body: Mapped[str] = mapped_column(String(1000))

    def __repr__(self) -> str:
        return f"<ResponsePoint {self.response_id}:{self.position} {self.decision}>"


class ResponseUpdate(db.Model):
    """A dated progress report on what the council did ("We did")."""

    __tablename__ = "response_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("council_responses.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ResponseUpdate {self.id} response={self.response_id}>"
