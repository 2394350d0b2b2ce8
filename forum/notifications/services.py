"""Create, list and mark notifications."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.errors import NotFound
from forum.notifications.models import Notification
from forum.posts.models import Post


def notify(session: Session, user_ids: Iterable[int], *, kind: str, message: str, link: str,
           now: datetime, exclude: int | None = None) -> int:
    """Notify each user in ``user_ids`` once (minus ``exclude``); return how many were notified."""
    ids = sorted({i for i in user_ids if i != exclude})
    if ids:
        session.execute(insert(Notification), [
            {"user_id": i, "kind": kind, "message": message[:500], "link": link,
             "created_at": now} for i in ids])
    return len(ids)


def thread_participants(thread_id: int) -> Select:
    """Select the ids of everyone who posted in a thread (for ``notify``)."""
    return select(Post.author_id).where(Post.thread_id == thread_id).distinct()


def unread_count(session: Session, user: User) -> int:
    """How many unread notifications ``user`` has."""
    return session.scalar(select(func.count()).where(Notification.user_id == user.id,
                                                     Notification.read_at.is_(None))) or 0


def for_user(user: User) -> Select:
    """Select ``user``'s notifications, unread first, newest first."""
    return (select(Notification).where(Notification.user_id == user.id)
            .order_by(Notification.read_at.is_not(None), Notification.created_at.desc(),
                      Notification.id.desc()))


def mark_read(session: Session, user: User, notification_id: int | None, *,
              now: datetime) -> int:
    """Mark one notification (or, with ``None``, all) of ``user`` as read."""
    stmt = update(Notification).where(Notification.user_id == user.id,
                                      Notification.read_at.is_(None))
    if notification_id is not None:
        owned = session.scalar(select(Notification.id).where(
            Notification.id == notification_id, Notification.user_id == user.id))
        if owned is None:
            raise NotFound("There is no such notification.")
        stmt = stmt.where(Notification.id == notification_id)
    return session.execute(stmt.values(read_at=now)).rowcount
