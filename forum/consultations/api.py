"""Consultations in the JSON API: create (through ``POST /threads``), extend, close, list."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, request

from forum.jsonapi import int_arg, payload, require_user, text_field
from forum.consultations import services
from forum.consultations.dates import parse_iso
from forum.db import db, utcnow
from forum.errors import Invalid
from forum.settings import forum_zone
from forum.posts.api import THREAD_STARTERS
from forum.posts.serialise import thread_detail_json
from forum.threads.api import thread_json
from forum.threads.models import Thread
from forum.threads.services import get_thread
from forum.topics.models import Topic

bp = Blueprint("consultations", __name__)


def create_consultation_from_json(data: dict[str, Any], actor, topic: Topic, *,  # noqa: ANN001
                                  now: datetime) -> Thread:
    """Post a consultation from ``{"title", "body", "question", "opens_at"?, "closes_at"}``."""
    return services.post_consultation(
        db.session, actor, topic, title=text_field(data, "title"),
        question=text_field(data, "question"), body=text_field(data, "body"),
        opens_at=parse_iso(data.get("opens_at"), "opens_at", required=False),
        closes_at=parse_iso(data.get("closes_at"), "closes_at"), now=now)


THREAD_STARTERS["consultation"] = create_consultation_from_json


@bp.post("/threads/<id:thread_id>/extend")
def extend(thread_id: int):
    """Move the closing time later: ``{"closes_at": "2026-03-20T17:00:00+00:00"}``."""
    data = payload()
    actor = require_user()
    now = utcnow()
    thread = get_thread(db.session, thread_id, actor, now=now)
    services.extend_consultation(db.session, actor, thread,
                                 closes_at=parse_iso(data.get("closes_at"), "closes_at"), now=now,
                                 zone=forum_zone())
    db.session.commit()
    return thread_detail_json(thread, now=now)


@bp.post("/threads/<id:thread_id>/close")
def close(thread_id: int):
    """Close early: ``{"reason": "…"}`` (shown to everyone)."""
    data = payload()
    actor = require_user()
    now = utcnow()
    thread = get_thread(db.session, thread_id, actor, now=now)
    services.close_consultation(db.session, actor, thread,
                                reason=text_field(data, "reason"), now=now)
    db.session.commit()
    return thread_detail_json(thread, now=now)


@bp.get("/consultations")
def index():
    """Open consultations, closing soonest first; ``?status=closed`` for closed ones."""
    now = utcnow()
    status = request.args.get("status", "open")
    if status == "open":
        stmt = services.open_consultations(now)
    elif status == "closed":
        stmt = services.closed_consultations(now)
    else:
        raise Invalid("“status” must be open or closed.", field="status")
    limit = int_arg("limit", 50)
    threads = db.session.scalars(stmt.limit(limit)).all()
    return {"consultations": [thread_json(t, now=now) for t in threads]}
