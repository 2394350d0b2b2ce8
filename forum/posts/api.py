"""Posts and endorsements in the JSON API."""
from __future__ import annotations

from flask import Blueprint
from flask_login import current_user

from forum.jsonapi import Call, endpoint, id_field, iso, payload, require_user, text_field
from forum.db import db, utcnow
from forum.errors import Invalid
from forum.limits import post_limit
from forum.permissions import actor_or_none
from forum.posts import services
from forum.threads.api import post_json
from forum.threads.services import get_thread

bp = Blueprint("posts", __name__)


@bp.post("/threads/<id:thread_id>/posts")
@post_limit
@endpoint(body=True, status=201)
def create(call: Call, thread_id: int):
    """Add an argument or, with ``parent_id``, a reply."""
    thread = get_thread(db.session, thread_id, call.actor, now=call.now)
    parent = None
    parent_id = id_field(call.data, "parent_id", required=False)
    if parent_id is not None:
        parent = services.get_post(db.session, parent_id, call.actor, now=call.now)
    post = services.create_post(db.session, call.actor, thread, body=text_field(call.data, "body"),
                                parent=parent, now=call.now,
                                stance=text_field(call.data, "stance", required=False))
    return post_json(post)


@bp.get("/posts/<id:post_id>")
def show(post_id: int):
    """One post."""
    post = services.get_post(db.session, post_id, actor_or_none(current_user), now=utcnow())
    return post_json(post)


@bp.patch("/posts/<id:post_id>")
def edit(post_id: int):
    """Change a post's body (author only): ``{"body", "version"?}``.

    ``version`` is the one the edit started from; 409 when a newer one was saved meanwhile.
    Without it the edit is based on the version current when the request arrives.
    """
    data = payload()
    actor = require_user()
    now = utcnow()
    post = services.get_post(db.session, post_id, actor, now=now)
    services.edit_post(db.session, actor, post, body=text_field(data, "body"),
                       version=data.get("version"), now=now)
    db.session.commit()
    return post_json(post)


@bp.delete("/posts/<id:post_id>")
def delete(post_id: int):
    """Delete one's own post; a placeholder keeps its place."""
    actor = require_user()
    now = utcnow()
    post = services.get_post(db.session, post_id, actor, now=now)
    services.delete_post(db.session, actor, post, now=now)
    db.session.commit()
    return post_json(post)


@bp.get("/posts/<id:post_id>/revisions")
def revisions(post_id: int):
    """The post's saved versions, newest first."""
    now = utcnow()
    actor = actor_or_none(current_user)
    post = services.get_post(db.session, post_id, actor, now=now)
    return {"revisions": [{"id": r.id, "body": r.body, "body_html": r.body_html,
                           "created_at": iso(r.created_at), "editor_id": r.editor_id}
                          for r in services.post_revisions(db.session, actor, post, now=now)]}


@bp.post("/posts/<id:post_id>/endorsement")
def endorse(post_id: int):
    """Endorse a post."""
    actor = require_user()
    now = utcnow()
    post = services.get_post(db.session, post_id, actor, now=now)
    services.endorse(db.session, actor, post, now=now)
    db.session.commit()
    return post_json(post, endorsed=True), 201


@bp.delete("/posts/<id:post_id>/endorsement")
def withdraw(post_id: int):
    """Withdraw an endorsement."""
    actor = require_user()
    now = utcnow()
    post = services.get_post(db.session, post_id, actor, now=now)
    services.withdraw_endorsement(db.session, actor, post, now=now)
    db.session.commit()
    return post_json(post, endorsed=False)
