"""Reports (flags), suspensions, appeals and the append-only moderation log."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (DDL, CheckConstraint, ForeignKey, Index, String, UniqueConstraint,
                        event)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import User
from forum.db import UTCDateTime, db, utcnow
from forum.i18n import _l
from forum.posts.models import Post
from forum.threads.models import Thread, _enum


class FlagReason(enum.StrEnum):
    """Why a reader reports a post."""

    OFFENSIVE = "offensive"
    SPAM = "spam"
    OFF_TOPIC = "off_topic"
    PERSONAL_INFORMATION = "personal_information"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human label."""
        return {"offensive": _l("Offensive or abusive"), "spam": _l("Spam or advertising"),
                "off_topic": _l("Off-topic"),
                "personal_information": _l("Shares personal information"),
                "other": _l("Something else")}[self.value]


class Resolution(enum.StrEnum):
    """What a moderator decided about a report."""

    UPHELD = "upheld"
    DISMISSED = "dismissed"


class Flag(db.Model):
    """One reader's report of one post; open until a moderator upholds or dismisses it."""

    __tablename__ = "flags"
    __table_args__ = (UniqueConstraint("post_id", "user_id"),
                      Index("ix_flags_open", "post_id", "resolved_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    reason: Mapped[FlagReason] = mapped_column(_enum(FlagReason, 30))
    #: the reporter's own words; required when ``reason`` is ``other``
    text: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolution: Mapped[Resolution | None] = mapped_column(_enum(Resolution))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    post: Mapped[Post] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<Flag {self.id} post={self.post_id} user={self.user_id} {self.reason}>"

    @property
    def is_open(self) -> bool:
        """Waiting for a moderator."""
        return self.resolved_at is None


class Suspension(db.Model):
    """One suspension of an account; the user's ``suspended_until`` mirrors the current one."""

    __tablename__ = "suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: the moderator who suspended (may not decide an appeal against it)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(500))
    #: set when an admin lifts it or an appeal is granted before ``until``
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lift_reason: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    def __repr__(self) -> str:
        return f"<Suspension {self.id} user={self.user_id} until={self.until:%Y-%m-%d}>"

    def is_current(self, now: datetime) -> bool:
        """Neither lifted nor over at ``now``."""
        return self.lifted_at is None and self.until > now


#: exactly one of an appeal's targets is set
ONE_TARGET_SQL = ("(CASE WHEN post_id IS NULL THEN 0 ELSE 1 END)"
                  " + (CASE WHEN suspension_id IS NULL THEN 0 ELSE 1 END)"
                  " + (CASE WHEN thread_id IS NULL THEN 0 ELSE 1 END) = 1")


class Appeal(db.Model):
    """A user's one appeal against the hiding of their post, against their suspension, or
    against a moderator's decision about a thread they started (a refused proposal)."""

    __tablename__ = "appeals"
    __table_args__ = (CheckConstraint(ONE_TARGET_SQL, name="one_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    appellant_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                              index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"),
                                                unique=True)
    suspension_id: Mapped[int | None] = mapped_column(
        ForeignKey("suspensions.id", ondelete="CASCADE"), unique=True)
    #: a thread a moderator decided about (a proposal refused under the house rules); what
    #: granting does is up to the thread's kind (see :mod:`forum.moderation.appeals`)
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"),
                                                  unique=True)
    statement: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the moderator whose decision is appealed; someone else must decide
    acted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted: Mapped[bool | None] = mapped_column()
    decision_reason: Mapped[str | None] = mapped_column(String(500))

    appellant: Mapped[User] = relationship(foreign_keys=[appellant_id])
    acted_by: Mapped[User | None] = relationship(foreign_keys=[acted_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    post: Mapped[Post | None] = relationship()
    suspension: Mapped[Suspension | None] = relationship()
    thread: Mapped[Thread | None] = relationship()

    def __repr__(self) -> str:
        return f"<Appeal {self.id} {self.kind} {self.status}>"

    @property
    def kind(self) -> str:
        """``post``, ``suspension`` or ``thread``."""
        if self.post_id is not None:
            return "post"
        return "thread" if self.thread_id is not None else "suspension"

    @property
    def is_pending(self) -> bool:
        """Not decided yet."""
        return self.decided_at is None

    @property
    def status(self) -> str:
        """``pending``, ``granted`` or ``refused``."""
        if self.decided_at is None:
            return "pending"
        return "granted" if self.granted else "refused"


class AuditAction(enum.StrEnum):
    """Everything the moderation log records."""

    POST_HIDDEN = "post_hidden"
    POST_AUTO_HIDDEN = "post_auto_hidden"
    POST_RESTORED = "post_restored"
    FLAGS_UPHELD = "flags_upheld"
    FLAGS_DISMISSED = "flags_dismissed"
    THREAD_LOCKED = "thread_locked"
    THREAD_UNLOCKED = "thread_unlocked"
    USER_SUSPENDED = "user_suspended"
    SUSPENSION_LIFTED = "suspension_lifted"
    APPEAL_GRANTED = "appeal_granted"
    APPEAL_REFUSED = "appeal_refused"
    ROLE_CHANGED = "role_changed"
    USER_ERASED = "user_erased"
    TOPIC_ARCHIVED = "topic_archived"
    TOPIC_REOPENED = "topic_reopened"
    PROPOSAL_REFUSED = "proposal_refused"
    PROPOSAL_MERGED = "proposal_merged"
    OFFLINE_SUPPORTS_RECORDED = "offline_supports_recorded"

    @property
    def label(self) -> str:
        """Human label."""
        return _ACTION_LABELS[self.value]


_ACTION_LABELS = {
    "post_hidden": _l("Hid a post"),
    "post_auto_hidden": _l("Post hidden automatically by reports"),
    "post_restored": _l("Restored a post"),
    "flags_upheld": _l("Upheld reports"),
    "flags_dismissed": _l("Dismissed reports"),
    "thread_locked": _l("Locked a thread"),
    "thread_unlocked": _l("Unlocked a thread"),
    "user_suspended": _l("Suspended an account"),
    "suspension_lifted": _l("Lifted a suspension"),
    "appeal_granted": _l("Granted an appeal"),
    "appeal_refused": _l("Refused an appeal"),
    "role_changed": _l("Changed a role"),
    "user_erased": _l("Erased an account on request"),
    "topic_archived": _l("Archived a topic"),
    "topic_reopened": _l("Reopened a topic"),
    "proposal_refused": _l("Refused a proposal"),
    "proposal_merged": _l("Merged a duplicate proposal"),
    "offline_supports_recorded": _l("Recorded supports gathered offline"),
}


class AuditEntry(db.Model):
    """One moderator or admin action. Rows are only ever inserted (see the guards below)."""

    __tablename__ = "moderation_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: who acted; ``None`` for the system (automatic hiding) or the command line
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[AuditAction] = mapped_column(_enum(AuditAction, 30), index=True)
    #: ``post``, ``thread``, ``user``, ``topic`` or ``appeal``
    target_type: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[int] = mapped_column()
    #: site-relative address of the target
    link: Mapped[str | None] = mapped_column(String(300))
    reason: Mapped[str | None] = mapped_column(String(1000))
    #: short facts such as "citizen → moderator" or "3 reports"
    details: Mapped[str | None] = mapped_column(String(300))

    actor: Mapped[User | None] = relationship()

    #: what the target is called now (a title, a name): never stored, so the log keeps ids
    #: only and an erased account's name leaves it; :func:`forum.moderation.audit.label_entries`
    #: fills it in when entries are shown
    target_label = ""

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.target_type}={self.target_id}>"


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a moderation log entry."""


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(_mapper, _connection, target: AuditEntry) -> None:
    raise AppendOnlyError(f"The moderation log is append-only; {target!r} cannot change.")


#: database-level guard: statements that bypass the ORM are refused too. Migrations that
#: create ``moderation_log`` should run these (``op.execute``) for the same protection.
APPEND_ONLY_SQL = {
    "postgresql": [
        "CREATE OR REPLACE FUNCTION moderation_log_append_only() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION "
        "'the moderation log is append-only'; END; $$",
        "CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE ON moderation_log "
        "FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only()",
    ],
    "sqlite": [
        "CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log "
        "BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END",
        "CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log "
        "BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END",
    ],
}

for _dialect, _statements in APPEND_ONLY_SQL.items():
    for _sql in _statements:
        event.listen(AuditEntry.__table__, "after_create",
                     DDL(_sql).execute_if(dialect=_dialect))
