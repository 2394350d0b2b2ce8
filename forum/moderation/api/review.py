"""The queue, reviewing reports, appeals, the moderation log and the transparency report
in the JSON API."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app, request

from forum.i18n import _
from forum.inputs import FIRST_YEAR, LAST_YEAR, is_real_date, whole_number
from forum.jsonapi import Call, endpoint, id_field, int_arg, payload, require_user, text_field
from forum.db import db, utcnow
from forum.errors import Invalid
from forum.moderation import appeals, audit, flags
from forum.moderation.api import bp
from forum.moderation.dates import start_of_day
from forum.moderation.api.serialise import (appeal_json, entry_json, moderated_post_json,
                                            queue_item_json)
from forum.moderation.models import AuditAction
from forum.moderation.services import require_moderation_reader
from forum.moderation.transparency import monthly_counts
from forum.posts.services import get_post


def _require_moderator() -> None:
    """Refuse (401, then 403) anyone but moderators reading the queue or the log."""
    require_moderation_reader(require_user())


@bp.get("/moderation/queue")
def queue():
    """Reported posts, most reported first (``page``, ``per_page``), and pending appeals."""
    _require_moderator()
    page, per_page = int_arg("page", 1, hi=10_000), int_arg("per_page", 20)
    items, total = flags.flag_queue(db.session, page=page, per_page=per_page)
    pending = db.session.scalars(appeals.pending_appeals()).unique().all()
    return {"total": total, "page": page, "per_page": per_page,
            "items": [queue_item_json(i) for i in items],
            "appeals": [appeal_json(a) for a in pending]}


@bp.post("/flags/<id:post_id>/<any(uphold, dismiss):decision>")
@endpoint()
def decide_flags(call: Call, post_id: int, decision: str):
    """Uphold (``{"reason"}``, required) or dismiss (``{"reason"?}``) a post's open reports."""
    data = payload() if request.get_data() else {}
    reason = text_field(data, "reason", required=decision == "uphold")
    post = get_post(db.session, post_id, call.actor, now=call.now)
    action = flags.uphold_flags if decision == "uphold" else flags.dismiss_flags
    action(db.session, call.actor, post, reason=reason, now=call.now)
    return moderated_post_json(post)


@bp.post("/appeals")
@endpoint(body=True, status=201)
def appeal(call: Call):
    """Appeal once: ``{"post_id", "statement"}`` or ``{"suspension": true, "statement"}``."""
    data, actor, now = call.data, call.actor, call.now
    statement = text_field(data, "statement")
    post_id = id_field(data, "post_id", required=False)
    if post_id is not None and data.get("suspension"):
        raise Invalid(_("Send either “post_id” or “suspension”, not both."), field="post_id")
    if post_id is not None:
        post = get_post(db.session, post_id, actor, now=now)
        created = appeals.appeal_post(db.session, actor, post, statement=statement, now=now)
    elif data.get("suspension") is True:
        created = appeals.appeal_suspension(db.session, actor, statement=statement, now=now)
    else:
        raise Invalid(_("Say what you appeal against: “post_id”, or “suspension”: true."),
                      field="post_id")
    return appeal_json(created)


@bp.get("/appeals")
def my_appeals():
    """The caller's appeals, newest first."""
    actor = require_user()
    rows = db.session.scalars(appeals.appeals_by(actor)).unique().all()
    return {"appeals": [appeal_json(a) for a in rows]}


@bp.get("/appeals/<id:appeal_id>")
def show_appeal(appeal_id: int):
    """One appeal (its appellant and moderators)."""
    found = appeals.get_appeal(db.session, appeal_id, require_user(), now=utcnow())
    return appeal_json(found)


@bp.post("/appeals/<id:appeal_id>/decide")
@endpoint(body=True)
def decide_appeal(call: Call, appeal_id: int):
    """Decide an appeal: ``{"granted": true|false, "reason"}`` (another moderator)."""
    found = appeals.get_appeal(db.session, appeal_id)
    appeals.decide_appeal(db.session, call.actor, found, granted=call.data.get("granted"),
                          reason=text_field(call.data, "reason"), now=call.now)
    return appeal_json(found)


def _date_arg(name: str) -> date | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise Invalid(_("“%(name)s” must be a date like 2026-03-01.", name=name),
                      field=name) from None
    if not is_real_date(day):
        raise Invalid(_("“%(name)s”: enter a real date, between the years %(first)d and "
                        "%(last)d.", name=name, first=FIRST_YEAR, last=LAST_YEAR), field=name)
    return day


def _log_filters() -> dict:
    actor_id = request.args.get("actor_id")
    if actor_id and whole_number(actor_id) is None:
        raise Invalid("“actor_id” must be a user id.", field="actor_id")
    action = request.args.get("action") or None
    if action and action not in AuditAction.__members__.values():
        raise Invalid("“action” must be one of: " + ", ".join(a.value for a in AuditAction)
                      + ".", field="action")
    start, end = _date_arg("from"), _date_arg("to")
    if start and end and start > end:
        raise Invalid("“from” must not be after “to”.", field="to")
    return {"actor_id": int(actor_id) if actor_id else None,
            "action": AuditAction(action) if action else None, "start": start_of_day(start),
            "end": start_of_day(end + timedelta(days=1)) if end else None}


@bp.get("/moderation/log")
def log():
    """The moderation log, newest first: ``actor_id``, ``action``, ``from``, ``to``, ``page``."""
    _require_moderator()
    page = db.paginate(audit.log_entries(**_log_filters()), page=int_arg("page", 1, hi=100_000),
                       per_page=int_arg("per_page", 50), error_out=False)
    return {"total": page.total, "page": page.page, "pages": page.pages,
            "entries": [entry_json(e) for e in audit.label_entries(db.session, page.items)]}


@bp.get("/transparency")
def transparency():
    """Monthly moderation counts, newest month first, with no names (``months``, default 12)."""
    counts = monthly_counts(db.session, now=utcnow(), months=int_arg("months", 12, hi=60))
    return {"timezone": "UTC", "flag_hide_threshold": current_app.config["FLAG_HIDE_THRESHOLD"],
            "months": [c.as_dict() for c in counts]}
