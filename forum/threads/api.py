"""Threads in the JSON API."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint
from flask_login import current_user

from forum.jsonapi import author_json, iso
from forum.db import db, utcnow
from forum.permissions import actor_or_none
from forum.posts.services import stance_tally
from forum.posts.tree import all_posts
from forum.threads import services
from forum.threads.models import Thread

bp = Blueprint("threads", __name__)


def thread_json(thread: Thread, *, now: datetime, detail: bool = False) -> dict:
    """Serialise a thread; ``detail`` adds the opening text and the stance tally."""
    out = {"id": thread.id, "topic": thread.topic.slug, "title": thread.title,
           "kind": thread.kind.value, "status": thread.status(now),
           "author": author_json(thread.author), "created_at": iso(thread.created_at),
           "last_activity_at": iso(thread.last_activity_at), "post_count": thread.post_count,
           "locked": thread.is_locked}
    out.update({name: iso(value) if isinstance(value, datetime) else value
                for name, value in thread.kind_fields().items()})
    if detail:
        out.update(body_html=thread.body_html, edited_at=iso(thread.edited_at),
                   stance_tally=stance_tally(db.session, thread))
    return out


def post_json(post, *, endorsed: bool | None = None) -> dict:  # noqa: ANN001
    """Serialise a post; removed posts keep their place but not their text.

    A deleted post shows what the page shows: its place, not who wrote it or when it changed.
    """
    deleted = post.is_deleted
    out = {"id": post.id, "thread_id": post.thread_id, "parent_id": post.parent_id,
           "depth": post.depth, "author": None if deleted else author_json(post.author),
           "stance": post.stance.value if post.stance else None,
           "body_html": post.body_html if post.is_visible else None,
           "endorsements": post.endorsement_count, "created_at": iso(post.created_at),
           "edited_at": None if deleted else iso(post.edited_at), "version": post.version,
           "deleted": deleted,
           "hidden": post.is_hidden,
           "hidden_reason": post.hidden_reason if post.is_hidden else None}
    if endorsed is not None:
        out["endorsed"] = endorsed
    return out


@bp.get("/threads/<id:thread_id>")
def show(thread_id: int):
    """One thread with its opening text and stance tally."""
    now = utcnow()
    thread = services.get_thread(db.session, thread_id, actor_or_none(current_user), now=now)
    return thread_json(thread, now=now, detail=True)


@bp.get("/threads/<id:thread_id>/posts")
def posts(thread_id: int):
    """Every post of the thread in display (tree) order."""
    now = utcnow()
    thread = services.get_thread(db.session, thread_id, actor_or_none(current_user), now=now)
    return {"posts": [post_json(p) for p in all_posts(db.session, thread)]}
