"""Council pages: the inbox, the response (draft, preview, publish, correct), progress."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.bilingual.views import edit_versions
from forum.council import services, versions
from forum.council.due import overdue_points
from forum.council.forms import UpdateForm, response_form, response_form_data
from forum.council.loop import Loop, load_loop
from forum.council.thread_responses import waiting_threads
from forum.db import db, utcnow
from forum.errors import NotFound
from forum.forms import ActionForm, press, round_trip
from forum.i18n import _
from forum.permissions import actor_or_none
from forum.summaries.models import Summary
from forum.summaries.services import get_summary

bp = Blueprint("council", __name__)


@bp.app_template_global("council_loop")
def council_loop(summary: Summary, drafts: bool = False) -> Loop:
    """The summary's "You said → We decided → We did", loaded once per request."""
    cache = g.setdefault("_council_loops", {})
    if (summary.id, drafts) not in cache:
        cache[(summary.id, drafts)] = load_loop(db.session, summary, now=utcnow(),
                                                drafts=drafts)
    return cache[(summary.id, drafts)]


@bp.route("/council")
@login_required
def inbox():
    """Summaries awaiting the council's response, oldest first, the other threads awaiting
    an answer (qualified proposals), soonest due first, and overdue promised updates."""
    now = utcnow()
    services.require_inbox_reader(current_user, now)
    due_days = current_app.config["RESPONSE_DUE_DAYS"]
    waiting = db.session.scalars(services.inbox()).unique().all()
    return render_template("council/inbox.html", summaries=waiting, at=now,
                           threads=waiting_threads(db.session, now, due_days),
                           overdue=db.session.execute(overdue_points(now)).all(),
                           due_days=due_days)


@bp.route("/summaries/<id:summary_id>/respond", methods=["GET", "POST"])
@login_required
def respond(summary_id: int):
    """Write the council's response as a draft (point by point), or correct the published one."""
    now = utcnow()
    summary = get_summary(db.session, summary_id, current_user, now=now)
    response = summary.response
    correcting = response is not None and response.is_published
    saved = None if request.method == "POST" or response is None else \
        response_form_data(response)
    form = response_form(summary.points, data=saved)
    check = partial(services.require_can_respond, current_user, summary, now,
                    "correct" if correcting else "draft")

    def act() -> ResponseReturnValue:
        services.save_response(db.session, current_user, summary,
                               decision=form.decision.data or "", body=form.body.data or "",
                               answers=form.answers(), now=now)
        if correcting:
            flash(_("The correction is published. The earlier version stays in the "
                    "response's public revision history."), "success")
            return redirect(url_for("summaries.show", summary_id=summary.id, _anchor="response"))
        flash(_("The draft response is saved. Only councillors can see it: check it below as "
                "residents will see it, then publish it."), "success")
        return redirect(url_for("council.preview", summary_id=summary.id))
    return round_trip(form, act, "council/respond.html", check=check, summary=summary,
                      thread=summary.thread, correcting=correcting)


@bp.route("/summaries/<id:summary_id>/response/versions", methods=["GET", "POST"])
@login_required
def translate(summary_id: int):
    """Write the council's response and its answers in another language, side by side with
    the original."""
    now = utcnow()
    summary = get_summary(db.session, summary_id, current_user, now=now)
    response = versions.check_can_translate(current_user, summary, now)
    back = url_for("summaries.show", summary_id=summary.id, _anchor="response") \
        if response.is_published else url_for("council.preview", summary_id=summary.id)
    return edit_versions(
        versions.parts(db.session, response),
        title=_("Versions in other languages: the council’s response on “%(title)s”",
                title=summary.thread.title),
        back=back, check=lambda: versions.check_can_translate(current_user, summary, now),
        save=lambda language, texts, token: versions.save(
            db.session, current_user, summary, language, texts, now=now, token=token),
        thread=summary.thread)


@bp.route("/summaries/<id:summary_id>/response/preview")
@login_required
def preview(summary_id: int):
    """The draft response exactly as residents will see it, with the button to publish it."""
    now = utcnow()
    summary = get_summary(db.session, summary_id, current_user, now=now)
    services.require_can_respond(current_user, summary, now, "publish")
    return render_template("council/preview.html", summary=summary, thread=summary.thread,
                           missing=services.unanswered(summary, summary.response.points))


@bp.route("/summaries/<id:summary_id>/response/publish", methods=["POST"])
@login_required
def publish(summary_id: int):
    """Publish the draft response: residents see it and everyone who took part is told."""
    now = utcnow()
    summary = get_summary(db.session, summary_id, current_user, now=now)

    def act() -> ResponseReturnValue:
        services.publish_response(db.session, current_user, summary, now=now)
        flash(_("The council's response is published; everyone who took part has been "
                "notified."), "success")
        return redirect(url_for("summaries.show", summary_id=summary.id, _anchor="response"))
    return press(ActionForm(), act, url_for("council.preview", summary_id=summary.id))


@bp.route("/summaries/<id:summary_id>/response/revisions")
def revisions(summary_id: int):
    """The published response's public revisions: as published, then each correction."""
    now = utcnow()
    summary = get_summary(db.session, summary_id, actor_or_none(current_user), now=now)
    if summary.response is None or not summary.response.is_published:
        raise NotFound(_("The council has not published a response to this summary."))
    points = {p.id: p for p in summary.points}
    return render_template("council/revisions.html", summary=summary, thread=summary.thread,
                           revisions=services.revisions(db.session, summary.response),
                           points=points)


@bp.route("/summaries/<id:summary_id>/updates/new", methods=["GET", "POST"])
@login_required
def add_update(summary_id: int):
    """Add a dated progress update ("We did") on a point or the whole response."""
    now = utcnow()
    summary = get_summary(db.session, summary_id, current_user, now=now)
    form = UpdateForm(point=request.args.get("point", ""))
    form.offer(summary.points)
    check = partial(services.require_can_update, current_user, summary, now)

    def act() -> ResponseReturnValue:
        services.add_update(db.session, current_user, summary, body=form.body.data or "",
                            complete=bool(form.complete.data), point_id=form.point_id(),
                            now=now)
        flash(_("The progress update is published. The response is marked complete.")
              if form.complete.data else _("The progress update is published."), "success")
        return redirect(url_for("summaries.show", summary_id=summary.id, _anchor="response"))
    return round_trip(form, act, "council/update.html", check=check, summary=summary,
                      thread=summary.thread)

