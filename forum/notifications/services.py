"""Create, list and mark notifications."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.errors import NotFound
from forum.i18n import Deferred, _, recipient_locale
from forum.notifications.emails import queue_notification
from forum.notifications.kinds import BY_NAME
from forum.notifications.models import Notification
from forum.notifications.preferences import at_once_recipients
from forum.posts.models import Post


def notify(session: Session, user_ids: Iterable[int], *, kind: str, message: Deferred | str,
           link: str, now: datetime, exclude: int | None = None) -> int:
    """Notify each user in ``user_ids`` once (minus ``exclude``); return how many were notified.

    ``message`` is a :func:`forum.i18n.deferred` sentence: each reader sees it in their own
    language; ``Notification.message`` keeps it in the site's default language (a plain
    string is stored as it is, in every language).

    The in-app rows are one INSERT; those who chose (or kept the default) "by email at once"
    for ``kind`` are each sent an email after commit, in their language, read with one more
    query. Digest kinds are picked up later from the notifications table by ``send-digests``.
    """
    ids = sorted({i for i in user_ids if i != exclude})
    if not ids:
        return 0
    stored = _stored(message)
    session.execute(insert(Notification), [
        {"user_id": i, "kind": kind, "link": link, "created_at": now, **stored} for i in ids])
    _email_at_once(session, ids, kind=kind, message=message, link=link)
    return len(ids)


def _stored(message: Deferred | str) -> dict[str, object]:
    """The columns that keep ``message``: its default-language text, msgid and parameters."""
    if not isinstance(message, Deferred):
        return {"message": message[:500], "message_key": None, "message_params": None}
    with recipient_locale(None):  # the site's default language
        text = str(message)
    return {"message": text[:500], "message_key": message.msgid,
            "message_params": message.params_json() or None}


def _email_at_once(session: Session, ids: list[int], *, kind: str, message: Deferred | str,
                   link: str) -> None:
    """Queue one email to each of ``ids`` whose delivery for ``kind`` is "at once"."""
    known = BY_NAME.get(kind)
    if known is None:
        return  # a kind nobody can choose for is shown in the forum only
    for user in session.scalars(at_once_recipients(ids, kind)):
        queue_notification(session, user, kind=kind, label=known.label, message=message,
                           link=link)


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
            raise NotFound(_("There is no such notification."))
        stmt = stmt.where(Notification.id == notification_id)
    return session.execute(stmt.values(read_at=now)).rowcount
