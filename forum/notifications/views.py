"""The notifications page, the notification settings and one-click unsubscribe."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.inputs import page_arg
from forum.db import db, utcnow
from forum.forms import ActionForm, press, round_trip
from forum.notifications import services
from forum.notifications.forms import form_for
from forum.notifications.preferences import preferences_of, set_preferences, visible_kinds
from forum.notifications.unsubscribe import read_token
from forum.notifications.unsubscribe import unsubscribe as leave
from forum.redirects import safe_next

bp = Blueprint("notifications", __name__)


@bp.after_request
def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/notifications")
@login_required
def index():
    """The signed-in user's notifications."""
    page = db.paginate(services.for_user(current_user), page=page_arg(), per_page=30,
                       error_out=False)
    return render_template("notifications/index.html", page=page, form=ActionForm())


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read_all():
    """Mark every notification as read."""
    def act() -> None:
        services.mark_read(db.session, current_user, None, now=utcnow())
    return press(ActionForm(), act, url_for("notifications.index"))


@bp.route("/notifications/<id:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id: int):
    """Mark one notification as read, then follow its link."""
    def act() -> None:
        services.mark_read(db.session, current_user, notification_id, now=utcnow())
    return press(ActionForm(), act,
                 safe_next(request.form.get("next"), url_for("notifications.index")))


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def preferences():
    """Choose, per kind, how you hear of it: in the forum only, at once, or in a digest."""
    user = current_user._get_current_object()
    kinds = visible_kinds(user)
    form = form_for(kinds, preferences_of(db.session, user))

    def act() -> ResponseReturnValue:
        set_preferences(db.session, user, {kind.name: form[kind.name].data for kind in kinds})
        flash("Your notification settings are saved.", "success")
        return redirect(url_for("notifications.preferences"))
    return round_trip(form, act, "notifications/preferences.html", kinds=kinds)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """GET: confirm leaving what the signed link names. POST: leave it (RFC 8058 one-click:
    mail clients send it without a session or CSRF token; the signed link is the proof)."""
    asked = read_token(db.session, token)
    if request.method == "POST":
        leave(db.session, asked)
        db.session.commit()
    return render_template("notifications/unsubscribe.html", request_=asked, token=token,
                           done=request.method == "POST")
