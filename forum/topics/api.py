"""Topics in the JSON API (a topic's threads and the counts are in ``threads.api``)."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint

from forum.db import db
from forum.jsonapi import Call, endpoint, iso, text_field
from forum.topics import services
from forum.topics.models import Topic

bp = Blueprint("topics", __name__)


def topic_json(topic: Topic, stats: tuple[int, int, datetime | None] | None = None) -> dict:
    """Serialise a topic (with counts when given)."""
    out = {"slug": topic.slug, "title": topic.title, "description_html": topic.description_html,
           "archived": topic.is_archived, "created_at": iso(topic.created_at)}
    if stats is not None:
        out.update(thread_count=stats[0], post_count=stats[1], last_activity_at=iso(stats[2]))
    return out


@bp.get("/topics/<slug>")
def show(slug: str):
    """One topic."""
    return topic_json(services.get_topic(db.session, slug))


@bp.post("/topics")
@endpoint(body=True, status=201)
def create(call: Call):
    """Create a topic (admins)."""
    data = call.data
    topic = services.create_topic(db.session, call.actor, title=text_field(data, "title"),
                                  slug=text_field(data, "slug", required=False) or "",
                                  description=text_field(data, "description", required=False)
                                  or "", now=call.now)
    return topic_json(topic)
