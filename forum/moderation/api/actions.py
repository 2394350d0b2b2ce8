"""Reporting posts; hiding, restoring, locking, suspending and lifting, in the JSON API."""
from __future__ import annotations

from datetime import date, datetime

from flask import current_app, request

from forum.inputs import FIRST_YEAR, LAST_YEAR, is_real_date
from forum.jsonapi import payload, require_user, text_field
from forum.db import db, utcnow
from forum.errors import Invalid
from forum.limits import flag_limit
from forum.moderation import flags, services
from forum.moderation.dates import end_of_day
from forum.moderation.api import bp
from forum.moderation.api.serialise import flag_json, moderated_post_json, suspension_json
from forum.posts.services import get_post
from forum.threads.api import thread_json
from forum.threads.services import get_thread


def _optional_payload() -> dict:
    """The JSON object if one was sent (a body is optional on these endpoints)."""
    return payload() if request.get_data() else {}


@bp.post("/posts/<id:post_id>/flags")
@flag_limit
def flag(post_id: int):
    """Report a post: ``{"reason", "text"?}``; a second report by the same person is 409."""
    data = payload()
    actor = require_user()
    now = utcnow()
    post = get_post(db.session, post_id, actor, now=now)
    created = flags.flag_post(db.session, actor, post, reason=text_field(data, "reason"),
                              text=text_field(data, "text", required=False), now=now,
                              threshold=current_app.config["FLAG_HIDE_THRESHOLD"])
    db.session.commit()
    return flag_json(created), 201


@bp.post("/posts/<id:post_id>/hide")
def hide(post_id: int):
    """Hide a post with a public reason: ``{"reason"}`` (moderators)."""
    data = payload()
    actor = require_user()
    now = utcnow()
    post = get_post(db.session, post_id, actor, now=now)
    services.hide_post(db.session, actor, post, reason=text_field(data, "reason"), now=now)
    db.session.commit()
    return moderated_post_json(post)


@bp.post("/posts/<id:post_id>/restore")
def restore(post_id: int):
    """Restore a hidden post: ``{"reason"?}`` (moderators)."""
    data = _optional_payload()
    actor = require_user()
    now = utcnow()
    post = get_post(db.session, post_id, actor, now=now)
    services.restore_post(db.session, actor, post,
                          reason=text_field(data, "reason", required=False), now=now)
    db.session.commit()
    return moderated_post_json(post)


@bp.post("/threads/<id:thread_id>/lock")
def lock(thread_id: int):
    """Lock a thread: ``{"reason"}`` (moderators)."""
    data = payload()
    actor = require_user()
    now = utcnow()
    thread = get_thread(db.session, thread_id, actor, now=now)
    services.lock_thread(db.session, actor, thread, reason=text_field(data, "reason"), now=now)
    db.session.commit()
    return thread_json(thread, now=now) | {"lock_reason": thread.lock_reason}


@bp.post("/threads/<id:thread_id>/unlock")
def unlock(thread_id: int):
    """Unlock a thread: ``{"reason"?}`` (moderators)."""
    data = _optional_payload()
    actor = require_user()
    now = utcnow()
    thread = get_thread(db.session, thread_id, actor, now=now)
    services.unlock_thread(db.session, actor, thread,
                           reason=text_field(data, "reason", required=False), now=now)
    db.session.commit()
    return thread_json(thread, now=now) | {"lock_reason": None}


def parse_until(value: str | None) -> datetime:
    """A date (the suspension ends at the end of that day, forum time) or an ISO 8601 time
    with an offset."""
    if not value:
        raise Invalid("“until” is required: a date like 2026-04-30.", field="until")
    try:
        parsed: date | None = date.fromisoformat(value) if len(value) == 10 \
            else datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is not None and not is_real_date(parsed):
        raise Invalid(f"“until”: enter a real date, between the years {FIRST_YEAR} and "
                      f"{LAST_YEAR}.", field="until")
    if type(parsed) is date:
        return end_of_day(parsed)
    if parsed is None or parsed.tzinfo is None:
        raise Invalid("“until” must be a date like 2026-04-30, or a date and time with an "
                      "offset like 2026-04-30T18:00:00+01:00.", field="until")
    return parsed


@bp.post("/users/<id:user_id>/suspension")
def suspend(user_id: int):
    """Suspend an account: ``{"until", "reason"}`` (moderators)."""
    data = payload()
    actor = require_user()
    now = utcnow()
    user = services.get_user(db.session, user_id)
    record = services.suspend_user(db.session, actor, user,
                                   until=parse_until(text_field(data, "until")),
                                   reason=text_field(data, "reason"), now=now)
    db.session.commit()
    return suspension_json(record, user), 201


@bp.delete("/users/<id:user_id>/suspension")
def lift(user_id: int):
    """Lift a suspension early: optional ``{"reason"}`` (admins)."""
    data = _optional_payload()
    actor = require_user()
    now = utcnow()
    user = services.get_user(db.session, user_id)
    services.lift_suspension(db.session, actor, user,
                             reason=text_field(data, "reason", required=False), now=now)
    db.session.commit()
    return suspension_json(None, user)
