"""Notifications in the JSON API."""
from __future__ import annotations

from flask import Blueprint

from forum.jsonapi import Call, endpoint, int_arg, iso, require_user
from forum.db import db
from forum.notifications import services

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
def index():
    """The caller's notifications, newest first, with the unread count."""
    user = require_user()
    rows = db.session.scalars(services.for_user(user).limit(int_arg("limit", 50))).all()
    return {"unread": services.unread_count(db.session, user),
            "notifications": [{"id": n.id, "kind": n.kind, "message": n.message, "link": n.link,
                               "created_at": iso(n.created_at), "read": n.read_at is not None}
                              for n in rows]}


@bp.post("/notifications/<id:notification_id>/read")
@endpoint()
def read(call: Call, notification_id: int):
    """Mark one notification as read."""
    services.mark_read(db.session, call.actor, notification_id, now=call.now)
    return {"unread": services.unread_count(db.session, call.actor)}
