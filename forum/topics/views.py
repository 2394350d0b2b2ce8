"""Topic management for admins (the topic list and a topic's threads are in
``threads.views``)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.db import db, utcnow
from forum.forms import ActionForm, press, round_trip
from forum.i18n import _
from forum.topics import services
from forum.topics.forms import TopicForm

bp = Blueprint("topics", __name__)


@bp.route("/topics/new", methods=["GET", "POST"])
@login_required
def create():
    """Create a topic (admins)."""
    services.check_can_manage_topics(current_user, utcnow())
    form = TopicForm()

    def act() -> ResponseReturnValue:
        topic = services.create_topic(db.session, current_user, title=form.title.data or "",
                                      slug=form.slug.data or "",
                                      description=form.description.data or "", now=utcnow())
        flash(_("Topic “%(title)s” created.", title=topic.title), "success")
        return redirect(url_for("threads.topic", slug=topic.slug))
    return round_trip(form, act, "topics/form.html", topic=None)


@bp.route("/topics/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    """Edit a topic (admins)."""
    services.check_can_manage_topics(current_user, utcnow())
    topic = services.get_topic(db.session, slug)
    form = TopicForm(obj=topic)

    def act() -> ResponseReturnValue:
        services.update_topic(db.session, current_user, topic, title=form.title.data or "",
                              slug=form.slug.data or "",
                              description=form.description.data or "", now=utcnow())
        flash(_("Topic saved."), "success")
        return redirect(url_for("threads.topic", slug=topic.slug))
    return round_trip(form, act, "topics/form.html", topic=topic, archive_form=ActionForm())


@bp.route("/topics/<slug>/archive", methods=["POST"])
@login_required
def archive(slug: str):
    """Archive a topic, or reopen an archived one (admins)."""
    services.check_can_manage_topics(current_user, utcnow())
    topic = services.get_topic(db.session, slug)

    def act() -> None:
        services.set_archived(db.session, current_user, topic, not topic.is_archived, now=utcnow())
        flash(_("Topic archived.") if topic.is_archived else _("Topic reopened."), "success")
    return press(ActionForm(), act, url_for("threads.topic", slug=topic.slug))
