"""Who someone is and what they have contributed, as anyone may see it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, contains_eager

from forum.accounts.models import User
from forum.errors import NotFound
from forum.i18n import _
from forum.posts.models import Post
from forum.threads.models import Thread

#: contributions on one page of a profile
PER_PAGE = 20


@dataclass
class Contributions:
    """One page of someone's contributions, newest first."""

    posts: list[Post]
    #: the ``before`` of the next (older) page, or ``None`` on the last page
    next_before: int | None


def get_person(session: Session, user_id: int) -> User:
    """Return the account ``user_id``, or raise :class:`NotFound`."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("There is no one at this address."))
    return user


def public_contributions(user: User, *, now: datetime) -> Select:
    """Select ``user``'s arguments and replies everyone may read, newest first.

    Deleted and hidden posts are left out, and so are posts in threads not open to the
    public yet (a consultation before it opens), whoever is looking.
    """
    return (select(Post).join(Post.thread).options(contains_eager(Post.thread))
            .where(Post.author_id == user.id, Post.deleted_at.is_(None),
                   Post.hidden_at.is_(None), ~Thread.is_upcoming(now))
            .order_by(Post.id.desc()))


def contribution_page(session: Session, user: User, *, now: datetime, before: int | None = None,
                      per_page: int = PER_PAGE) -> Contributions:
    """One page of :func:`public_contributions`: those older than post ``before``, if given.

    Keyset pagination (ids grow with time), so a page costs the same however far back it is.
    """
    stmt = public_contributions(user, now=now)
    if before is not None:
        stmt = stmt.where(Post.id < before)
    posts = list(session.scalars(stmt.limit(per_page + 1)))
    more = len(posts) > per_page
    posts = posts[:per_page]
    return Contributions(posts, posts[-1].id if more else None)
