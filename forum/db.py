"""Database base class, the shared ``db`` object and time helpers."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from flask import current_app, g, has_app_context
from flask_sqlalchemy import SQLAlchemy
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import DateTime, ForeignKey, MetaData, Select, Text, TypeDecorator
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import (DeclarativeBase, Mapped, Session, declared_attr, mapped_column,
                            relationship)

if TYPE_CHECKING:
    from forum.accounts.models import User

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose constraints carry predictable names (Alembic on SQLite needs them)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


#: where an app keeps its read replica's engine (``app.extensions``), if it has one
REPLICA = "forum_replica"


class RoutingSession(FlaskSession):
    """The session, sending a request's reads to the replica when the request asked for it.

    A request that sets ``g.read_replica`` (see :mod:`forum.replicas`: anonymous ``GET`` and
    ``HEAD`` requests, when a replica is configured) runs its ``SELECT`` statements on the
    replica's engine. Everything else goes to the primary: writes, flushes, locking reads
    (``FOR UPDATE``) and every statement of any other request.
    """

    def get_bind(self, mapper: Any = None, clause: Any = None,
                 bind: Engine | Connection | None = None, **kwargs: Any) -> Engine | Connection:
        """Return the replica's engine for a plain read of a routed request, else the usual."""
        if (bind is None and isinstance(clause, Select) and clause._for_update_arg is None
                and not self._flushing and has_app_context() and g.get("read_replica")):
            replica = current_app.extensions.get(REPLICA)
            if replica is not None:
                return replica
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


db = SQLAlchemy(model_class=Base, session_options={"class_": RoutingSession})


@contextmanager
def savepoint(session: Session) -> Iterator[None]:
    """``session.begin_nested()`` that stays inside the request's transaction on SQLite too.

    Python's sqlite3 driver (before Python 3.12's ``autocommit``) opens a transaction only
    before the first INSERT, UPDATE or DELETE, so a SAVEPOINT sent first is a transaction of
    its own and releasing it commits: a row written in it would stay even when the request is
    refused afterwards and rolled back. Opening the transaction first keeps the savepoint
    inside it, as on PostgreSQL.
    """
    connection = session.connection()
    driver = connection.connection.driver_connection
    if connection.dialect.name == "sqlite" and not driver.in_transaction:
        driver.execute("BEGIN")
    with session.begin_nested():
        yield


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A datetime stored in UTC and always returned timezone-aware.

    SQLite has no time zone support, so values come back naive; this type
    normalises both directions so that comparisons never mix naive and aware.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ANN001
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class SavedText:
    """The shape of one saved version of a text: who saved which body, rendered, when.

    Mixed into the revision tables of posts and opening texts and of summaries.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @declared_attr
    def editor(cls) -> Mapped[User]:  # noqa: N805
        """Who saved this version."""
        return relationship("User", lazy="joined", innerjoin=True)
