"""Consultation pages: post one, extend its deadline, close it early; template helpers
for the banner (the timeline and the home page lists are the outcomes package's)."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.bilingual.views import edit_versions
from forum.consultations import services, versions
from forum.consultations.banner import Banner, consultation_banner
from forum.consultations.dates import format_when
from forum.consultations.forms import CloseForm, ConsultationForm, ExtendForm
from forum.consultations.models import Consultation
from forum.db import db, utcnow
from forum.forms import round_trip
from forum.i18n import _
from forum.limits import post_limit, preview_limit
from forum.settings import forum_zone
from forum.threads.models import Thread
from forum.threads.services import get_thread, preview_text
from forum.topics.services import get_topic

bp = Blueprint("consultations", __name__)


@bp.route("/topics/<slug>/consultations/new", methods=["GET", "POST"])
@login_required
@post_limit
@preview_limit
def create(slug: str):
    """Post a consultation in a topic (councillors and admins)."""
    now = utcnow()
    topic = get_topic(db.session, slug)
    services.ensure_can_post(current_user, topic, now)
    form = ConsultationForm()

    def act() -> ResponseReturnValue:
        if form.previewing:
            html = preview_text(current_user, form.body.data or "", now=now)
            return render_template("consultations/new.html", form=form, topic=topic,
                                   preview_html=html), 200
        thread = services.post_consultation(
            db.session, current_user, topic, title=form.title.data or "",
            question=form.question.data or "", body=form.body.data or "",
            opens_at=form.opens_at.data, closes_at=form.closes_at.data, now=now,
            language=form.language.data)
        flash(_("Your consultation is published.") if not thread.is_upcoming(now) else
              _("Your consultation is scheduled. Only you and staff can see it until it "
                "opens."), "success")
        return redirect(url_for("posts.thread", thread_id=thread.id))
    return round_trip(form, act, "consultations/new.html", topic=topic)


def _managed(thread_id: int) -> Consultation:
    """Load a consultation the current user may extend or close, or refuse."""
    now = utcnow()
    thread = get_thread(db.session, thread_id, current_user, now=now)
    return services.require_manageable(current_user, thread, now)


@bp.route("/threads/<id:thread_id>/extend", methods=["GET", "POST"])
@login_required
def extend(thread_id: int):
    """Move the closing time of an open consultation later."""
    thread = _managed(thread_id)
    form = ExtendForm(data={"closes_at": thread.closes_at})

    def act() -> ResponseReturnValue:
        services.extend_consultation(db.session, current_user, thread,
                                     closes_at=form.closes_at.data, now=utcnow(),
                                     zone=forum_zone())
        flash(_("The closing time is extended."), "success")
        return redirect(url_for("posts.thread", thread_id=thread.id))
    return round_trip(form, act, "consultations/extend.html", thread=thread)


@bp.route("/threads/<id:thread_id>/close", methods=["GET", "POST"])
@login_required
def close(thread_id: int):
    """Close an open consultation early, with a reason shown to everyone."""
    thread = _managed(thread_id)
    form = CloseForm()

    def act() -> ResponseReturnValue:
        services.close_consultation(db.session, current_user, thread,
                                    reason=form.reason.data, now=utcnow())
        flash(_("The consultation is closed."), "success")
        return redirect(url_for("posts.thread", thread_id=thread.id))
    return round_trip(form, act, "consultations/close.html", thread=thread)


@bp.route("/threads/<id:thread_id>/versions", methods=["GET", "POST"])
@login_required
def translate(thread_id: int):
    """Write the consultation's title, question and background in another language, side by
    side with the original."""
    now = utcnow()
    thread = get_thread(db.session, thread_id, current_user, now=now)
    consultation = versions.check_can_translate(current_user, thread, now)
    return edit_versions(
        versions.parts(consultation),
        title=_("Versions in other languages: “%(title)s”", title=consultation.title),
        back=url_for("posts.thread", thread_id=consultation.id),
        check=lambda: versions.check_can_translate(current_user, consultation, now),
        save=lambda language, texts, token: versions.save(
            db.session, current_user, consultation, language, texts, now=now, token=token),
        thread=consultation)


@bp.app_template_test("consultation")
def is_consultation(thread: object) -> bool:
    """``{% if thread is consultation %}``: the thread is a consultation."""
    return isinstance(thread, Consultation)


@bp.app_template_global("consultation_banner")
def banner_for(thread: Thread) -> Banner | None:
    """The status banner of a consultation now (``None`` for a discussion)."""
    return consultation_banner(thread, utcnow(), forum_zone())


@bp.app_template_filter("when")
def when(value: datetime | None, with_year: bool = False) -> str:
    """Show a date like the banner does: "Friday 4 December, 17:00" (year if not this one)."""
    return format_when(value, forum_zone(), None if with_year else utcnow()) if value else ""

