"""Threads: discussions and consultations."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String, Text, and_, or_
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import User
from forum.db import UTCDateTime, db, utcnow
from forum.topics.models import Topic


class ThreadKind(enum.StrEnum):
    """A plain discussion, or a consultation posted by a councillor."""

    DISCUSSION = "discussion"
    CONSULTATION = "consultation"


def _enum(cls: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(cls, native_enum=False, length=length, validate_strings=True,
                values_callable=lambda e: [m.value for m in e])


class Thread(db.Model):
    """A debate: an opening text, then arguments and replies (posts)."""

    __tablename__ = "threads"
    __table_args__ = (Index("ix_threads_topic_activity", "topic_id", "last_activity_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[ThreadKind] = mapped_column(_enum(ThreadKind), default=ThreadKind.DISCUSSION)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: newest of creation and the latest post; orders topic pages
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: number of posts (arguments and replies), kept by the post services
    post_count: Mapped[int] = mapped_column(default=0)

    # Moderation
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lock_reason: Mapped[str | None] = mapped_column(String(500))

    # Consultations only
    question: Mapped[str | None] = mapped_column(String(500))
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: set when the councillor closes the consultation before ``closes_at``
    closed_early_reason: Mapped[str | None] = mapped_column(String(500))

    topic: Mapped[Topic] = relationship(lazy="joined", innerjoin=True)
    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    def __repr__(self) -> str:
        return f"<Thread {self.id} {self.kind} {self.title!r}>"

    @property
    def is_consultation(self) -> bool:
        """A consultation rather than a discussion."""
        return self.kind == ThreadKind.CONSULTATION

    @property
    def is_locked(self) -> bool:
        """Locked by a moderator: no new posts."""
        return self.locked_at is not None

    @hybrid_method
    def is_upcoming(self, now: datetime) -> bool:
        """A consultation that has not opened yet."""
        return self.kind == ThreadKind.CONSULTATION and self.opens_at is not None \
            and self.opens_at > now

    @is_upcoming.expression
    def is_upcoming(cls, now: datetime):  # noqa: N805
        return and_(cls.kind == ThreadKind.CONSULTATION, cls.opens_at > now)

    @hybrid_method
    def is_closed(self, now: datetime) -> bool:
        """A consultation whose closing time has passed (discussions never close)."""
        return self.kind == ThreadKind.CONSULTATION and self.closes_at is not None \
            and self.closes_at <= now

    @is_closed.expression
    def is_closed(cls, now: datetime):  # noqa: N805
        return and_(cls.kind == ThreadKind.CONSULTATION, cls.closes_at <= now)

    @hybrid_method
    def is_open_consultation(self, now: datetime) -> bool:
        """A consultation taking contributions at ``now``."""
        return self.is_consultation and not self.is_upcoming(now) and not self.is_closed(now)

    @is_open_consultation.expression
    def is_open_consultation(cls, now: datetime):  # noqa: N805
        return and_(cls.kind == ThreadKind.CONSULTATION,
                    or_(cls.opens_at.is_(None), cls.opens_at <= now), cls.closes_at > now)

    def status(self, now: datetime) -> str | None:
        """``upcoming``, ``open`` or ``closed`` for a consultation; ``None`` for a discussion."""
        if not self.is_consultation:
            return None
        if self.is_upcoming(now):
            return "upcoming"
        return "closed" if self.is_closed(now) else "open"

