"""Who may manage topics and start threads in them."""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import can_participate, is_admin
from forum.permissions import rule
from forum.topics.models import Topic


@rule
def can_manage_topics(user: User | None, _topic: Topic | None, now: datetime) -> bool:
    """Admins create, edit and archive topics."""
    return is_admin(user)


@rule
def can_start_thread(user: User | None, topic: Topic, now: datetime) -> bool:
    """Signed-in, unsuspended users start threads in topics that are not archived."""
    return can_participate(user, now) and not topic.is_archived
