"""The template helpers behind the notification bell and the follow buttons."""
from __future__ import annotations

from flask import g
from flask_login import current_user
from markupsafe import Markup

from forum.db import db
from forum.i18n import ngettext
from forum.notifications.follows import is_following
from forum.notifications.models import FollowKind
from forum.notifications.services import unread_count
from forum.pagecache.pages import own_part, reader_fact


def unread_notifications() -> int:
    """The current user's unread notification count (for the bell; asked once a request)."""
    if not current_user.is_authenticated:
        return 0
    if "unread_count" not in g:
        g.unread_count = unread_count(db.session, current_user)
    return g.unread_count


@own_part("unread")
def unread_badge() -> str:
    """The bell's count of unread notifications (none when there are none): the reader's own
    part of every page, put in per response even on a kept page."""
    unread = unread_notifications()
    if not unread:
        return ""
    return Markup(' <span class="count">{}</span>').format(Markup(ngettext(
        '%(num)d<span class="visually-hidden"> unread</span>',
        '%(num)d<span class="visually-hidden"> unread</span>', unread)))


def follow_state(kind: str, target_id: int) -> bool | None:
    """Whether the current user follows this (``None``: no button, for anonymous readers and
    for one's own profile); one query for a signed-in reader (once per request), none
    otherwise."""
    if not current_user.is_authenticated:
        return None
    parsed = FollowKind(kind)
    if parsed is FollowKind.PERSON and target_id == current_user.id:
        return None
    asked = g.setdefault("follow_states", {})  # the page's key asks first, then its button
    if (parsed, target_id) not in asked:
        asked[parsed, target_id] = is_following(db.session, current_user, parsed, target_id)
    return asked[parsed, target_id]


@reader_fact
def follows(kind: str, target_id: int) -> bool | None:
    """Whether the signed-in reader follows the subject of a kept page (its follow button
    says so)."""
    return follow_state(kind, target_id)
