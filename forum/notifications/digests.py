"""Daily and weekly digests: one email per person per period, grouped by thread.

A digest lists a person's unread notifications of the kinds they hear of in that digest,
created since their last digest of that period (at most two periods back). The daily digest
goes at the first run of each UTC day; the weekly one on the configured weekday
(``DIGEST_WEEKDAY``), or on any day once seven days have passed since the last. A row of
``notification_digests`` (person, period, day or ISO week: unique) is written in the same
transaction as the queued mail, so running the command twice, or twice at once, sends
nothing twice: the second INSERT fails on the unique key and that person is skipped.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.rules import may_be_emailed
from forum.db import savepoint
from forum.notifications.email_models import NotificationDigest, NotificationPreference
from forum.notifications.emails import DigestGroup, absolute, queue_digest
from forum.notifications.grouping import by_thread
from forum.notifications.kinds import DAILY, IN_APP, KINDS, WEEKLY
from forum.notifications.models import Notification

PERIODS = {DAILY: timedelta(days=1), WEEKLY: timedelta(days=7)}
#: a site-relative link that names a thread, or something in one


def period_key(period: str, now: datetime) -> str:
    """The day (``2026-12-01``) or ISO week (``2026-W49``) that ``now`` falls in."""
    if period == DAILY:
        return now.date().isoformat()
    year, week, _day = now.isocalendar()
    return f"{year}-W{week:02d}"


def _delivery():  # noqa: ANN202 - a SQL expression
    """SQL: the delivery in force for a notification's person and kind."""
    defaults = case({kind.name: kind.default for kind in KINDS}, value=Notification.kind,
                    else_=IN_APP)
    return func.coalesce(NotificationPreference.delivery, defaults)


def _pending(session: Session, period: str, now: datetime) -> dict[int, list[Notification]]:
    """Each person's unread notifications carried by their ``period`` digest (one query)."""
    rows = session.scalars(
        select(Notification)
        .outerjoin(NotificationPreference,
                   (NotificationPreference.user_id == Notification.user_id)
                   & (NotificationPreference.kind == Notification.kind))
        .where(Notification.read_at.is_(None), Notification.created_at <= now,
               Notification.created_at > now - 2 * PERIODS[period], _delivery() == period)
        .order_by(Notification.user_id, Notification.created_at, Notification.id))
    found: dict[int, list[Notification]] = defaultdict(list)
    for row in rows:
        found[row.user_id].append(row)
    return found


def _last_sent(session: Session, period: str, user_ids: list[int]) -> dict[int, datetime]:
    return dict(session.execute(
        select(NotificationDigest.user_id, func.max(NotificationDigest.sent_at))
        .where(NotificationDigest.period == period, NotificationDigest.user_id.in_(user_ids))
        .group_by(NotificationDigest.user_id)).all())


def _weekly_due(now: datetime, weekday: int, last: datetime | None) -> bool:
    return now.weekday() == weekday or (last is not None and now - last >= PERIODS[WEEKLY])


def send_digests(session: Session, *, now: datetime, weekday: int = 0) -> dict[str, int]:
    """Queue every digest due at ``now``; return how many of each period were queued."""
    return {period: _send_period(session, period, now=now, weekday=weekday)
            for period in (DAILY, WEEKLY)}


def _send_period(session: Session, period: str, *, now: datetime, weekday: int) -> int:
    pending = _pending(session, period, now)
    if not pending:
        return 0
    last = _last_sent(session, period, list(pending))
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(list(pending))))}
    sent = 0
    for user_id, rows in pending.items():
        since = last.get(user_id)
        rows = [n for n in rows if since is None or n.created_at > since]
        user = users.get(user_id)
        if not rows or not may_be_emailed(user):
            continue
        if period == WEEKLY and not _weekly_due(now, weekday, since):
            continue
        if not _record(session, user_id, period, now, len(rows)):
            continue  # already sent for this period (another run, or an earlier one)
        queue_digest(session, user, period=period, groups=group_by_thread(session, rows),
                     count=len(rows))
        sent += 1
    return sent


def _record(session: Session, user_id: int, period: str, now: datetime, items: int) -> bool:
    """Write the digest's row; ``False`` if this person already has one for the period."""
    try:
        with savepoint(session):
            session.add(NotificationDigest(user_id=user_id, period=period, items=items,
                                           period_key=period_key(period, now), sent_at=now))
            session.flush()
    except IntegrityError:
        return False
    return True


def group_by_thread(session: Session, rows: list[Notification]) -> list[DigestGroup]:
    """The notifications grouped by the thread their link is in (others last), in order:
    the notifications page's grouping (:func:`forum.notifications.grouping.by_thread`)."""
    groups = sorted(by_thread(session, rows), key=lambda group: group.thread_id is None)
    return [DigestGroup(title=group.title,
                        link=absolute(f"/threads/{group.thread_id}") if group.thread_id else None,
                        items=[(row.said, absolute(row.link)) for row in group.items])
            for group in groups]