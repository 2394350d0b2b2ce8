"""The notifications page."""
from __future__ import annotations

from flask import Blueprint, Response, render_template, request, url_for
from flask_login import current_user, login_required

from forum.inputs import page_arg
from forum.db import db, utcnow
from forum.forms import ActionForm, press
from forum.notifications import services
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
