"""Search in the JSON API: ``GET /api/v1/search``."""
from __future__ import annotations

from flask import Blueprint, request, url_for
from flask_login import current_user

from forum.db import db, utcnow
from forum.jsonapi import int_arg, iso
from forum.permissions import actor_or_none
from forum.search.links import hit_url
from forum.search.params import read_filters
from forum.search.services import PER_PAGE, Hit, search
from forum.settings import forum_zone

bp = Blueprint("search", __name__)


def hit_json(hit: Hit) -> dict:
    """Serialise one result; ``title_html`` and ``snippet_html`` are escaped text with
    ``<mark>`` around the words that matched; ``language`` is the text's own."""
    return {"kind": hit.kind.value, "id": hit.ref_id, "url": hit_url(hit, external=True),
            "thread": {"id": hit.thread.id, "title": hit.thread.title,
                       "topic": hit.thread.topic.slug},
            "stance": hit.stance.value if hit.stance else None,
            "created_at": iso(hit.created_at), "updated_at": iso(hit.updated_at),
            "title_html": str(hit.title_html), "snippet_html": str(hit.snippet_html),
            "language": hit.language}


@bp.get("/search")
def find():
    """Search: ``q`` with ``topic``, ``thread``, ``kind``, ``stance``, ``from``, ``to``;
    pages by ``cursor`` (the ``next_cursor`` of the page before). ``capped`` is true when
    more documents matched than a search ranks (the newest of them were; ``total`` counts
    those)."""
    actor, now = actor_or_none(current_user), utcnow()
    filters = read_filters(db.session, request.args, actor, now=now)
    results = search(db.session, actor, filters, now=now, zone=forum_zone(),
                     after=request.args.get("cursor") or None,
                     per_page=int_arg("limit", PER_PAGE))
    return {"query": filters.q, "total": results.total, "capped": results.capped,
            "message": results.message,
            "results": [hit_json(hit) for hit in results.hits],
            "next_cursor": results.next_cursor}
