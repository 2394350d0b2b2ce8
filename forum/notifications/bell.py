"""The template helpers behind the notification bell and the follow buttons."""
from __future__ import annotations

from flask_login import current_user

from forum.db import db
from forum.notifications.follows import is_following
from forum.notifications.models import FollowKind
from forum.notifications.services import unread_count


def unread_notifications() -> int:
    """The current user's unread notification count (for the bell)."""
    return unread_count(db.session, current_user) if current_user.is_authenticated else 0


def follow_state(kind: str, target_id: int) -> bool | None:
    """Whether the current user follows this (``None``: no button, for anonymous readers and
    for one's own profile); one query for a signed-in reader, none otherwise."""
    if not current_user.is_authenticated:
        return None
    parsed = FollowKind(kind)
    if parsed is FollowKind.PERSON and target_id == current_user.id:
        return None
    return is_following(db.session, current_user, parsed, target_id)
