"""The search page: ``/search`` with its filter form (a plain GET form, no JavaScript needed)."""
from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_login import current_user

from forum.db import db, utcnow
from forum.errors import Invalid
from forum.permissions import actor_or_none
from forum.posts.models import Stance
from forum.search.models import DocumentKind
from forum.search.links import hit_url
from forum.search.params import read_filters
from forum.search.query import QUERY_MAX
from forum.search.services import Filters, Results, search
from forum.settings import forum_zone
from forum.threads.services import topics_with_stats

bp = Blueprint("search", __name__)


@bp.get("/search")
def find():
    """Results for ``q`` with the filters, best first; a wrong argument is shown beside its
    field (422) with everything typed kept."""
    actor, now = actor_or_none(current_user), utcnow()
    filters, results, error, status = Filters(q=request.args.get("q") or ""), None, None, 200
    try:
        filters = read_filters(db.session, request.args, actor, now=now)
        if filters.q.strip():
            results = search(db.session, actor, filters, now=now, zone=forum_zone(),
                             after=request.args.get("after") or None)
    except Invalid as invalid:
        error, status, results = invalid, 422, Results()
    topics = [row[0] for row in topics_with_stats(db.session)]
    next_url = None
    if results is not None and results.next_cursor:
        next_url = url_for("search.find", **{**request.args.to_dict(),
                                             "after": results.next_cursor})
    return render_template("search/find.html", filters=filters, results=results, error=error,
                           args=request.args, topics=topics, kinds=list(DocumentKind),
                           stances=list(Stance), query_max=QUERY_MAX, hit_url=hit_url,
                           next_url=next_url), status
