"""Council pages: the inbox, recording the response, reporting progress."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.council import services
from forum.council.forms import UpdateForm, response_form
from forum.council.sections import sections
from forum.db import db, utcnow
from forum.forms import round_trip
from forum.summaries.services import get_summary

bp = Blueprint("council", __name__)


@bp.route("/council")
@login_required
def inbox():
    """Summaries submitted to the council and awaiting its response, oldest first."""
    now = utcnow()
    services.require_inbox_reader(current_user, now)
    waiting = db.session.scalars(services.inbox()).unique().all()
    return render_template("council/inbox.html", summaries=waiting, at=now,
                           due_days=current_app.config["RESPONSE_DUE_DAYS"])


@bp.route("/summaries/<id:summary_id>/respond", methods=["GET", "POST"])
@login_required
def respond(summary_id: int):
    """Record the council's response: overall decision, explanation, a decision per section."""
    now = utcnow()
    summary = get_summary(db.session, summary_id, current_user, now=now)
    form = response_form(sections(summary.body))
    check = partial(services.require_can_respond, current_user, summary, now)

    def act() -> ResponseReturnValue:
        services.respond(db.session, current_user, summary, decision=form.decision.data or "",
                         body=form.body.data or "", points=form.points(), now=now)
        flash("The council's response is published; everyone who took part has been "
              "notified.", "success")
        return redirect(url_for("summaries.show", summary_id=summary.id, _anchor="response"))
    return round_trip(form, act, "council/respond.html", check=check, summary=summary,
                      thread=summary.thread)


@bp.route("/summaries/<id:summary_id>/updates/new", methods=["GET", "POST"])
@login_required
def add_update(summary_id: int):
    """Add a dated progress update ("We did"), optionally marking the work complete."""
    now = utcnow()
    summary = get_summary(db.session, summary_id, current_user, now=now)
    form = UpdateForm()
    check = partial(services.require_can_update, current_user, summary, now)

    def act() -> ResponseReturnValue:
        services.add_update(db.session, current_user, summary, body=form.body.data or "",
                            complete=bool(form.complete.data), now=now)
        flash("The progress update is published." + (
            " The response is marked complete." if form.complete.data else ""), "success")
        return redirect(url_for("summaries.show", summary_id=summary.id, _anchor="response"))
    return round_trip(form, act, "council/update.html", check=check, summary=summary,
                      thread=summary.thread)
