"""Reporting posts; hiding, restoring, locking, suspending and lifting, in the JSON API."""
from __future__ import annotations

from datetime import date, datetime

from flask import current_app, request

from forum.i18n import _
from forum.inputs import FIRST_YEAR, LAST_YEAR, is_real_date
from forum.jsonapi import Call, endpoint, payload, text_field
from forum.db import db
from forum.errors import Invalid
from forum.limits import flag_limit
from forum.moderation import flags, services
from forum.moderation.dates import end_of_day
from forum.moderation.api import bp
from forum.moderation.api.serialise import flag_json, moderated_post_json, suspension_json
from forum.posts.services import get_post
from forum.threads.api import thread_json
from forum.threads.services import get_thread


def _optional_reason() -> str | None:
    """The ``reason`` of the JSON object, if one was sent (a body is optional here)."""
    return text_field(payload(), "reason", required=False) if request.get_data() else None


@bp.post("/posts/<id:post_id>/flags")
@flag_limit
@endpoint(body=True, status=201)
def flag(call: Call, post_id: int):
    """Report a post: ``{"reason", "text"?}``; a second report by the same person is 409."""
    post = get_post(db.session, post_id, call.actor, now=call.now)
    created = flags.flag_post(db.session, call.actor, post,
                              reason=text_field(call.data, "reason"),
                              text=text_field(call.data, "text", required=False), now=call.now,
                              threshold=current_app.config["FLAG_HIDE_THRESHOLD"])
    return flag_json(created)


@bp.post("/posts/<id:post_id>/hide")
@endpoint(body=True)
def hide(call: Call, post_id: int):
    """Hide a post with a public reason: ``{"reason"}`` (moderators)."""
    post = get_post(db.session, post_id, call.actor, now=call.now)
    services.hide_post(db.session, call.actor, post, reason=text_field(call.data, "reason"),
                       now=call.now)
    return moderated_post_json(post)


@bp.post("/posts/<id:post_id>/restore")
@endpoint()
def restore(call: Call, post_id: int):
    """Restore a hidden post: ``{"reason"?}`` (moderators)."""
    reason = _optional_reason()
    post = get_post(db.session, post_id, call.actor, now=call.now)
    services.restore_post(db.session, call.actor, post, reason=reason, now=call.now)
    return moderated_post_json(post)


@bp.post("/threads/<id:thread_id>/lock")
@endpoint(body=True)
def lock(call: Call, thread_id: int):
    """Lock a thread: ``{"reason"}`` (moderators)."""
    thread = get_thread(db.session, thread_id, call.actor, now=call.now)
    services.lock_thread(db.session, call.actor, thread, reason=text_field(call.data, "reason"),
                         now=call.now)
    return thread_json(thread, now=call.now) | {"lock_reason": thread.lock_reason}


@bp.post("/threads/<id:thread_id>/unlock")
@endpoint()
def unlock(call: Call, thread_id: int):
    """Unlock a thread: ``{"reason"?}`` (moderators)."""
    reason = _optional_reason()
    thread = get_thread(db.session, thread_id, call.actor, now=call.now)
    services.unlock_thread(db.session, call.actor, thread, reason=reason, now=call.now)
    return thread_json(thread, now=call.now) | {"lock_reason": None}


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
        raise Invalid(_("“until”: enter a real date, between the years %(first)d and %(last)d.",
                        first=FIRST_YEAR, last=LAST_YEAR), field="until")
    if type(parsed) is date:
        return end_of_day(parsed)
    if parsed is None or parsed.tzinfo is None:
        raise Invalid("“until” must be a date like 2026-04-30, or a date and time with an "
                      "offset like 2026-04-30T18:00:00+01:00.", field="until")
    return parsed


@bp.post("/users/<id:user_id>/suspension")
@endpoint(body=True, status=201)
def suspend(call: Call, user_id: int):
    """Suspend an account: ``{"until", "reason"}`` (moderators)."""
    user = services.get_user(db.session, user_id)
    record = services.suspend_user(db.session, call.actor, user,
                                   until=parse_until(text_field(call.data, "until")),
                                   reason=text_field(call.data, "reason"), now=call.now)
    return suspension_json(record, user)


@bp.delete("/users/<id:user_id>/suspension")
@endpoint()
def lift(call: Call, user_id: int):
    """Lift a suspension early: optional ``{"reason"}`` (admins)."""
    reason = _optional_reason()
    user = services.get_user(db.session, user_id)
    services.lift_suspension(db.session, call.actor, user, reason=reason, now=call.now)
    return suspension_json(None, user)
