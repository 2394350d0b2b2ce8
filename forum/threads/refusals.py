"""The template helper saying why the current user may not contribute to a thread."""
from __future__ import annotations

from flask_login import current_user

from forum.db import utcnow
from forum.permissions import actor_or_none
from forum.threads.models import Thread
from forum.threads.rules import why_cannot_contribute


def contribute_refusal(thread: Thread) -> str:
    """Say why the current user may not contribute to ``thread`` (empty if they may)."""
    reason = why_cannot_contribute(actor_or_none(current_user), thread, utcnow())
    return reason[1] if reason else ""
