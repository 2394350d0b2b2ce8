"""A thread's summary, its revisions and the contributions it cites."""
from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import ClassVar

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, and_
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import User
from forum.bilingual.models import Bilingual
from forum.db import SavedText, UTCDateTime, db, utcnow
from forum.i18n import _l
from forum.threads.models import Thread


class SummaryState(enum.StrEnum):
    """Where a summary is in the loop: draft → published → submitted → responded."""

    DRAFT = "draft"
    PUBLISHED = "published"
    SUBMITTED = "submitted"
    RESPONDED = "responded"

    @property
    def label(self) -> str:
        """Human label, in the current language."""
        return str(SUMMARY_STATE_LABELS[self.value])



#: each state's label, translated when shown
SUMMARY_STATE_LABELS = {"draft": _l("Draft"), "published": _l("Published"),
                        "submitted": _l("Submitted to the council"),
                        "responded": _l("The council has responded")}

class Summary(Bilingual, db.Model):
    """A moderator's summary of one thread (at most one per thread).

    The state is not stored: it follows from which of ``published_at``, ``submitted_at``
    and ``responded_at`` are set, and each of those records who made the move.
    """

    __tablename__ = "summaries"

    #: an official text: its body may have a version per language
    TRANSLATED: ClassVar[tuple[str, ...]] = ("body",)
    MARKDOWN: ClassVar[frozenset[str]] = frozenset({"body"})

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"),
                                           unique=True)
    body: Mapped[str] = mapped_column(Text)
    #: ``body`` with citations turned into links, rendered once at save time
    body_html: Mapped[str] = mapped_column(Text)
    #: number of the current revision; a save must name it (optimistic locking)
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the newest post of the thread the summary took into account (``None``: no posts yet)
    covers_up_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL"))
    #: when that post was written
    covers_up_to_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: the last time the published summary was corrected (edited after publication)
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    thread: Mapped[Thread] = relationship()
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    responded_by: Mapped[User | None] = relationship(foreign_keys=[responded_by_id])
    #: the points made rows when the summary was submitted (empty before)
    points: Mapped[list[SummaryPoint]] = relationship(
        order_by=lambda: SummaryPoint.position, cascade="all, delete-orphan",
        passive_deletes=True)
    # ``response`` (the council's answer, or ``None``) is declared by the council's model.

    def __repr__(self) -> str:
        return f"<Summary {self.id} thread={self.thread_id} {self.state}>"

    @property
    def state(self) -> SummaryState:
        """The latest move made."""
        if self.responded_at is not None:
            return SummaryState.RESPONDED
        if self.submitted_at is not None:
            return SummaryState.SUBMITTED
        if self.published_at is not None:
            return SummaryState.PUBLISHED
        return SummaryState.DRAFT

    @hybrid_property
    def is_published(self) -> bool:
        """Published (and possibly submitted or answered since): readable by everyone."""
        return self.published_at is not None

    @is_published.expression
    def is_published(cls):  # noqa: N805
        return cls.published_at.is_not(None)

    @hybrid_property
    def awaits_response(self) -> bool:
        """Submitted to the council and not answered yet (the council inbox)."""
        return self.submitted_at is not None and self.responded_at is None

    @awaits_response.expression
    def awaits_response(cls):  # noqa: N805
        return and_(cls.submitted_at.is_not(None), cls.responded_at.is_(None))

    def due_at(self, due_days: int) -> datetime | None:
        """When the council's response is due (``due_days`` after submission)."""
        return self.submitted_at + timedelta(days=due_days) if self.submitted_at else None

    @hybrid_method
    def is_overdue(self, now: datetime, due_days: int) -> bool:
        """Awaiting a response past its due date."""
        return bool(self.awaits_response and self.submitted_at + timedelta(days=due_days) < now)

    @is_overdue.expression
    def is_overdue(cls, now: datetime, due_days: int):  # noqa: N805
        return and_(cls.awaits_response, cls.submitted_at < now - timedelta(days=due_days))


class SummaryRevision(SavedText, db.Model):
    """One saved version of a summary (every save adds one, numbered from 1)."""

    __tablename__ = "summary_revisions"
    __table_args__ = (UniqueConstraint("summary_id", "number"),)

    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"))
    number: Mapped[int]

    def __repr__(self) -> str:
        return f"<SummaryRevision {self.summary_id}#{self.number}>"


class SummaryCitation(db.Model):
    """A post cited by the current revision of a summary (rewritten at every save)."""

    __tablename__ = "summary_citations"
    __table_args__ = (Index("ix_summary_citations_post_id", "post_id"),)

    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"),
                                            primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"),
                                         primary_key=True)

    def __repr__(self) -> str:
        return f"<SummaryCitation summary={self.summary_id} post={self.post_id}>"


class SummaryPoint(Bilingual, db.Model):
    """One point (claim) of a submitted summary: what the council answers, by a stable id.

    Made when the summary is submitted; a later correction changes ``corrected_text``, never
    the row, so an answer stays on the point it was given to.
    """

    __tablename__ = "summary_points"
    __table_args__ = (UniqueConstraint("summary_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("summaries.id", ondelete="CASCADE"))
    #: order of the point in the summary, from 0
    position: Mapped[int]
    #: the ``##`` heading the point is under, if any
    section: Mapped[str | None] = mapped_column(String(200))
    #: the point as submitted (citations left out: they are ``cited_post_ids``)
    text: Mapped[str] = mapped_column(Text)
    #: the posts the point cites, in order (its "You said")
    cited_post_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    #: the point's text after a correction made after submission
    corrected_text: Mapped[str | None] = mapped_column(Text)
    corrected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    #: its text may have a version per language (of the text residents read now)
    TRANSLATED: ClassVar[tuple[str, ...]] = ("text",)

    def __repr__(self) -> str:
        return f"<SummaryPoint {self.id} summary={self.summary_id}:{self.position}>"

    @property
    def current_text(self) -> str:
        """The text residents read: the correction if there is one."""
        return self.corrected_text if self.corrected_text is not None else self.text

    def source_value(self, name: str) -> str:
        """A point's source text is the one residents read now (its correction, if any)."""
        return self.current_text if name == "text" else super().source_value(name)
