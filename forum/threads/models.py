"""Threads (the discussion, and the base of other kinds such as consultations)."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import ClassVar

from sqlalchemy import (ColumnElement, Enum, ForeignKey, Index, String, Text, case, false,
                        inspect)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import Role, User
from forum.bilingual.models import Bilingual
from forum.db import UTCDateTime, db, utcnow
from forum.topics.models import Topic


class ThreadKind(enum.StrEnum):
    """The kinds of thread stored in ``threads.kind`` (each kind is a mapped class)."""

    DISCUSSION = "discussion"
    CONSULTATION = "consultation"
    PROPOSAL = "proposal"


def _enum(cls: type[enum.Enum], length: int = 20) -> Enum:
    return Enum(cls, native_enum=False, length=length, validate_strings=True,
                values_callable=lambda e: [m.value for m in e])


class Thread(Bilingual, db.Model):
    """A debate: an opening text, then arguments and replies (posts).

    Other kinds of thread are subclasses in the same table, told apart by ``kind``; they
    override the predicates below (and their SQL twins), so code at this level asks the
    thread rather than its kind.
    """

    __tablename__ = "threads"
    __table_args__ = (Index("ix_threads_topic_activity", "topic_id", "last_activity_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: the role the author had when starting the thread (shown on the opening text)
    author_role: Mapped[Role] = mapped_column(_enum(Role))
    kind: Mapped[ThreadKind] = mapped_column(_enum(ThreadKind), default=ThreadKind.DISCUSSION)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    #: the language the opening text is written in (a code of ``LANGUAGES``): marks it with
    #: ``lang``, chooses how search stems it, and is the source language of a consultation's
    #: official texts; older rows take the site default, ``en``
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: newest of creation and the latest post; orders topic pages
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: number of posts (arguments and replies), kept by the post services
    post_count: Mapped[int] = mapped_column(default=0)
    #: number of arguments ever posted (deleted and hidden ones keep their place), kept by the
    #: post services in the writing transaction; the thread page's page count comes from it
    argument_count: Mapped[int] = mapped_column(default=0, server_default="0")
    #: visible arguments by stance, kept with the writes that post, delete, hide or restore
    stance_for: Mapped[int] = mapped_column(default=0, server_default="0")
    stance_against: Mapped[int] = mapped_column(default=0, server_default="0")
    stance_neutral: Mapped[int] = mapped_column(default=0, server_default="0")
    stance_question: Mapped[int] = mapped_column(default=0, server_default="0")
    #: moves with every change to what the thread's page shows, by the database's own triggers
    #: (forum/pagecache/triggers.py); a kept page's key holds it. Never written by the code.
    content_version: Mapped[int] = mapped_column(default=0, server_default="0")

    # Moderation
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lock_reason: Mapped[str | None] = mapped_column(String(500))

    topic: Mapped[Topic] = relationship(lazy="joined", innerjoin=True)
    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    #: the opening text is Markdown (its HTML is ``body_html``); only a consultation's
    #: texts are official, with versions in other languages (``Consultation.TRANSLATED``)
    MARKDOWN: ClassVar[frozenset[str]] = frozenset({"body"})

    #: every kind's columns are loaded with the thread (one table, so no extra query)
    __mapper_args__ = {"polymorphic_on": "kind", "polymorphic_identity": ThreadKind.DISCUSSION,
                       "with_polymorphic": "*"}

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id} {self.kind} {self.title!r}>"

    def moments(self) -> list[datetime | None]:
        """Every date the row holds (a consultation's closing, a proposal's end of
        collecting…): what the thread's page says may change at any of them."""
        return [getattr(self, attr.key) for attr in inspect(type(self)).column_attrs
                if isinstance(attr.columns[0].type, UTCDateTime)]

    @property
    def is_locked(self) -> bool:
        """Locked by a moderator: no new posts."""
        return self.locked_at is not None

    @hybrid_method
    def is_upcoming(self, now: datetime) -> bool:
        """Not open yet at ``now``: only its author and staff see it. A discussion opens at once."""
        return False

    @is_upcoming.expression
    def is_upcoming(cls, now: datetime) -> ColumnElement[bool]:  # noqa: N805
        return each_kind("is_upcoming", now)

    @hybrid_method
    def is_featured(self, now: datetime) -> bool:
        """Listed before the other threads of its topic at ``now``; a discussion is not."""
        return False

    @is_featured.expression
    def is_featured(cls, now: datetime) -> ColumnElement[bool]:  # noqa: N805
        return each_kind("is_featured", now)

    def contribution_refusal(self, now: datetime) -> tuple[str, str] | None:
        """``(code, message)`` when this thread itself takes no posts at ``now``, else ``None``.

        A discussion always takes them (locking and archiving are checked by the rules).
        """
        return None

    def status(self, now: datetime) -> str | None:
        """The stage the thread is at, for kinds that have stages; ``None`` for a discussion."""
        return None

    def kind_fields(self) -> dict[str, object]:
        """The API fields particular to this kind of thread: a discussion never closes."""
        return {"closes_at": None}

    @property
    def withholds_text(self) -> bool:
        """Whether the opening text is kept from the public (search, feeds) while the title
        stays: never for a discussion; a kind may withhold it (a refused proposal)."""
        return False


def each_kind(name: str, now: datetime) -> ColumnElement[bool]:
    """The SQL twin of the predicate ``name`` over every kind of thread: each subclass
    mapped with its own ``name`` answers for its rows, and a discussion answers false."""
    whens = [(Thread.kind == identity, getattr(mapper.class_, name)(now))
             for identity, mapper in Thread.__mapper__.polymorphic_map.items()
             if name in vars(mapper.class_) and mapper.class_ is not Thread]
    return case(*whens, else_=false()) if whens else false()

