"""Moderator actions on posts, threads and accounts: hide, restore, lock, unlock, suspend, lift.

Every action is written to the moderation log and the person affected is notified.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, and_, select, update
from sqlalchemy.orm import Session, aliased, joinedload

from forum.accounts.models import User
from forum.accounts.rules import is_moderator
from forum.errors import Conflict, Invalid, NotAllowed, NotFound
from forum.i18n import _
from forum.moderation.audit import log_action, log_post, log_user, thread_link
from forum.moderation.models import AuditAction, Flag, Resolution, Suspension
from forum.moderation.rules import can_lift_suspension, can_suspend_user
from forum.moderation.signals import (post_hidden, post_restored, suspension_lifted, thread_locked,
                                      user_suspended)
from forum.posts.counters import count_visibility
from forum.posts.models import Post
from forum.posts.services import lock_post
from forum.threads.models import Thread
from forum.threads.rules import can_lock_thread

REASON_MAX = 500
#: the longest suspension a moderator may set
MAX_SUSPENSION = timedelta(days=3650)


def clean_reason(text: str | None, *, required: bool = True, field: str = "reason",
                 limit: int = REASON_MAX) -> str | None:
    """Trim a reason; raise :class:`Invalid` when it is required and empty, or too long."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        if required:
            raise Invalid(_("Give a reason: it is shown to the people affected and kept in the "
                            "moderation log."), field=field)
        return None
    if len(text) > limit:
        raise Invalid(_("Keep the reason to %(most)s characters or fewer (it has %(has)s).",
                        most=f"{limit:,}", has=f"{len(text):,}"),
                      field=field)
    return text


def require_moderator(actor: User | None, message: str | None = None) -> None:
    """Raise :class:`NotAllowed` unless ``actor`` is a moderator or an admin."""
    if not is_moderator(actor):
        raise NotAllowed(message or _("Only moderators can do this."))


def require_moderation_reader(actor: User | None) -> None:
    """Raise :class:`NotAllowed` unless ``actor`` may read the queue and the log (moderators)."""
    require_moderator(actor, _("Only moderators can see the moderation queue and log."))


def close_open_flags(session: Session, actor: User | None, post: Post, resolution: Resolution, *,
                     now: datetime) -> list[int]:
    """Resolve every open report of ``post``; return the ids of the people who made them."""
    reporters = list(session.scalars(select(Flag.user_id).where(
        Flag.post_id == post.id, Flag.resolved_at.is_(None))))
    if reporters:
        session.execute(
            update(Flag).where(Flag.post_id == post.id, Flag.resolved_at.is_(None))
            .values(resolved_at=now, resolution=resolution,
                    resolved_by_id=actor.id if actor is not None else None)
            .execution_options(synchronize_session=False))
    return reporters


def hide(session: Session, actor: User | None, post: Post, reason: str, *, now: datetime) -> None:
    """Hide ``post`` (``actor`` ``None``: automatically, pending review) and tell its author."""
    if post.is_visible:
        count_visibility(session, post, -1)
    post.hidden_at, post.hidden_reason = now, reason
    post.hidden_by_id = actor.id if actor is not None else None
    session.flush()
    post_hidden.send(session, post=post, actor=actor, reason=reason, now=now, after_review=False)


def unhide(session: Session, actor: User, post: Post, *, now: datetime,
           after_review: bool = False) -> None:
    """Make a hidden post visible again and tell its author (``after_review``: the reports
    that hid it were dismissed)."""
    if post.is_hidden and not post.is_deleted:
        count_visibility(session, post, +1)
    post.hidden_at = post.hidden_reason = post.hidden_by_id = None
    session.flush()
    post_restored.send(session, post=post, actor=actor, now=now, after_review=after_review)


def hide_post(session: Session, actor: User, post: Post, *, reason: str | None,
              now: datetime) -> Post:
    """Hide a post with a public reason (moderators); its author is notified."""
    require_moderator(actor, _("Only moderators can hide posts."))
    lock_post(session, post)
    if post.is_deleted:
        raise Conflict(_("Its author has deleted this post."), code="post_deleted")
    if post.is_hidden:
        raise Conflict(_("This post is already hidden."), code="already_hidden")
    reason = clean_reason(reason)
    hide(session, actor, post, reason, now=now)
    log_post(session, actor, AuditAction.POST_HIDDEN, post, reason=reason, now=now)
    return post


def restore_post(session: Session, actor: User, post: Post, *, reason: str | None = None,
                 now: datetime) -> Post:
    """Restore a hidden post (moderators); open reports on it are dismissed."""
    require_moderator(actor, _("Only moderators can restore posts."))
    lock_post(session, post)
    if not post.is_hidden or post.is_deleted:
        raise Conflict(_("This post is not hidden."), code="not_hidden")
    reason = clean_reason(reason, required=False)
    dismissed = len(close_open_flags(session, actor, post, Resolution.DISMISSED, now=now))
    unhide(session, actor, post, now=now)
    log_post(session, actor, AuditAction.POST_RESTORED, post, reason=reason, now=now,
             details=f"{dismissed} open report(s) dismissed" if dismissed else None)
    return post


def lock_thread(session: Session, actor: User, thread: Thread, *, reason: str | None,
                now: datetime) -> Thread:
    """Lock a thread (moderators): no new posts; the reason is shown on the thread."""
    if not can_lock_thread(actor, thread, now):
        raise NotAllowed(_("Only moderators can lock threads."))
    if thread.is_locked:
        raise Conflict(_("This thread is already locked."), code="already_locked")
    reason = clean_reason(reason)
    thread.locked_at, thread.lock_reason = now, reason
    session.flush()
    log_action(session, actor, AuditAction.THREAD_LOCKED, target_type="thread",
               target_id=thread.id, link=thread_link(thread), reason=reason,
               now=now)
    thread_locked.send(session, thread=thread, actor=actor, reason=reason, now=now)
    return thread


def unlock_thread(session: Session, actor: User, thread: Thread, *, reason: str | None = None,
                  now: datetime) -> Thread:
    """Unlock a locked thread (moderators)."""
    if not can_lock_thread(actor, thread, now):
        raise NotAllowed(_("Only moderators can unlock threads."))
    if not thread.is_locked:
        raise Conflict(_("This thread is not locked."), code="not_locked")
    reason = clean_reason(reason, required=False)
    thread.locked_at = thread.lock_reason = None
    session.flush()
    log_action(session, actor, AuditAction.THREAD_UNLOCKED, target_type="thread",
               target_id=thread.id, link=thread_link(thread), reason=reason,
               now=now)
    return thread


def get_user(session: Session, user_id: int) -> User:
    """Return the account with this id or raise :class:`NotFound`."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("There is no such account."))
    return user


def current_suspension(session: Session, user: User, now: datetime) -> Suspension | None:
    """The stored record of ``user``'s suspension at ``now``, if any; reads only."""
    if not user.is_suspended(now):
        return None
    return session.scalar(select(Suspension).where(
        Suspension.user_id == user.id, Suspension.lifted_at.is_(None), Suspension.until > now)
        .order_by(Suspension.created_at.desc(), Suspension.id.desc()).limit(1))


def suspension_record(session: Session, user: User, now: datetime) -> Suspension | None:
    """The record of ``user``'s current suspension, written now if one was set without one
    (for the actions that point at it: an appeal, a lift)."""
    if not user.is_suspended(now):
        return None
    record = current_suspension(session, user, now)
    if record is None:
        record = Suspension(user_id=user.id, created_at=now, until=user.suspended_until,
                            reason=user.suspension_reason or "")
        session.add(record)
        session.flush()
    return record


def suspend_user(session: Session, actor: User, user: User, *, until: datetime | None,
                 reason: str | None, now: datetime) -> Suspension:
    """Suspend ``user`` until ``until`` with a reason (moderators; staff only by admins)."""
    if not can_suspend_user(actor, user, now):
        if actor is not None and actor.id == user.id:
            raise NotAllowed(_("You cannot suspend your own account."), code="own_account")
        raise NotAllowed(_("Only administrators can suspend moderators and administrators.")
                         if is_moderator(actor) else _("Only moderators can suspend accounts."))
    if until is None or until <= now:
        raise Invalid(_("Choose an end date in the future."), field="until")
    if until - now > MAX_SUSPENSION:
        raise Invalid(_("A suspension can last ten years at most."), field="until")
    if user.is_suspended(now):
        raise Conflict(_("%(name)s is already suspended until %(until)s. An administrator can "
                         "lift that suspension first.", name=user.display_name,
                         until=f"{user.suspended_until:%d %B %Y}"), code="already_suspended")
    reason = clean_reason(reason)
    record = Suspension(user_id=user.id, created_by_id=actor.id, created_at=now, until=until,
                        reason=reason)
    session.add(record)
    user.suspended_until, user.suspension_reason = until, reason
    session.flush()
    log_user(session, actor, AuditAction.USER_SUSPENDED, user, reason=reason, now=now,
             details=f"until {until:%Y-%m-%d %H:%M} UTC")
    user_suspended.send(session, user=user, actor=actor, until=until, reason=reason, now=now)
    return record


def end_suspension(session: Session, actor: User, user: User, *, reason: str | None,
                   now: datetime, by_appeal: bool = False) -> Suspension | None:
    """Lift ``user``'s current suspension (no permission check: callers check)."""
    record = suspension_record(session, user, now)
    if record is not None:
        record.lifted_at, record.lifted_by_id, record.lift_reason = now, actor.id, reason
    user.suspended_until = user.suspension_reason = None
    session.flush()
    suspension_lifted.send(session, user=user, actor=actor, reason=reason, now=now,
                           by_appeal=by_appeal)
    return record


def require_lifter(actor: User | None, now: datetime) -> None:
    """Refuse (403) anyone but administrators lifting suspensions."""
    if not can_lift_suspension(actor, None, now):
        raise NotAllowed(_("Only administrators can lift suspensions."))


def lift_suspension(session: Session, actor: User, user: User, *, reason: str | None = None,
                    now: datetime) -> User:
    """Lift a suspension before it ends (admins)."""
    require_lifter(actor, now)
    if not user.is_suspended(now):
        raise Conflict(_("%(name)s is not suspended.", name=user.display_name),
                       code="not_suspended")
    reason = clean_reason(reason, required=False)
    end_suspension(session, actor, user, reason=reason, now=now)
    log_user(session, actor, AuditAction.SUSPENSION_LIFTED, user, reason=reason, now=now)
    return user


def current_suspensions(now: datetime) -> Select:
    """Select ``(user, suspension record or None)`` for accounts suspended at ``now``."""
    record = aliased(Suspension)
    return (select(User, record)
            .outerjoin(record, and_(record.user_id == User.id, record.lifted_at.is_(None),
                                    record.until == User.suspended_until))
            .options(joinedload(record.created_by))
            .where(User.is_suspended(now)).order_by(User.suspended_until, User.id))
