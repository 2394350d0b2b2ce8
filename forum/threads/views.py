"""Thread pages: the debate tree, starting, editing and the opening text's history."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum.inputs import page_arg
from forum.db import db, utcnow
from forum.errors import Invalid, NotAllowed
from forum.limits import post_limit
from forum.permissions import actor_or_none
from forum.settings import arguments_per_page
from forum.posts.models import Stance
from forum.posts.services import endorsed_ids, stance_tally
from forum.posts.tree import SORTS, argument_page, build_tree, load_posts
from forum.threads import services
from forum.threads.forms import ArgumentForm, EditThreadForm, ThreadForm
from forum.threads.rules import can_edit_thread
from forum.topics.services import get_topic

bp = Blueprint("threads", __name__)


def thread_context(thread, form: ArgumentForm | None = None) -> dict:  # noqa: ANN001
    """Everything the thread page shows, loaded in a fixed number of queries."""
    actor = actor_or_none(current_user)
    sort = request.args.get("sort", "oldest")
    sort = sort if sort in SORTS else "oldest"
    stance_arg = request.args.get("stance", "")
    stance = Stance(stance_arg) if stance_arg in Stance.__members__.values() else None
    page = page_arg()
    per_page = arguments_per_page()
    root_ids, total = argument_page(db.session, thread, sort=sort, stance=stance, page=page,
                                    per_page=per_page)
    posts = load_posts(db.session, thread, root_ids)
    return {
        "thread": thread, "nodes": build_tree(posts, root_ids), "total_arguments": total,
        "page": page, "pages": max(1, -(-total // per_page)), "sort": sort,
        "stance": stance.value if stance else "", "stance_counts": stance_tally(db.session, thread),
        "endorsed": endorsed_ids(db.session, actor, [p.id for p in posts]),
        "form": form or ArgumentForm(formdata=None),
    }


@bp.route("/threads/<id:thread_id>")
@bp.route("/threads/<id:thread_id>-<path:_slug>")
@bp.route("/threads/<id:thread_id>/<path:_slug>")
def show(thread_id: int, _slug: str = ""):
    """The thread: opening text, stance tally, arguments with their reply trees."""
    thread = services.get_thread(db.session, thread_id, actor_or_none(current_user), now=utcnow())
    return render_template("threads/show.html", **thread_context(thread))


@bp.route("/topics/<slug>/threads/new", methods=["GET", "POST"])
@login_required
@post_limit
def create(slug: str):
    """Start a discussion thread in a topic."""
    topic = get_topic(db.session, slug)
    form = ThreadForm()
    if form.is_submitted() and form.validate_and_explain():
        try:
            thread = services.start_thread(db.session, current_user, topic,
                                           title=form.title.data or "", body=form.body.data or "",
                                           now=utcnow())
        except Invalid as error:
            form.attach(error)
        else:
            db.session.commit()
            flash("Your thread is published.", "success")
            return redirect(url_for("threads.show", thread_id=thread.id))
    return render_template("threads/new.html", form=form, topic=topic), \
        422 if form.is_submitted() else 200


@bp.route("/threads/<id:thread_id>/edit", methods=["GET", "POST"])
@login_required
def edit(thread_id: int):
    """Edit the opening text (author only); every save keeps a revision."""
    thread = services.get_thread(db.session, thread_id, current_user, now=utcnow())
    if not can_edit_thread(current_user, thread, utcnow()):
        raise NotAllowed("Only the author can edit this thread while it is open.")
    form = EditThreadForm(obj=thread)
    if form.is_submitted() and form.validate_and_explain():
        try:
            services.edit_thread(db.session, current_user, thread, title=form.title.data or "",
                                 body=form.body.data or "", now=utcnow())
        except Invalid as error:
            db.session.rollback()
            form.attach(error)
        else:
            db.session.commit()
            flash("Your changes are saved.", "success")
            return redirect(url_for("threads.show", thread_id=thread.id))
    return render_template("threads/edit.html", form=form, thread=thread), \
        422 if form.is_submitted() else 200


@bp.route("/threads/<id:thread_id>/history")
def history(thread_id: int):
    """Every saved version of the opening text."""
    thread = services.get_thread(db.session, thread_id, actor_or_none(current_user), now=utcnow())
    revisions = db.session.scalars(services.thread_revisions(thread)).all()
    return render_template("threads/history.html", thread=thread, subject=thread,
                           revisions=revisions)
