"""Consultation pages: post one, extend its deadline, close it early; template helpers
for the banner, the timeline and the home page list."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum.consultations import services
from forum.consultations.banner import Banner, consultation_banner
from forum.consultations.dates import format_when
from forum.consultations.forms import CloseForm, ConsultationForm, ExtendForm
from forum.consultations.timeline import Step, consultation_timeline, summary_for
from forum.db import db, utcnow
from forum.errors import Invalid, NotAllowed
from forum.settings import forum_zone
from forum.threads.models import Thread
from forum.threads.rules import can_manage_consultation
from forum.threads.services import get_thread
from forum.topics.services import get_topic

bp = Blueprint("consultations", __name__)

#: how many open consultations the home page lists
HOME_LIMIT = 10


@bp.route("/topics/<slug>/consultations/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    """Post a consultation in a topic (councillors and admins)."""
    now = utcnow()
    topic = get_topic(db.session, slug)
    services.ensure_can_post(current_user, topic, now)
    form = ConsultationForm()
    if form.is_submitted() and form.validate_and_explain():
        try:
            thread = services.post_consultation(
                db.session, current_user, topic, title=form.title.data or "",
                question=form.question.data or "", body=form.body.data or "",
                opens_at=form.opens_at.data, closes_at=form.closes_at.data, now=now)
        except Invalid as error:
            db.session.rollback()
            form.attach(error)
        else:
            db.session.commit()
            flash("Your consultation is published." if not thread.is_upcoming(now) else
                  "Your consultation is scheduled. Only you and staff can see it until it "
                  "opens.", "success")
            return redirect(url_for("posts.thread", thread_id=thread.id))
    return render_template("consultations/new.html", form=form, topic=topic), \
        422 if form.is_submitted() else 200


def _managed_thread(thread_id: int) -> Thread:
    """Load a consultation the current user may extend or close, or refuse."""
    now = utcnow()
    thread = get_thread(db.session, thread_id, current_user, now=now)
    if not can_manage_consultation(current_user, thread, now):
        if thread.is_consultation and thread.is_closed(now):
            raise NotAllowed("This consultation is closed; its dates can no longer change.")
        raise NotAllowed("Only the councillor who posted this consultation, or an "
                         "administrator, can change its dates.")
    return thread


@bp.route("/threads/<id:thread_id>/extend", methods=["GET", "POST"])
@login_required
def extend(thread_id: int):
    """Move the closing time of an open consultation later."""
    thread = _managed_thread(thread_id)
    form = ExtendForm(data={"closes_at": thread.closes_at})
    if form.is_submitted() and form.validate_and_explain():
        try:
            services.extend_consultation(db.session, current_user, thread,
                                         closes_at=form.closes_at.data, now=utcnow(),
                                         zone=forum_zone())
        except Invalid as error:
            db.session.rollback()
            form.attach(error)
        else:
            db.session.commit()
            flash("The closing time is extended.", "success")
            return redirect(url_for("posts.thread", thread_id=thread.id))
    return render_template("consultations/extend.html", form=form, thread=thread), \
        422 if form.is_submitted() else 200


@bp.route("/threads/<id:thread_id>/close", methods=["GET", "POST"])
@login_required
def close(thread_id: int):
    """Close an open consultation early, with a reason shown to everyone."""
    thread = _managed_thread(thread_id)
    form = CloseForm()
    if form.is_submitted() and form.validate_and_explain():
        try:
            services.close_consultation(db.session, current_user, thread,
                                        reason=form.reason.data, now=utcnow())
        except Invalid as error:
            db.session.rollback()
            form.attach(error)
        else:
            db.session.commit()
            flash("The consultation is closed.", "success")
            return redirect(url_for("posts.thread", thread_id=thread.id))
    return render_template("consultations/close.html", form=form, thread=thread), \
        422 if form.is_submitted() else 200


@bp.app_template_global("consultation_banner")
def banner_for(thread: Thread) -> Banner | None:
    """The status banner of a consultation now (``None`` for a discussion)."""
    return consultation_banner(thread, utcnow(), forum_zone())


@bp.app_template_global("consultation_steps")
def steps_for(thread: Thread, summary: object = None) -> list[Step]:
    """The consultation's timeline now, with its summary if one is known."""
    return consultation_timeline(thread, utcnow(), summary or summary_for(thread))


@bp.app_template_global("open_consultations")
def open_consultations(limit: int = HOME_LIMIT) -> list[Thread]:
    """The open consultations, closing soonest first."""
    return list(db.session.scalars(services.open_consultations(utcnow()).limit(limit)))


@bp.app_template_filter("when")
def when(value, with_year: bool = False) -> str:  # noqa: ANN001
    """Show a date like the banner does: "Friday 4 December, 17:00" (year if not this one)."""
    return format_when(value, forum_zone(), None if with_year else utcnow()) if value else ""
