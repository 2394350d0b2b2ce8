"""Who may see, edit and contribute to a thread."""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import is_moderator, is_staff, why_cannot_write
from forum.i18n import _
from forum.permissions import rule
from forum.threads.models import Thread


@rule
def can_view_thread(user: User | None, thread: Thread, now: datetime) -> bool:
    """Everyone, except that a thread not open yet is seen only by its author and staff."""
    if not thread.is_upcoming(now):
        return True
    return user is not None and (user.id == thread.author_id or is_staff(user))


def why_cannot_contribute(user: User | None, thread: Thread, now: datetime) -> tuple[str, str] | None:
    """Return ``(code, message)`` saying why ``user`` may not post in ``thread``, or ``None``.

    Cases: anonymous, suspended or unconfirmed (:func:`why_cannot_write`); the thread itself not taking posts (a consultation not
    open, say); locked thread; archived topic.
    """
    account = why_cannot_write(user, now)
    if account is not None:
        return account
    refusal = thread.contribution_refusal(now)
    if refusal is not None:
        return refusal
    if thread.is_locked:
        return "thread_locked", _("This thread is locked: %(reason)s", reason=thread.lock_reason)
    if thread.topic.is_archived:
        return "topic_archived", _("This topic is archived; it no longer takes contributions.")
    return None


@rule
def can_contribute(user: User | None, thread: Thread, now: datetime) -> bool:
    """Signed-in, unsuspended users post and endorse in open, unlocked threads."""
    return why_cannot_contribute(user, thread, now) is None


@rule
def can_edit_thread(user: User | None, thread: Thread, now: datetime) -> bool:
    """The author edits the opening text while the thread takes (or is yet to take) contributions."""
    if user is None or user.id != thread.author_id:
        return False
    if why_cannot_contribute(user, thread, now) is None:
        return True
    # not open yet: what refuses posts is only that it is early (the author is not suspended)
    return thread.is_upcoming(now) and not user.is_suspended(now)


@rule
def can_lock_thread(user: User | None, thread: Thread, now: datetime) -> bool:
    """Moderators lock and unlock threads."""
    return is_moderator(user)
