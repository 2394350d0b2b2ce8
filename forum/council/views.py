"""Council pages: the inbox, recording the response, reporting progress."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum.council import services
from forum.council.forms import UpdateForm, response_form
from forum.council.rules import can_view_council_inbox, why_cannot_respond, why_cannot_update
from forum.council.sections import sections
from forum.db import db, utcnow
from forum.errors import DomainError, Invalid, NotAllowed
from forum.summaries.services import get_summary

bp = Blueprint("council", __name__)


@bp.route("/council")
@login_required
def inbox():
    """Summaries submitted to the council and awaiting its response, oldest first."""
    now = utcnow()
    if not can_view_council_inbox(current_user, None, now):
        raise NotAllowed("Only councillors can see the council inbox.")
    waiting = db.session.scalars(services.inbox()).unique().all()
    return render_template("council/inbox.html", summaries=waiting, at=now,
                           due_days=current_app.config["RESPONSE_DUE_DAYS"])


@bp.route("/summaries/<id:summary_id>/respond", methods=["GET", "POST"])
@login_required
def respond(summary_id: int):
    """Record the council's response: overall decision, explanation, a decision per section."""
    now = utcnow()
    summary = get_summary(db.session, summary_id, current_user, now=now)
    error = why_cannot_respond(current_user, summary, now)
    form = response_form(sections(summary.body))
    if error is not None:
        if not form.is_submitted():
            raise error
        form.form_errors.append(error.message)
        return _respond_page(summary, form), error.status
    if form.is_submitted() and form.validate_and_explain():
        try:
            services.respond(db.session, current_user, summary, decision=form.decision.data or "",
                             body=form.body.data or "", points=form.points(), now=now)
        except Invalid as invalid:
            db.session.rollback()
            form.attach(invalid)
        else:
            db.session.commit()
            flash("The council's response is published; everyone who took part has been "
                  "notified.", "success")
            return redirect(url_for("summaries.show", summary_id=summary.id, _anchor="response"))
    return _respond_page(summary, form), 422 if form.is_submitted() else 200


def _respond_page(summary, form) -> str:  # noqa: ANN001
    return render_template("council/respond.html", summary=summary, thread=summary.thread,
                           form=form)


@bp.route("/summaries/<id:summary_id>/updates/new", methods=["GET", "POST"])
@login_required
def add_update(summary_id: int):
    """Add a dated progress update ("We did"), optionally marking the work complete."""
    now = utcnow()
    summary = get_summary(db.session, summary_id, current_user, now=now)
    error = why_cannot_update(current_user, summary, now)
    form = UpdateForm()
    if error is not None:
        if not form.is_submitted():
            raise error
        form.form_errors.append(error.message)
        return _update_page(summary, form), error.status
    if form.is_submitted() and form.validate_and_explain():
        try:
            services.add_update(db.session, current_user, summary, body=form.body.data or "",
                                complete=bool(form.complete.data), now=now)
        except DomainError as failure:
            db.session.rollback()
            form.attach(failure)
        else:
            db.session.commit()
            flash("The progress update is published." + (
                " The response is marked complete." if form.complete.data else ""), "success")
            return redirect(url_for("summaries.show", summary_id=summary.id, _anchor="response"))
    return _update_page(summary, form), 422 if form.is_submitted() else 200


def _update_page(summary, form) -> str:  # noqa: ANN001
    return render_template("council/update.html", summary=summary, thread=summary.thread,
                           form=form)
