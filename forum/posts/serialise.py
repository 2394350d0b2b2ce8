"""Posts, and a thread with what its posts add, in JSON."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from forum.jsonapi import author_json, iso
from forum.posts.counters import stance_counts
from forum.posts.models import Post
from forum.threads.api import thread_json
from forum.threads.models import Thread


def thread_detail_json(thread: Thread, *, now: datetime) -> dict[str, Any]:
    """Serialise one thread: the listing fields, its opening text and the stance tally."""
    return thread_json(thread, now=now) | {
        "body_html": thread.body_html, "edited_at": iso(thread.edited_at),
        "stance_tally": stance_counts(thread)}


def post_json(post: Post, *, endorsed: bool | None = None) -> dict[str, Any]:
    """Serialise a post; removed posts keep their place but not their text.

    A deleted post shows what the page shows: its place, not who wrote it or when it changed.
    """
    deleted = post.is_deleted
    out = {"id": post.id, "thread_id": post.thread_id, "parent_id": post.parent_id,
           "depth": post.depth, "author": None if deleted else author_json(post.author),
           "author_role": None if deleted else post.author_role.value,
           "stance": post.stance.value if post.stance else None,
           "body_html": post.body_html if post.is_visible else None,
           "language": post.language,
           "endorsements": post.endorsement_count, "created_at": iso(post.created_at),
           "edited_at": None if deleted else iso(post.edited_at), "version": post.version,
           "deleted": deleted,
           "hidden": post.is_hidden,
           "hidden_reason": post.hidden_reason if post.is_hidden else None}
    if endorsed is not None:
        out["endorsed"] = endorsed
    return out
