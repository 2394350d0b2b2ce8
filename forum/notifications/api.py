"""Notifications and follows in the JSON API."""
from __future__ import annotations

from flask import Blueprint

from forum.errors import Invalid
from forum.i18n import _
from forum.jsonapi import Call, endpoint, int_arg, iso, require_user
from forum.db import db
from forum.notifications import follows, services
from forum.notifications.kinds import DELIVERIES
from forum.notifications.models import FollowKind
from forum.notifications.preferences import preferences_of, set_preferences, visible_kinds

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
def index():
    """The caller's notifications, newest first, with the unread count."""
    user = require_user()
    rows = db.session.scalars(services.for_user(user).limit(int_arg("limit", 50))).all()
    return {"unread": services.unread_count(db.session, user),
            "notifications": [{"id": n.id, "kind": n.kind, "message": n.text, "link": n.link,
                               "created_at": iso(n.created_at), "read": n.read_at is not None}
                              for n in rows]}


@bp.post("/notifications/<id:notification_id>/read")
@endpoint()
def read(call: Call, notification_id: int):
    """Mark one notification as read."""
    services.mark_read(db.session, call.actor, notification_id, now=call.now)
    return {"unread": services.unread_count(db.session, call.actor)}


def _preferences_json(user, chosen: dict[str, str]) -> dict:  # noqa: ANN001
    return {"deliveries": list(DELIVERIES),
            "preferences": [{"kind": kind.name, "label": str(kind.label), "default": kind.default,
                             "delivery": chosen[kind.name]} for kind in visible_kinds(user)]}


@bp.get("/account/notifications")
def preferences():
    """How the caller hears of each kind of notification."""
    user = require_user()
    return _preferences_json(user, preferences_of(db.session, user))


@bp.patch("/account/notifications")
@endpoint(body=True)
def change_preferences(call: Call):
    """Change some of the caller's choices: ``{"preferences": {"reply": "daily", …}}``."""
    choices = call.data.get("preferences")
    if not isinstance(choices, dict) or not choices:
        raise Invalid(_("Send “preferences”: an object naming each kind to change and how you "
                        "hear of it, e.g. {\"reply\": \"daily\"}."), field="preferences")
    return _preferences_json(call.actor, set_preferences(db.session, call.actor, choices))


def _follow_json(kind: FollowKind, target_id: int, following: bool) -> dict:
    return {"kind": kind.value, "target_id": target_id, "following": following}


@bp.put(f"/follows/<{follows.URL_KINDS}:kind>/<id:target_id>")
@endpoint()
def follow(call: Call, kind: str, target_id: int):
    """Follow a thread, a topic or a person (again: no change)."""
    parsed = follows.parse_kind(kind)
    follows.follow(db.session, call.actor, parsed, target_id, now=call.now)
    return _follow_json(parsed, target_id, True)


@bp.delete(f"/follows/<{follows.URL_KINDS}:kind>/<id:target_id>")
@endpoint()
def unfollow(call: Call, kind: str, target_id: int):
    """Stop following (what one does not follow: no change)."""
    parsed = follows.parse_kind(kind)
    follows.unfollow(db.session, call.actor, parsed, target_id)
    return _follow_json(parsed, target_id, False)


@bp.get("/follows")
def follows_index():
    """What the caller follows, newest first, and whether taking part follows a thread."""
    user = require_user()
    return {"auto_follow": user.auto_follow,
            "follows": [{**_follow_json(row.follow.target_kind, row.follow.target_id, True),
                         "label": row.label, "link": row.link,
                         "created_at": iso(row.follow.created_at)}
                        for row in follows.followed(db.session, user)]}
