"""Topic list and topic pages; topic management for admins."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum.inputs import page_arg
from forum.db import db, utcnow
from forum.errors import Invalid
from forum.forms import ActionForm
from forum.permissions import actor_or_none
from forum.settings import threads_per_page
from forum.threads.services import topic_threads
from forum.topics import services
from forum.topics.forms import TopicForm
from forum.topics.rules import can_manage_topics

bp = Blueprint("topics", __name__)


@bp.route("/topics")
def index():
    """Every topic with its thread count, post count and last activity."""
    return render_template("topics/index.html", rows=services.topics_with_stats(db.session))


@bp.route("/topics/<slug>")
def show(slug: str):
    """A topic's threads, newest activity first, paginated."""
    topic = services.get_topic(db.session, slug)
    stmt = topic_threads(topic, actor_or_none(current_user), now=utcnow())
    page = db.paginate(stmt, page=page_arg(), per_page=threads_per_page(), error_out=False)
    return render_template("topics/show.html", topic=topic, page=page)


def _require_manager() -> None:
    if not can_manage_topics(current_user, None, utcnow()):
        abort(403, "Only administrators can manage topics.")


@bp.route("/topics/new", methods=["GET", "POST"])
@login_required
def create():
    """Create a topic (admins)."""
    _require_manager()
    form = TopicForm()
    if form.is_submitted() and form.validate_and_explain():
        try:
            topic = services.create_topic(db.session, current_user, title=form.title.data or "",
                                          slug=form.slug.data or "",
                                          description=form.description.data or "", now=utcnow())
        except Invalid as error:
            form.attach(error)
        else:
            db.session.commit()
            flash(f"Topic “{topic.title}” created.", "success")
            return redirect(url_for("topics.show", slug=topic.slug))
    return render_template("topics/form.html", form=form, topic=None), \
        422 if form.is_submitted() else 200


@bp.route("/topics/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Edit a topic (admins)."""
    _require_manager()
    topic = services.get_topic(db.session, slug)
    form = TopicForm(obj=topic)
    if form.is_submitted() and form.validate_and_explain():
        try:
            services.update_topic(db.session, current_user, topic, title=form.title.data or "",
                                  slug=form.slug.data or "",
                                  description=form.description.data or "", now=utcnow())
        except Invalid as error:
            db.session.rollback()
            form.attach(error)
        else:
            db.session.commit()
            flash("Topic saved.", "success")
            return redirect(url_for("topics.show", slug=topic.slug))
    return render_template("topics/form.html", form=form, topic=topic,
                           archive_form=ActionForm()), 422 if form.is_submitted() else 200


@bp.route("/topics/<slug>/archive", methods=["POST"])
@login_required
def archive(slug: str):
    """Archive a topic, or reopen an archived one (admins)."""
    _require_manager()
    topic = services.get_topic(db.session, slug)
    if ActionForm().validate_and_explain():
        services.set_archived(db.session, current_user, topic, not topic.is_archived, now=utcnow())
        db.session.commit()
        flash("Topic archived." if topic.is_archived else "Topic reopened.", "success")
    return redirect(url_for("topics.show", slug=topic.slug))
