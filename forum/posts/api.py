"""Threads with their posts, posts and endorsements in the JSON API."""
from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from forum.db import db, utcnow
from forum.jsonapi import Call, endpoint, id_field, iso, text_field
from forum.limits import post_limit
from forum.permissions import actor_or_none
from forum.posts import services
from forum.posts.serialise import post_json, thread_detail_json
from forum.posts.tree import all_posts
from forum.threads.services import get_thread

bp = Blueprint("posts", __name__)

@bp.get("/threads/<id:thread_id>")
def thread(thread_id: int):
    """One thread with its opening text and stance tally."""
    now = utcnow()
    found = get_thread(db.session, thread_id, actor_or_none(current_user), now=now)
    return thread_detail_json(found, now=now)


@bp.get("/threads/<id:thread_id>/posts")
def thread_posts(thread_id: int):
    """Every post of the thread in display (tree) order."""
    found = get_thread(db.session, thread_id, actor_or_none(current_user), now=utcnow())
    return {"posts": [post_json(p) for p in all_posts(db.session, found)]}


@bp.post("/threads/<id:thread_id>/posts")
@post_limit
@endpoint(body=True, status=201)
def create(call: Call, thread_id: int):
    """Add an argument or, with ``parent_id``, a reply:
    ``{"body", "stance"?, "parent_id"?, "language"?}``.

    ``stance`` (for, against, neutral, question) stays optional here, unlike in the HTML form
    that asks for it: an argument sent without one is neutral, as it always was for API
    clients. The same body by the same author in the same thread within ten minutes is a
    409 ``duplicate_post`` naming the earlier ``post_id``. ``language`` is the code of the
    language the body is written in, one of the site's languages (default: the one the
    author's pages speak); any other value is a 422 on ``language``.
    """
    thread = get_thread(db.session, thread_id, call.actor, now=call.now)
    parent = None
    parent_id = id_field(call.data, "parent_id", required=False)
    if parent_id is not None:
        parent = services.get_post(db.session, parent_id, call.actor, now=call.now)
    post = services.create_post(db.session, call.actor, thread, body=text_field(call.data, "body"),
                                parent=parent, now=call.now,
                                stance=text_field(call.data, "stance", required=False),
                                language=text_field(call.data, "language", required=False))
    return post_json(post)


@bp.get("/posts/<id:post_id>")
def show(post_id: int):
    """One post."""
    post = services.get_post(db.session, post_id, actor_or_none(current_user), now=utcnow())
    return post_json(post)


@bp.patch("/posts/<id:post_id>")
@endpoint(body=True)
def edit(call: Call, post_id: int):
    """Change a post (author only): ``{"body"?, "stance"?, "language"?, "version"?}``, at
    least one of ``body``, ``stance`` (an argument's; the revisions keep the old one) and
    ``language`` (the body's; left out, it stays).

    ``version`` is the one the edit started from; 409 when a newer one was saved meanwhile.
    Without it the edit is based on the version current when the request arrives.
    """
    post = services.get_post(db.session, post_id, call.actor, now=call.now)
    stance = text_field(call.data, "stance", required=False)
    language = text_field(call.data, "language", required=False)
    body = text_field(call.data, "body", required=stance is None and language is None)
    services.edit_post(db.session, call.actor, post, body=post.body if body is None else body,
                       stance=stance, language=language, version=call.data.get("version"),
                       now=call.now)
    return post_json(post)


@bp.delete("/posts/<id:post_id>")
@endpoint()
def delete(call: Call, post_id: int):
    """Delete one's own post; a placeholder keeps its place."""
    post = services.get_post(db.session, post_id, call.actor, now=call.now)
    services.delete_post(db.session, call.actor, post, now=call.now)
    return post_json(post)


@bp.get("/posts/<id:post_id>/revisions")
def revisions(post_id: int):
    """The post's saved versions, newest first."""
    now = utcnow()
    actor = actor_or_none(current_user)
    post = services.get_post(db.session, post_id, actor, now=now)
    return {"revisions": [{"id": r.id, "body": r.body, "body_html": r.body_html,
                           "created_at": iso(r.created_at), "editor_id": r.editor_id,
                           "stance": r.stance.value if r.stance else None}
                          for r in services.post_revisions(db.session, actor, post, now=now)]}


@bp.post("/posts/<id:post_id>/endorsement")
@endpoint(status=201)
def endorse(call: Call, post_id: int):
    """Endorse a post."""
    post = services.get_post(db.session, post_id, call.actor, now=call.now)
    services.endorse(db.session, call.actor, post, now=call.now)
    return post_json(post, endorsed=True)


@bp.delete("/posts/<id:post_id>/endorsement")
@endpoint()
def withdraw(call: Call, post_id: int):
    """Withdraw an endorsement."""
    post = services.get_post(db.session, post_id, call.actor, now=call.now)
    services.withdraw_endorsement(db.session, call.actor, post, now=call.now)
    return post_json(post, endorsed=False)
