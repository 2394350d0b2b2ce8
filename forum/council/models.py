"""The council's response to a summary: per-point answers, revisions and progress updates."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from forum.accounts.models import User
from forum.bilingual.models import Bilingual
from forum.db import UTCDateTime, db, utcnow
from forum.i18n import Deferred, _l, deferred
from forum.summaries.models import Summary, SummaryPoint
from forum.i18n import Deferred, _l, deferred
from forum.threads.models import Thread, _enum


class Decision(enum.StrEnum):
    """What the council decided: overall or on one point of a summary (the first five), or
    on a residents' proposal (the last four, see :data:`PROPOSAL_DECISIONS`)."""

    AGREED = "agreed"
    AGREED_IN_PART = "agreed_in_part"
    NOT_AGREED = "not_agreed"
    ALREADY_HAPPENING = "already_happening"
    NEEDS_MORE_WORK = "needs_more_work"
    ACCEPTED = "accepted"
    ACCEPTED_IN_PART = "accepted_in_part"
    NOT_ACCEPTED = "not_accepted"
    #: the proposal was turned into a consultation (``CouncilResponse.consultation_id``)
    CONSULTATION = "consultation"

    @property
    def label(self) -> str:
        """Human label, in the current language."""
        return str(DECISION_LABELS[self.value])

    @property
    def message(self) -> Deferred:
        """Human label, translated when read (a notification's parameter)."""
        return DECISION_MESSAGES[self.value]

    @property
    def takes_due_date(self) -> bool:
        """A decision that promises more news: it may set a date for the next update."""
        return self in (Decision.ALREADY_HAPPENING, Decision.NEEDS_MORE_WORK)



#: each decision's label, kept to be translated when read
DECISION_MESSAGES = {"agreed": deferred("Agreed"), "agreed_in_part": deferred("Agreed in part"),
                     "not_agreed": deferred("Not agreed"),
                     "already_happening": deferred("Already happening"),
                     "needs_more_work": deferred("Needs more work"),
                     "accepted": deferred("Accepted"),
                     "accepted_in_part": deferred("Accepted in part"),
                     "not_accepted": deferred("Not accepted"),
                     "consultation": deferred("Turned into a consultation")}
#: each decision's label, translated when shown (form choices keep the lazy string)
DECISION_LABELS = {value: _l(message.msgid) for value, message in DECISION_MESSAGES.items()}
#: the decisions a response to a summary (and each of its points) may give
SUMMARY_DECISIONS = (Decision.AGREED, Decision.AGREED_IN_PART, Decision.NOT_AGREED,
                     Decision.ALREADY_HAPPENING, Decision.NEEDS_MORE_WORK)
#: the decisions an answer to a residents' proposal may give
PROPOSAL_DECISIONS = (Decision.ACCEPTED, Decision.ACCEPTED_IN_PART, Decision.NOT_ACCEPTED,
                      Decision.CONSULTATION)


class CouncilResponse(Bilingual, db.Model):
    """The council's answer to a submitted summary (one per summary): a draft until published."""

    __tablename__ = "council_responses"

    #: an official text: its explanation may have a version per language
    TRANSLATED: ClassVar[tuple[str, ...]] = ("body",)
    MARKDOWN: ClassVar[frozenset[str]] = frozenset({"body"})
    __table_args__ = (CheckConstraint("(summary_id IS NULL) <> (thread_id IS NULL)",
                                      name="one_subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: what it answers: a submitted summary, or (``thread_id``) a qualified proposal
    summary_id: Mapped[int | None] = mapped_column(
        ForeignKey("summaries.id", ondelete="CASCADE"), unique=True)
    thread_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="CASCADE"), unique=True)
    #: the consultation a proposal was turned into, when that was the answer
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("threads.id", ondelete="SET NULL"))
    decision: Mapped[Decision] = mapped_column(_enum(Decision))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: when residents could first read it (``None``: a draft only councillors see)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the last correction made after publication
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: set when a councillor marks the promised work done: no more updates
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    #: gives ``Summary.response``: the council's answer (draft or published), or ``None``
    summary: Mapped[Summary | None] = relationship(backref=backref(
        "response", uselist=False, cascade="all, delete-orphan", passive_deletes=True))
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    #: the thread answered (a proposal), when it is not a summary; gives
    #: ``Thread.council_response`` (draft or published), or ``None``
    thread: Mapped[Thread | None] = relationship(foreign_keys=[thread_id], backref=backref(
        "council_response", uselist=False, passive_deletes=True))
    #: the consultation the proposal was turned into
    consultation: Mapped[Thread | None] = relationship(foreign_keys=[consultation_id])
    points: Mapped[list[ResponsePoint]] = relationship(
        order_by=lambda: ResponsePoint.id, cascade="all, delete-orphan")
    updates: Mapped[list[ResponseUpdate]] = relationship(
        order_by=lambda: (ResponseUpdate.created_at, ResponseUpdate.id),
        cascade="all, delete-orphan")
    revisions: Mapped[list[ResponseRevision]] = relationship(
        order_by=lambda: ResponseRevision.number.desc(), cascade="all, delete-orphan")

    def __repr__(self) -> str:
        subject = f"summary={self.summary_id}" if self.summary_id else f"thread={self.thread_id}"
        return f"<CouncilResponse {self.id} {subject} {self.decision}>"

    @property
    def is_published(self) -> bool:
        """Published: residents read it and it can only be corrected, in public."""
        return self.published_at is not None

    @property
    def is_complete(self) -> bool:
        """Marked complete: the work promised is done."""
        return self.completed_at is not None

    @property
    def latest_update(self) -> ResponseUpdate | None:
        """The newest progress update, if any."""
        return self.updates[-1] if self.updates else None

    def answer_to(self, point_id: int) -> ResponsePoint | None:
        """The answer given to the summary point ``point_id``, if any."""
        return next((p for p in self.points if p.point_id == point_id), None)


class ResponsePoint(Bilingual, db.Model):
    """The council's decision and one sentence on one point of a summary."""

    __tablename__ = "response_points"
    __table_args__ = (UniqueConstraint("response_id", "point_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("council_responses.id", ondelete="CASCADE"), index=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("summary_points.id", ondelete="CASCADE"),
                                          index=True)
    decision: Mapped[Decision] = mapped_column(_enum(Decision))
    body: Mapped[str] = mapped_column(String(1000))
    #: the date by which the council promised the next update (decisions that take one)
    next_update_due: Mapped[date | None] = mapped_column(Date)
    #: set on answers carried over from a response given per ``##`` heading: that heading
    section: Mapped[str | None] = mapped_column(String(200))

    point: Mapped[SummaryPoint] = relationship()

    #: the council's sentence on the point may have a version per language
    TRANSLATED: ClassVar[tuple[str, ...]] = ("body",)

    def __repr__(self) -> str:
        return f"<ResponsePoint {self.response_id}:{self.point_id} {self.decision}>"


class ResponseRevision(db.Model):
    """The response as published (number 1) and after each public correction."""

    __tablename__ = "response_revisions"
    __table_args__ = (UniqueConstraint("response_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("council_responses.id", ondelete="CASCADE"))
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[Decision] = mapped_column(_enum(Decision))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    #: the answers as they stood: ``[{"point_id", "decision", "body", "next_update_due"}]``
    answers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    editor: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ResponseRevision {self.response_id}#{self.number}>"

    def answer_rows(self) -> list[RevisionAnswer]:
        """The answers of this version, typed."""
        return [RevisionAnswer(a["point_id"], Decision(a["decision"]), a["body"],
                               date.fromisoformat(a["next_update_due"])
                               if a.get("next_update_due") else None) for a in self.answers]


@dataclass(frozen=True)
class RevisionAnswer:
    """One answer as a revision recorded it."""

    point_id: int
    decision: Decision
    body: str
    next_update_due: date | None


class ResponseUpdate(db.Model):
    """A dated progress report on what the council did ("We did"), on one point or overall."""

    __tablename__ = "response_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("council_responses.id", ondelete="CASCADE"), index=True)
    #: the summary point the update reports on (``None``: the response as a whole)
    point_id: Mapped[int | None] = mapped_column(
        ForeignKey("summary_points.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ResponseUpdate {self.id} response={self.response_id}>"
