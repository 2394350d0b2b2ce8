"""Sign-in records and recovery codes for second-factor sign-in."""
from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import User
from forum.db import UTCDateTime, db, utcnow


class RecoveryCode(db.Model):
    """A one-time code that stands in for the authenticator app; only its hash is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: set when the code is spent; a used code never works again
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<RecoveryCode {self.id} user={self.user_id} used={self.used_at is not None}>"

    @staticmethod
    def hash(code: str) -> str:
        """Hash a normalised code for storage and lookup (codes are random, 60 bits)."""
        return hashlib.sha256(code.encode()).hexdigest()


class UserSession(db.Model):
    """One sign-in on one device; signing out deletes it, and its cookies stop working."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the random secret that the session and remember-me cookies carry
    secret_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: updated at most every few minutes, not on every request
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: the browser's User-Agent header, cut to 200 characters, to tell devices apart
    user_agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<UserSession {self.id} user={self.user_id}>"

    @staticmethod
    def hash(secret: str) -> str:
        """Hash a session secret for storage (secrets are random, 256 bits)."""
        return hashlib.sha256(secret.encode()).hexdigest()
