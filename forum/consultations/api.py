"""Consultations in the JSON API: starting a thread of either kind (``POST /threads``),
extending and closing a consultation, and the lists of open and closed ones.

``POST /threads`` lives here because it takes both kinds: the discussion goes to the thread
services below, the consultation to this package's own.
"""
from __future__ import annotations

from flask import Blueprint, request

from forum.bilingual.services import texts_from_json
from forum.consultations import services, versions
from forum.consultations.dates import parse_iso
from forum.db import db, utcnow
from forum.errors import Invalid
from forum.i18n import _
from forum.jsonapi import Call, endpoint, int_arg, text_field
from forum.limits import post_limit
from forum.settings import forum_zone
from forum.posts.serialise import thread_detail_json
from forum.threads.api import thread_json
from forum.threads.models import Thread
from forum.threads.services import get_thread, start_thread
from forum.topics.models import Topic
from forum.topics.services import get_topic

bp = Blueprint("consultations", __name__)


def _start(call: Call, topic: Topic) -> Thread:
    """Start the kind of thread the body asks for (a discussion unless it says otherwise)."""
    data = call.data
    kind = text_field(data, "kind", required=False) or "discussion"
    if kind == "consultation":
        return services.post_consultation(
            db.session, call.actor, topic, title=text_field(data, "title"),
            question=text_field(data, "question"), body=text_field(data, "body"),
            opens_at=parse_iso(data.get("opens_at"), "opens_at", required=False),
            closes_at=parse_iso(data.get("closes_at"), "closes_at"), now=call.now,
            language=text_field(data, "language", required=False))
    if kind == "discussion":
        return start_thread(db.session, call.actor, topic, title=text_field(data, "title"),
                            body=text_field(data, "body"), now=call.now,
                            language=text_field(data, "language", required=False))
    raise Invalid(_("“kind” must be discussion or consultation."), field="kind")


@bp.post("/threads")
@post_limit
@endpoint(body=True, status=201)
def create(call: Call):
    """Start a thread: ``{"topic", "title", "body", "language"?}`` (``language``: the
    opening text's, default the one the author's pages speak); a consultation adds ``"kind":
    "consultation"``, ``"question"``, ``"closes_at"`` and optionally ``"opens_at"``."""
    topic = get_topic(db.session, text_field(call.data, "topic") or "")
    return thread_detail_json(_start(call, topic), now=call.now)


@bp.post("/threads/<id:thread_id>/extend")
@endpoint(body=True)
def extend(call: Call, thread_id: int):
    """Move the closing time later: ``{"closes_at": "2026-03-20T17:00:00+00:00"}``."""
    thread = get_thread(db.session, thread_id, call.actor, now=call.now)
    services.extend_consultation(db.session, call.actor, thread,
                                 closes_at=parse_iso(call.data.get("closes_at"), "closes_at"),
                                 now=call.now, zone=forum_zone())
    return thread_detail_json(thread, now=call.now)


@bp.post("/threads/<id:thread_id>/close")
@endpoint(body=True)
def close(call: Call, thread_id: int):
    """Close early: ``{"reason": "…"}`` (shown to everyone)."""
    thread = get_thread(db.session, thread_id, call.actor, now=call.now)
    services.close_consultation(db.session, call.actor, thread,
                                reason=text_field(call.data, "reason"), now=call.now)
    return thread_detail_json(thread, now=call.now)


@bp.put("/threads/<id:thread_id>/versions/<language>")
@endpoint(body=True)
def translate(call: Call, thread_id: int, language: str):
    """Write the consultation's version in ``language``: ``{"title", "question", "body"}``
    (a field left out or empty has no version; ``"token"`` refuses a save over a newer one)."""
    thread = get_thread(db.session, thread_id, call.actor, now=call.now)
    consultation = versions.check_can_translate(call.actor, thread, call.now)
    versions.save(db.session, call.actor, consultation, language,
                  texts_from_json(versions.parts(consultation), call.data), now=call.now,
                  token=text_field(call.data, "token", required=False))
    return thread_detail_json(consultation, now=call.now)


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
        raise Invalid(_("“status” must be open or closed."), field="status")
    limit = int_arg("limit", 50)
    threads = db.session.scalars(stmt.limit(limit)).all()
    return {"consultations": [thread_json(t, now=now) for t in threads]}
