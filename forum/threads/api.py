"""Threads in the JSON API: the thread summary every listing uses, and a topic's threads."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, request
from flask_login import current_user
from sqlalchemy import and_, or_

from forum.db import db, utcnow
from forum.jsonapi import author_json, decode_time_cursor, encode_cursor, int_arg, iso
from forum.permissions import actor_or_none
from forum.settings import threads_per_page
from forum.threads.models import Thread
from forum.threads.services import topic_threads, topics_with_stats
from forum.topics.api import topic_json
from forum.topics.services import get_topic

bp = Blueprint("threads", __name__)


def thread_json(thread: Thread, *, now: datetime) -> dict:
    """Serialise a thread as listings show it (the thread itself adds its opening text)."""
    out = {"id": thread.id, "topic": thread.topic.slug, "title": thread.title,
           "language": thread.language,
           "kind": thread.kind.value, "status": thread.status(now),
           "author": author_json(thread.author), "author_role": thread.author_role.value,
           "created_at": iso(thread.created_at),
           "last_activity_at": iso(thread.last_activity_at), "post_count": thread.post_count,
           "locked": thread.is_locked}
    out.update({name: iso(value) if isinstance(value, datetime) else value
                for name, value in thread.kind_fields().items()})
    return out


@bp.get("/topics")
def topics():
    """Every topic with its counts."""
    rows = topics_with_stats(db.session)
    return {"topics": [topic_json(t, (n, p, last)) for t, n, p, last in rows]}


@bp.get("/topics/<slug>/threads")
def topic_thread_list(slug: str):
    """A topic's threads by latest activity, with cursor pagination."""
    topic = get_topic(db.session, slug)
    limit = int_arg("limit", threads_per_page())
    now = utcnow()
    stmt = topic_threads(topic, actor_or_none(current_user), now=now).order_by(None) \
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
    cursor = request.args.get("cursor")
    if cursor:
        when, last_id = decode_time_cursor(cursor)
        stmt = stmt.where(or_(Thread.last_activity_at < when,
                              and_(Thread.last_activity_at == when, Thread.id < last_id)))
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(iso(rows[-1].last_activity_at), rows[-1].id) if more else None
    return {"threads": [thread_json(t, now=now) for t in rows], "next_cursor": next_cursor}
