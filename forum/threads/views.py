"""Thread pages: a topic's threads, starting a thread and editing its opening text.

The thread page itself (the debate) and its history are in ``posts.views``.
"""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.db import db, utcnow
from forum.forms import round_trip
from forum.i18n import _
from forum.inputs import page_arg
from forum.limits import post_limit, preview_limit
from forum.pagecache.pages import kept_or_made
from forum.permissions import actor_or_none
from forum.settings import threads_per_page
from forum.threads import services
from forum.threads.forms import EditThreadForm, ThreadForm
from forum.threads.kept import listing_key
from forum.topics.services import get_topic

bp = Blueprint("threads", __name__)


@bp.route("/topics")
def topics():
    """Every topic with its thread count, post count and last activity (kept whole for
    readers who are not signed in, like the home page)."""
    key, dates = listing_key("topics", utcnow())
    return kept_or_made(key, lambda: (
        render_template("topics/index.html", rows=services.topics_with_stats(db.session)),
        dates))


#: the query parameters a topic's page reads
_TOPIC_ARGS = frozenset({"page"})


@bp.route("/topics/<slug>")
def topic(slug: str):
    """A topic's threads, newest activity first, paginated (kept whole for readers who are
    not signed in until any of the topic's threads changes)."""
    now = utcnow()

    def make() -> tuple[str, list[datetime]]:
        found = get_topic(db.session, slug)
        stmt = services.topic_threads(found, actor_or_none(current_user), now=now)
        page = db.paginate(stmt, page=page_arg(), per_page=threads_per_page(), error_out=False)
        return render_template("topics/show.html", topic=found, page=page), dates
    key, dates = listing_key("topic", now, topic=slug, args=_TOPIC_ARGS)
    return kept_or_made(key, make)


@bp.route("/topics/<slug>/threads/new", methods=["GET", "POST"])
@login_required
@preview_limit
@post_limit
def create(slug: str):
    """Start a discussion thread in a topic."""
    found = get_topic(db.session, slug)
    form = ThreadForm()

    def act() -> ResponseReturnValue:
        if form.previewing:
            services.check_can_start_thread(current_user, found, utcnow())
            return render_template("threads/new.html", form=form, topic=found,
                                   preview_html=_preview(form)), 200
        thread = services.start_thread(db.session, current_user, found,
                                       title=form.title.data or "", body=form.body.data or "",
                                       language=form.language.data, now=utcnow())
        flash(_("Your thread is published."), "success")
        return redirect(url_for("posts.thread", thread_id=thread.id))
    return round_trip(form, act, "threads/new.html", topic=found)


@bp.route("/threads/<id:thread_id>/edit", methods=["GET", "POST"])
@login_required
@preview_limit
def edit(thread_id: int):
    """Edit the opening text (author only); every save keeps a revision."""
    now = utcnow()
    thread = services.get_thread(db.session, thread_id, current_user, now=now)
    services.check_can_edit_thread(current_user, thread, now)
    form = EditThreadForm(obj=thread)

    def act() -> ResponseReturnValue:
        if form.previewing:
            return render_template("threads/edit.html", form=form, thread=thread,
                                   preview_html=_preview(form)), 200
        services.edit_thread(db.session, current_user, thread, title=form.title.data or "",
                             body=form.body.data or "", language=form.language.data, now=now)
        flash(_("Your changes are saved."), "success")
        return redirect(url_for("posts.thread", thread_id=thread.id))
    return round_trip(form, act, "threads/edit.html", thread=thread)


def _preview(form: ThreadForm | EditThreadForm) -> str:
    """The opening text as it would be saved, for the form's preview (nothing is saved)."""
    return services.preview_text(current_user, form.body.data or "", now=utcnow())
