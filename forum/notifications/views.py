"""The notifications page, the notification settings and one-click unsubscribe."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.i18n import _
from forum.inputs import page_arg
from forum.db import db, utcnow
from forum.forms import ActionForm, press, round_trip
from forum.notifications import follows, services
from forum.notifications.forms import AutoFollowForm, form_for
from forum.notifications.grouping import by_thread
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
    return render_template("notifications/index.html", page=page, form=ActionForm(),
                           groups=by_thread(db.session, page.items))


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
        flash(_("Your notification settings are saved."), "success")
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


@bp.route(f"/follows/<{follows.URL_KINDS}:kind>/<id:target_id>", methods=["POST"])
@login_required
def follow(kind: str, target_id: int):
    """Follow a thread, a topic or a person, then go back."""
    def act() -> None:
        follows.follow(db.session, current_user, follows.parse_kind(kind), target_id,
                       now=utcnow())
        flash(_("You now follow it: you will hear about what happens there."), "success")
    return press(ActionForm(), act, safe_next(request.form.get("next"), url_for(".follows_page")))


@bp.route(f"/follows/<{follows.URL_KINDS}:kind>/<id:target_id>/unfollow", methods=["POST"])
@login_required
def unfollow(kind: str, target_id: int):
    """Stop following, then go back."""
    def act() -> None:
        follows.unfollow(db.session, current_user, follows.parse_kind(kind), target_id)
        flash(_("You no longer follow it."), "success")
    return press(ActionForm(), act, safe_next(request.form.get("next"), url_for(".follows_page")))


@bp.route("/account/follows")
@login_required
def follows_page():
    """What the signed-in user follows, with unfollow buttons and the auto-follow setting."""
    return render_template("notifications/follows.html", form=ActionForm(),
                           rows=follows.followed(db.session, current_user))


@bp.route("/account/auto-follow", methods=["POST"])
@login_required
def auto_follow():
    """Turn following on starting, replying or endorsing on or off."""
    form = AutoFollowForm()

    def act() -> None:
        follows.set_auto_follow(db.session, current_user, form.on.data == "1")
        flash(_("Threads you take part in are now followed automatically.")
              if form.on.data == "1"
              else _("Threads you take part in are no longer followed automatically."), "success")
    return press(form, act, safe_next(request.form.get("next"), url_for(".follows_page")))
