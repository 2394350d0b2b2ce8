"""Posts, endorsements and the saved versions of posts and opening texts."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.accounts.models import Role, User
from forum.db import SavedText, UTCDateTime, db, utcnow
from forum.i18n import _l
from forum.threads.models import Thread, _enum

#: width of one id in a materialised path; ten digits order ids up to 9,999,999,999
PATH_WIDTH = 10
#: deepest reply accepted (keeps a path within what a B-tree index entry can hold)
MAX_DEPTH = 200
#: deepest nesting shown; deeper replies are shown under their ancestor at this depth
MAX_DISPLAY_DEPTH = 6


class Stance(enum.StrEnum):
    """The position an argument takes on the thread's question."""

    FOR = "for"
    AGAINST = "against"
    NEUTRAL = "neutral"
    QUESTION = "question"

    @property
    def label(self) -> str:
        """Human label, in the current language."""
        return str(STANCE_LABELS[self])


#: each stance's label, translated when shown (form choices keep the lazy string)
STANCE_LABELS = {Stance.FOR: _l("For"), Stance.AGAINST: _l("Against"),
                 Stance.NEUTRAL: _l("Neutral"), Stance.QUESTION: _l("Question")}


def stance_label(value: str) -> str:
    """The label of a stance given by its value (``"for"``), in the current language."""
    return Stance(value).label


class Post(db.Model):
    """An argument (``parent_id`` is ``None``, has a stance) or a reply to another post."""

    __tablename__ = "posts"
    __table_args__ = (
        Index("ix_posts_thread_path", "thread_id", "path"),
        Index("ix_posts_thread_root", "thread_id", "root_id"),
        #: pages of arguments, oldest or newest first, found by a range of positions
        Index("ix_posts_thread_argument", "thread_id", "argument_number", unique=True),
        #: an author's recent posts in a thread: the duplicate check is one range of this
        Index("ix_posts_author_thread_created", "author_id", "thread_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"), index=True)
    #: the argument (depth-0 post) this post belongs to; itself for an argument
    root_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    #: the author's role when they wrote the post (its badge; a later promotion leaves it)
    author_role: Mapped[Role] = mapped_column(_enum(Role))
    #: 0 for an argument, parent's depth + 1 for a reply
    depth: Mapped[int] = mapped_column(default=0)
    #: an argument's position in its thread (1 for the first one posted); None for a reply
    argument_number: Mapped[int | None] = mapped_column()
    #: zero-padded ids from the argument down to this post, joined by "/": sorts in tree order
    path: Mapped[str] = mapped_column(String(2500), default="")
    stance: Mapped[Stance | None] = mapped_column(_enum(Stance))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the number of saved versions (1 when posted); an edit names the one it started from
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    #: the language the body is written in (a code of ``LANGUAGES``): marks it with ``lang``
    #: and chooses how search stems it; older rows take the site default, ``en``
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: number of endorsements, kept by the endorsement services
    endorsement_count: Mapped[int] = mapped_column(default=0)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str | None] = mapped_column(String(500))
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    thread: Mapped[Thread] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    def __repr__(self) -> str:
        return f"<Post {self.id} thread={self.thread_id} depth={self.depth}>"

    @property
    def is_argument(self) -> bool:
        """A direct reply to the thread."""
        return self.parent_id is None

    @property
    def is_deleted(self) -> bool:
        """Deleted by its author (a placeholder stays in the tree)."""
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        """Hidden by a moderator or by flags."""
        return self.hidden_at is not None

    @property
    def is_visible(self) -> bool:
        """Neither deleted nor hidden: readable by everyone."""
        return not self.is_deleted and not self.is_hidden


#: pages of arguments by endorsements (an index walk, never a sort of the thread)
Index("ix_posts_thread_endorsed", Post.thread_id, Post.endorsement_count.desc(), Post.id,
      sqlite_where=text("parent_id IS NULL"), postgresql_where=text("parent_id IS NULL"))


class Endorsement(db.Model):
    """A user's endorsement of someone else's post."""

    __tablename__ = "endorsements"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Endorsement user={self.user_id} post={self.post_id}>"


class Revision(SavedText, db.Model):
    """One saved version of a post's body or a thread's opening text (every save adds one)."""

    __tablename__ = "revisions"

    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"),
                                                  index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"),
                                                index=True)
    #: the stance an argument had in this version (``None`` for replies and opening texts)
    stance: Mapped[Stance | None] = mapped_column(_enum(Stance))

    def __repr__(self) -> str:
        return f"<Revision {self.id} thread={self.thread_id} post={self.post_id}>"


class Mention(db.Model):
    """A person a post names with ``@``: resolved to one account when the post was saved."""

    __tablename__ = "post_mentions"

    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"),
                                         primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True, index=True)

    def __repr__(self) -> str:
        return f"<Mention post={self.post_id} user={self.user_id}>"
