"""The same text posted twice: the same author, the same thread, within ten minutes."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.errors import Invalid
from forum.i18n import _
from forum.posts.models import Post
from forum.threads.models import Thread

#: the same text by the same author in the same thread within this time is refused
DUPLICATE_WINDOW = timedelta(minutes=10)
#: how many of the author's latest posts in the thread the text is compared with: the
#: default limits (``LIMIT_POSTS``, 5 a minute) let nobody post more in the window, and
#: without limits (an API client on a site that turned them off) the check stays as cheap
DUPLICATE_LOOKBACK = 50


class DuplicatePost(Invalid):
    """The same text, by the same person, in the same thread, within :data:`DUPLICATE_WINDOW`.

    A form shows it on the text like any invalid input (422, keeping what was typed, with a
    link to the earlier post); the API answers 409, naming the earlier post's id.
    """

    status = 409
    code = "duplicate_post"

    def __init__(self, first_id: int):
        super().__init__(_("You already posted this text in this thread in the last 10 minutes, "
                           "so it was not posted again."), field="body")
        #: the earlier post with the same text
        self.first_id = first_id
        self.details = {"post_id": first_id}


def first_duplicate(session: Session, actor: User, thread: Thread, body: str,
                    now: datetime) -> int | None:
    """The id of ``actor``'s post with this ``body`` in ``thread`` in the last ten minutes,
    among their :data:`DUPLICATE_LOOKBACK` latest there (one backward range of
    ``ix_posts_author_thread_created``, so the work is bounded however much they post);
    deleted posts do not count."""
    latest = (select(Post.id).where(Post.author_id == actor.id, Post.thread_id == thread.id,
                                    Post.created_at > now - DUPLICATE_WINDOW)
              .order_by(Post.created_at.desc()).limit(DUPLICATE_LOOKBACK))
    return session.scalar(
        select(Post.id).where(Post.id.in_(latest.scalar_subquery()), Post.deleted_at.is_(None),
                              Post.body == body)
        .order_by(Post.created_at).limit(1))
