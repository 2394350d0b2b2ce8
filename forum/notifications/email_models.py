"""The tables behind notification email: each person's choices, the digests sent to them,
and the time-based events already announced."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import UTCDateTime, db, utcnow


class NotificationPreference(db.Model):
    """How one person hears of one kind of notification (a kind without a row: its default)."""

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: a name from :data:`forum.notifications.kinds.KINDS`
    kind: Mapped[str] = mapped_column(String(40))
    #: one of :data:`forum.notifications.kinds.DELIVERIES`
    delivery: Mapped[str] = mapped_column(String(10))

    def __repr__(self) -> str:
        return f"<NotificationPreference user={self.user_id} {self.kind}={self.delivery}>"


class NotificationDigest(db.Model):
    """A digest sent to one person for one period: the row that makes it happen only once."""

    __tablename__ = "notification_digests"
    __table_args__ = (UniqueConstraint("user_id", "period", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: ``daily`` or ``weekly``
    period: Mapped[str] = mapped_column(String(10))
    #: the day (``2026-12-01``) or ISO week (``2026-W49``) it is for
    period_key: Mapped[str] = mapped_column(String(10))
    #: the notifications it lists were created up to this time (the next one starts here)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: how many notifications it listed
    items: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<NotificationDigest user={self.user_id} {self.period} {self.period_key}>"


class NotificationEvent(db.Model):
    """A time-based event already announced (a consultation closing soon, a due date passing),
    so that running the command again announces nothing twice."""

    __tablename__ = "notification_events"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``closing_soon`` or ``point_overdue``
    kind: Mapped[str] = mapped_column(String(40))
    #: what it was about, e.g. ``thread:12`` or ``point:7:2026-12-01``
    key: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<NotificationEvent {self.kind} {self.key}>"
