"""Who is told what when something happens elsewhere: the handlers of the lower domains'
signals, each writing its notifications with the session the signal came with, inside
the transaction that made the change.

:func:`subscribe` connects them; the composition root calls it (connecting again is a
no-op, so apps built many times in one process notify once).
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.consultations.dates import deferred_when
from forum.consultations.signals import consultation_closed, consultation_extended
from forum.council.signals import response_published, update_added
from forum.i18n import deferred
from forum.moderation.audit import post_link, thread_link
from forum.moderation.appeals import appeal_link
from forum.moderation.signals import (appeal_decided, appeal_opened, post_hidden,
                                      post_restored, report_opened, reports_decided,
                                      suspension_lifted, thread_locked, user_suspended)
from forum.notifications import events
from forum.notifications.services import notify, thread_participants
from forum.posts.models import Post
from forum.posts.signals import people_mentioned, post_created, post_endorsed
from forum.summaries.signals import summary_corrected, summary_published, summary_submitted
from forum.threads.models import Thread
from forum.threads.rules import can_view_thread
from forum.threads.signals import thread_started
from forum.timefmt import deferred_time

if TYPE_CHECKING:
    from forum.moderation.models import Appeal


def _posters(session: Session, thread: Thread) -> Iterable[int]:
    """The ids of everyone who posted in ``thread``."""
    return session.scalars(thread_participants(thread.id))


def on_consultation_extended(session: Session, *, thread: Thread, actor: User, now: datetime,
                             zone: ZoneInfo, **_extra: object) -> None:
    """Tell the consultation's participants when it now closes."""
    notify(session, _posters(session, thread), kind="consultation_extended",
           link=f"/threads/{thread.id}", now=now, exclude=actor.id,
           message=deferred("“%(title)s” now closes on %(when)s.",
                            title=thread.title, when=deferred_when(thread.closes_at, zone)))


def on_consultation_closed(session: Session, *, thread: Thread, actor: User, now: datetime,
                           **_extra: object) -> None:
    """Tell the consultation's participants it was closed early, and why."""
    notify(session, _posters(session, thread), kind="consultation_closed",
           link=f"/threads/{thread.id}", now=now, exclude=actor.id,
           message=deferred("“%(title)s” was closed early: %(reason)s",
                            title=thread.title, reason=thread.closed_early_reason))


def on_post_hidden(session: Session, *, post: Post, actor: User | None, reason: str,
                   now: datetime, after_review: bool = False, **_extra: object) -> None:
    """Tell the author their post is hidden, why, and that they can appeal."""
    title = post.thread.title
    if actor is None:
        message = deferred("Your post in “%(title)s” was reported by several readers and is "
                           "hidden until a moderator reviews it. You can appeal.", title=title)
    elif after_review:
        message = deferred("A moderator reviewed the reports of your post in “%(title)s” and "
                           "it stays hidden: %(reason)s You can appeal.",
                           title=title, reason=reason)
    else:
        message = deferred("A moderator hid your post in “%(title)s”: %(reason)s You can "
                           "appeal.", title=title, reason=reason)
    notify(session, [post.author_id], kind="post_hidden", message=message,
           link=f"/posts/{post.id}/appeal", now=now, exclude=actor.id if actor else None)


def on_post_restored(session: Session, *, post: Post, actor: User, now: datetime,
                     after_review: bool = False, **_extra: object) -> None:
    """Tell the author their post is visible again."""
    title = post.thread.title
    message = (deferred("A moderator reviewed the reports of your post in “%(title)s” and "
                        "restored it.", title=title)
               if after_review else deferred("A moderator restored your post in “%(title)s”.",
                                             title=title))
    notify(session, [post.author_id], kind="post_restored", message=message,
           link=post_link(post), now=now, exclude=actor.id)


def on_reports_decided(session: Session, *, post: Post, reporters: list[int], upheld: bool,
                       now: datetime, **_extra: object) -> None:
    """Thank the reporters and tell them what the moderator decided."""
    title = post.thread.title
    message = (deferred("Thank you for your report of a post in “%(title)s”: a moderator "
                        "agreed and the post is hidden.", title=title) if upheld else
               deferred("Thank you for your report of a post in “%(title)s”: a moderator "
                        "reviewed it and found it within the rules.", title=title))
    notify(session, reporters, kind="report_decided", message=message,
           link=f"/threads/{post.thread_id}", now=now)


def on_thread_locked(session: Session, *, thread: Thread, actor: User, reason: str,
                     now: datetime, **_extra: object) -> None:
    """Tell the thread's author it is locked, and why."""
    notify(session, [thread.author_id], kind="thread_locked",
           message=deferred("A moderator locked your thread “%(title)s”: %(reason)s",
                            title=thread.title, reason=reason),
           link=thread_link(thread), now=now, exclude=actor.id)


def on_user_suspended(session: Session, *, user: User, until: datetime, reason: str,
                      now: datetime, **_extra: object) -> None:
    """Tell the user they are suspended, until when, why, and that they can appeal."""
    notify(session, [user.id], kind="user_suspended",
           message=deferred("Your account is suspended until %(until)s: %(reason)s You can "
                            "still read the forum, and you can appeal.",
                            until=deferred_time(until, "date"), reason=reason),
           link="/appeals/suspension", now=now)


def on_suspension_lifted(session: Session, *, user: User, actor: User, reason: str | None,
                         now: datetime, by_appeal: bool = False, **_extra: object) -> None:
    """Tell the user they can take part again (an appeal's decision tells them itself)."""
    if by_appeal:
        return
    message = (deferred("Your suspension has been lifted: you can take part again. %(reason)s",
                        reason=reason) if reason
               else deferred("Your suspension has been lifted: you can take part again."))
    notify(session, [user.id], kind="suspension_lifted", message=message, link="/account",
           now=now, exclude=actor.id)


def on_appeal_decided(session: Session, *, appeal: Appeal, now: datetime,
                      **_extra: object) -> None:
    """Tell the appellant the outcome and the reason."""
    message = (deferred("Your appeal was granted: %(reason)s", reason=appeal.decision_reason)
               if appeal.granted else
               deferred("Your appeal was refused: %(reason)s", reason=appeal.decision_reason))
    notify(session, [appeal.appellant_id], kind="appeal_decided", message=message,
           link=appeal_link(appeal), now=now)


def on_people_mentioned(session: Session, *, post: Post, actor: User, user_ids: list[int],
                        now: datetime, **_extra: object) -> None:
    """Tell each person a post mentions (who may see its thread) where they were named."""
    thread = post.thread
    readers = [user.id for user in session.scalars(select(User).where(User.id.in_(user_ids)))
               if can_view_thread(user, thread, now)]
    notify(session, readers, kind="mentioned", link=f"/posts/{post.id}", now=now,
           exclude=actor.id, message=deferred("%(name)s mentioned you in “%(title)s”.",
                                              name=actor.display_name, title=thread.title))


HANDLERS = ((consultation_extended, on_consultation_extended),
            (consultation_closed, on_consultation_closed),
            (summary_published, events.on_summary_published),
            (summary_corrected, events.on_summary_corrected),
            (summary_submitted, events.on_summary_submitted),
            (response_published, events.on_response_published),
            (update_added, events.on_update_added),
            (post_created, events.on_post_created), (post_endorsed, events.on_post_endorsed),
            (thread_started, events.on_thread_started),
            (report_opened, events.on_report_opened), (appeal_opened, events.on_appeal_opened),
            (post_hidden, on_post_hidden), (post_restored, on_post_restored),
            (reports_decided, on_reports_decided), (thread_locked, on_thread_locked),
            (user_suspended, on_user_suspended), (suspension_lifted, on_suspension_lifted),
            (appeal_decided, on_appeal_decided), (people_mentioned, on_people_mentioned))


def subscribe() -> None:
    """Connect every handler to its signal (idempotent)."""
    for announced, handler in HANDLERS:
        announced.connect(handler)
