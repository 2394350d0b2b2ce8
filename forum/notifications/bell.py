"""The template helper behind the notification bell."""
from __future__ import annotations

from flask_login import current_user

from forum.db import db
from forum.notifications.services import unread_count


def unread_notifications() -> int:
    """The current user's unread notification count (for the bell)."""
    return unread_count(db.session, current_user) if current_user.is_authenticated else 0
