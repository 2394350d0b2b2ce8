"""User accounts and API tokens."""
from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, ColumnElement, Enum, ForeignKey, String, case, literal, true
from sqlalchemy.ext.hybrid import hybrid_method, hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from forum.db import UTCDateTime, db, utcnow
from forum.i18n import _l


class Role(enum.StrEnum):
    """What a user may do; shown as a badge for everyone but citizens."""

    CITIZEN = "citizen"
    COUNCILLOR = "councillor"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """Human label of the role, in the reader's language (lazy: form choices keep it)."""
        return _ROLE_LABELS[self.value]


_ROLE_LABELS = {"citizen": _l("Citizen"), "councillor": _l("Councillor"),
                "moderator": _l("Moderator"), "admin": _l("Admin")}


#: the name every erased account is shown under, translated when shown
ERASED_NAME = _l("Former participant")


class User(UserMixin, db.Model):
    """A person with an account."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: stored lower-cased, so uniqueness is case-insensitive
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: the name as stored (an erased account keeps the English "Former participant" here);
    #: read :attr:`display_name`, which shows an erased account's in the reader's language
    stored_name: Mapped[str] = mapped_column("display_name", String(60))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e],
             validate_strings=True),
        default=Role.CITIZEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: changes when the password changes, role changes or all sessions must end; password-reset
    #: links and half-finished two-step sign-ins made before the change stop working
    session_token: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(String(500))
    #: base32 TOTP secret once second-factor sign-in is turned on
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: the last TOTP time step accepted, so a code cannot be used twice
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    #: set when the account is erased (forum.privacy): the row stays as a tombstone named
    #: "Former participant", with no email address or password, so posts keep an author
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the owner opened the confirmation link sent to ``email``; until then the account
    #: reads and follows but does not post, endorse or report
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: a new address asked for on the account page, taking effect once its link is opened
    pending_email: Mapped[str | None] = mapped_column(String(254))
    #: starting, replying or endorsing in a thread follows it (the person can turn it off);
    #: read only when shown (the follow itself checks it in SQL), set by the database
    auto_follow: Mapped[bool] = mapped_column(server_default=true(), deferred=True)
    #: the language pages and mail speak to this person (a code of ``LANGUAGES``, e.g.
    #: ``cy``); unset: their browser's, else the site's default (forum.i18n)
    language: Mapped[str | None] = mapped_column(String(16))

    #: columns the database fills in are read when used, not returned by every INSERT
    __mapper_args__ = {"eager_defaults": False}

    #: the key of the sign-in record this request runs under (set on sign-in; not a column)
    sign_in_key = None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, User):
            return NotImplemented
        return self is other or (self.id is not None and self.id == other.id)

    __hash__ = object.__hash__

    def get_id(self) -> str:
        """What the session cookie carries: the key of a sign-in record, never the user id."""
        if not self.sign_in_key:
            raise RuntimeError("Sign users in with forum.security.sessions.start_session.")
        return self.sign_in_key

    def set_password(self, password: str) -> None:
        """Hash and store ``password``."""
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        """Tell whether ``password`` matches."""
        return check_password_hash(self.password_hash, password)

    @hybrid_property
    def display_name(self) -> str:
        """The name shown for this person: an erased account's is "Former participant" in the
        language now spoken (in SQL: the stored name)."""
        if self.erased_at is not None:
            return str(ERASED_NAME)
        return self.stored_name

    @display_name.inplace.setter
    def _display_name_setter(self, value: str) -> None:
        self.stored_name = value

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls):  # noqa: ANN206 - a column
        return cls.stored_name

    @classmethod
    def shown_name(cls) -> ColumnElement[str]:
        """For a SELECT that names people: :attr:`display_name` as SQL, an erased account's
        in the language now spoken (not for WHERE or ORDER BY: it is no column)."""
        return case((cls.erased_at.is_not(None), literal(str(ERASED_NAME))),
                    else_=cls.stored_name)

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
    #: what its owner called it (where it is used), shown on the token page
    name: Mapped[str] = mapped_column(String(60), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} user={self.user_id}>"

    @staticmethod
    def hash(raw: str) -> str:
        """Hash a raw token for storage and lookup."""
        return hashlib.sha256(raw.encode()).hexdigest()
