"""Topics in the JSON API."""
from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, request
from flask_login import current_user
from sqlalchemy import and_, or_

from forum.jsonapi import (decode_cursor, encode_cursor, int_arg, iso, payload, require_user,
                       text_field)
from forum.db import db, utcnow
from forum.errors import Invalid
from forum.permissions import actor_or_none
from forum.settings import threads_per_page
from forum.threads.api import thread_json
from forum.threads.models import Thread
from forum.threads.services import topic_threads
from forum.topics import services
from forum.topics.models import Topic

bp = Blueprint("topics", __name__)


def topic_json(topic: Topic, stats: tuple | None = None) -> dict:
    """Serialise a topic (with counts when given)."""
    out = {"slug": topic.slug, "title": topic.title, "description_html": topic.description_html,
           "archived": topic.is_archived, "created_at": iso(topic.created_at)}
    if stats is not None:
        out.update(thread_count=stats[0], post_count=stats[1], last_activity_at=iso(stats[2]))
    return out


@bp.get("/topics")
def index():
    """Every topic with its counts."""
    rows = services.topics_with_stats(db.session)
    return {"topics": [topic_json(t, (n, p, last)) for t, n, p, last in rows]}


@bp.get("/topics/<slug>")
def show(slug: str):
    """One topic."""
    return topic_json(services.get_topic(db.session, slug))


@bp.post("/topics")
def create():
    """Create a topic (admins)."""
    data = payload()
    topic = services.create_topic(db.session, require_user(), title=text_field(data, "title"),
                                  slug=text_field(data, "slug", required=False) or "",
                                  description=text_field(data, "description", required=False)
                                  or "", now=utcnow())
    db.session.commit()
    return topic_json(topic), 201


@bp.get("/topics/<slug>/threads")
def threads(slug: str):
    """A topic's threads by latest activity, with cursor pagination."""
    topic = services.get_topic(db.session, slug)
    limit = int_arg("limit", threads_per_page())
    now = utcnow()
    stmt = topic_threads(topic, actor_or_none(current_user), now=now).order_by(None) \
        .order_by(Thread.last_activity_at.desc(), Thread.id.desc())
    cursor = request.args.get("cursor")
    if cursor:
        when, last_id = decode_cursor(cursor, str, int)
        try:
            when = datetime.fromisoformat(when)
            if when.utcoffset() is None:
                raise ValueError(when)
            when = when.astimezone(UTC)
        except (ValueError, OverflowError):
            raise Invalid("The cursor is not valid; start again without one.",
                          field="cursor") from None
        stmt = stmt.where(or_(Thread.last_activity_at < when,
                              and_(Thread.last_activity_at == when, Thread.id < last_id)))
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(iso(rows[-1].last_activity_at), rows[-1].id) if more else None
    return {"threads": [thread_json(t, now=now) for t in rows], "next_cursor": next_cursor}
