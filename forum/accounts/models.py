"""User accounts and API tokens."""
from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, Enum, ForeignKey, String
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from forum.db import UTCDateTime, db, utcnow


class Role(enum.StrEnum):
    """What a user may do; shown as a badge for everyone but citizens."""

    CITIZEN = "citizen"
    COUNCILLOR = "councillor"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """Human label of the role."""
        return self.value.capitalize()


class User(UserMixin, db.Model):
    """A person with an account."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: stored lower-cased, so uniqueness is case-insensitive
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e],
             validate_strings=True),
        default=Role.CITIZEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: changes when the password changes or all sessions must end; part of the session id
    session_token: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(String(500))
    #: base32 TOTP secret once second-factor sign-in is turned on
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: the last TOTP time step accepted, so a code cannot be used twice
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"

    def get_id(self) -> str:
        """Session identifier: changes when all sessions must end."""
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        """Hash and store ``password``."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Tell whether ``password`` matches."""
        return check_password_hash(self.password_hash, password)

    @hybrid_method
    def is_suspended(self, now: datetime) -> bool:
        """Suspended at ``now``."""
        return self.suspended_until is not None and self.suspended_until > now

    @is_suspended.expression
    def is_suspended(cls, now: datetime):  # noqa: N805
        return (cls.suspended_until.is_not(None)) & (cls.suspended_until > now)


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its hash is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user={self.user_id}>"

    @staticmethod
    def hash(raw: str) -> str:
        """Hash a raw token for storage and lookup."""
        return hashlib.sha256(raw.encode()).hexdigest()
