"""Notifications, and what people follow."""
from __future__ import annotations

import enum
from datetime import datetime

from typing import Any

from sqlalchemy import JSON, Enum, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import UTCDateTime, db, utcnow
from forum.i18n import Deferred


class Notification(db.Model):
    """Something a user should know about, with a link to it."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: what happened, e.g. ``summary_published``, ``council_responded``, ``post_hidden``
    kind: Mapped[str] = mapped_column(String(40))
    #: the message in the site's default language (search, and rows older than the key)
    message: Mapped[str] = mapped_column(String(500))
    #: the message's msgid, translated when read (``None``: a row with only ``message``)
    message_key: Mapped[str | None] = mapped_column(String(500))
    #: the msgid's parameters (:meth:`forum.i18n.Deferred.params_json`)
    message_params: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    #: site-relative URL to what the notification is about
    link: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def said(self) -> Deferred | str:
        """The message, to be translated when shown (an old row: its stored text)."""
        if self.message_key is None:
            return self.message
        return Deferred.from_json(self.message_key, self.message_params)

    @property
    def text(self) -> str:
        """The message in the language now spoken."""
        return str(self.said)

    def __repr__(self) -> str:
        return f"<Notification {self.id} user={self.user_id} {self.kind}>"


class FollowKind(enum.StrEnum):
    """What can be followed: a thread (a consultation is one), a topic, a person."""

    THREAD = "thread"
    TOPIC = "topic"
    PERSON = "person"


class Follow(db.Model):
    """A person follows a thread, a topic or another person's contributions."""

    __tablename__ = "follows"
    __table_args__ = (
        UniqueConstraint("user_id", "target_kind", "target_id"),
        #: who follows this thing (the notification handlers' lookup)
        Index("ix_follows_target", "target_kind", "target_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    target_kind: Mapped[FollowKind] = mapped_column(
        Enum(FollowKind, native_enum=False, length=10,
             values_callable=lambda e: [m.value for m in e], validate_strings=True))
    #: the id of the thread, topic or user followed (no foreign key: it names one of three)
    target_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Follow user={self.user_id} {self.target_kind} {self.target_id}>"
