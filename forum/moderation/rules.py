"""Who may report, moderate, suspend and appeal. Roles are asked through accounts.rules."""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import can_participate, is_admin, is_moderator
from forum.moderation.models import Appeal
from forum.permissions import rule
from forum.posts.models import Post


@rule
def can_flag_post(user: User | None, post: Post, now: datetime) -> bool:
    """Signed-in, unsuspended users report other people's visible posts."""
    return (can_participate(user, now) and user.id != post.author_id and post.is_visible)


@rule
def can_view_moderation(user: User | None, _thing: object, now: datetime) -> bool:
    """Moderators and admins see the queue, the log and the list of suspensions."""
    return is_moderator(user)


@rule
def can_hide_post(user: User | None, post: Post, now: datetime) -> bool:
    """Moderators hide visible posts."""
    return is_moderator(user) and post.is_visible


@rule
def can_restore_post(user: User | None, post: Post, now: datetime) -> bool:
    """Moderators restore hidden posts (not ones their authors deleted)."""
    return is_moderator(user) and post.is_hidden and not post.is_deleted


@rule
def can_suspend_user(user: User | None, target: User, now: datetime) -> bool:
    """Moderators suspend other accounts; only admins may suspend a moderator or an admin.

    Cases: not oneself; a moderator may not suspend fellow staff with moderation powers.
    """
    if not is_moderator(user) or target is None or user.id == target.id:
        return False
    return is_admin(user) or not is_moderator(target)


@rule
def can_lift_suspension(user: User | None, target: User, now: datetime) -> bool:
    """Admins lift suspensions (a granted appeal also lifts one)."""
    return is_admin(user)


@rule
def can_appeal_post(user: User | None, post: Post, now: datetime) -> bool:
    """The author of a hidden post may appeal (once: the service checks for an earlier one)."""
    return (user is not None and user.id == post.author_id and post.is_hidden
            and not post.is_deleted)


@rule
def can_appeal_suspension(user: User | None, _thing: object, now: datetime) -> bool:
    """A suspended user may appeal their current suspension (once)."""
    return user is not None and user.is_suspended(now)


@rule
def can_view_appeal(user: User | None, appeal: Appeal, now: datetime) -> bool:
    """An appeal is seen by the person who made it and by moderators."""
    return user is not None and (user.id == appeal.appellant_id or is_moderator(user))


@rule
def can_decide_appeal(user: User | None, appeal: Appeal, now: datetime) -> bool:
    """A moderator other than the one who acted (and not the appellant) decides a pending appeal."""
    return (is_moderator(user) and appeal.is_pending and user.id != appeal.acted_by_id
            and user.id != appeal.appellant_id)
