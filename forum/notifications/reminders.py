"""Time-based events, announced by ``send-digests``: a consultation closing within 48 hours,
and a council point whose promised update is overdue.

Each is announced once: a row of ``notification_events`` (kind, key: unique) is written in
the same transaction as the notifications, so a second run, or two runs at once, announce
nothing again. A consultation is announced once (``thread:<id>``); an overdue point once per
due date (``point:<answer id>:<date>``), so a new promise that passes is announced again.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.rules import is_councillor, staff_clause
from forum.consultations.dates import deferred_when
from forum.consultations.models import Consultation
from forum.council.due import overdue_points
from forum.db import savepoint
from forum.i18n import deferred
from forum.notifications.email_models import NotificationEvent
from forum.notifications.follows import followers
from forum.notifications.models import FollowKind
from forum.notifications.services import notify, thread_participants
from forum.posts.models import Post
from forum.timefmt import deferred_time

#: how long before a consultation closes its participants are reminded
CLOSING_SOON = timedelta(hours=48)


def _announce_once(session: Session, kind: str, key: str, now: datetime) -> bool:
    """Record that ``kind`` was announced for ``key``; ``False`` if it already was."""
    try:
        with savepoint(session):
            session.add(NotificationEvent(kind=kind, key=key, created_at=now))
            session.flush()
    except IntegrityError:
        return False
    return True


def _announced(session: Session, kind: str, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    return set(session.scalars(select(NotificationEvent.key).where(
        NotificationEvent.kind == kind, NotificationEvent.key.in_(keys))))


def remind_closing_soon(session: Session, *, now: datetime, zone: ZoneInfo) -> int:
    """Tell the participants and followers of each consultation closing within 48 hours."""
    closing = session.scalars(select(Consultation).where(
        Consultation.is_open(now), Consultation.closes_at <= now + CLOSING_SOON)
        .order_by(Consultation.closes_at, Consultation.id)).all()
    done = _announced(session, "closing_soon", [f"thread:{c.id}" for c in closing])
    announced = 0
    for thread in closing:
        key = f"thread:{thread.id}"
        if key in done or not _announce_once(session, "closing_soon", key, now):
            continue
        people = {*session.scalars(thread_participants(thread.id)),
                  *session.scalars(followers(FollowKind.THREAD, thread.id))}
        notify(session, people, kind="closing_soon", link=f"/threads/{thread.id}", now=now,
               exclude=thread.author_id,  # its councillor knows when it closes
               message=deferred("“%(title)s” closes on %(when)s: there is still time to take "
                                "part.", title=thread.title,
                                when=deferred_when(thread.closes_at, zone, now)))
        announced += 1
    return announced


def announce_overdue_points(session: Session, *, now: datetime) -> int:
    """Tell cited people and followers, and the councillors, of each newly overdue point."""
    rows = session.execute(overdue_points(now)).all()
    keys = [f"point:{answer.id}:{answer.next_update_due.isoformat()}" for answer, _ in rows]
    done = _announced(session, "point_overdue", keys)
    councillors: list[int] | None = None
    announced = 0
    for (answer, summary), key in zip(rows, keys, strict=True):
        if key in done or not _announce_once(session, "point_overdue", key, now):
            continue
        if councillors is None:
            councillors = [u.id for u in session.scalars(select(User).where(staff_clause()))
                           if is_councillor(u)]
        point = answer.point
        title = summary.thread.title
        due = deferred_time(answer.next_update_due, "date")
        link = f"/summaries/{summary.id}#point-{point.id}"
        cited = {*session.scalars(select(Post.author_id).where(
                     Post.id.in_(point.cited_post_ids or []))),
                 *session.scalars(followers(FollowKind.THREAD, summary.thread_id))}
        notify(session, cited, kind="point_update", link=link, now=now,
               message=deferred("The council promised an update by %(due)s on a point of the "
                                "summary of “%(title)s”, and it has not come yet.",
                                due=due, title=title))
        notify(session, councillors, kind="point_overdue", link=link, now=now,
               message=deferred("The promised update on a point of the summary of “%(title)s” "
                                "was due on %(due)s and is overdue.", title=title, due=due))
        announced += 1
    return announced
