"""The data pages: "Your data" (download), deleting your account, an admin's erasure."""
from __future__ import annotations

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template,
                   url_for)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.accounts.models import User
from forum.accounts.views import admin_bp
from forum.db import db, utcnow
from forum.forms import ActionForm, press, round_trip
from forum.i18n import _
from forum.limits import account_limit_keys, forget_limit_keys
from forum.mail import outbox_path
from forum.privacy.erasure import (check_can_erase, delete_own_account, erase_account,
                                   forget_outbox_mail)
from forum.privacy.export import exports_path, find_export, latest_export, request_export
from forum.privacy.forms import DeleteAccountForm, EraseAccountForm
from forum.privacy.rules import can_download_export
from forum.security.sessions import no_store
from forum.security.views.sign_in import signed_out

bp = Blueprint("privacy", __name__)
#: nested in the accounts admin blueprint: /admin/users/<id>/erase, admins only
admin = Blueprint("privacy_admin", __name__)


@bp.route("/account/data")
@login_required
@no_store
def data() -> ResponseReturnValue:
    """Your data: prepare a download of it, and fetch the last one while it lasts."""
    return render_template("privacy/data.html", export=latest_export(db.session, current_user),
                           at=utcnow(), days=current_app.config["EXPORT_DAYS"])


@bp.route("/account/data/prepare", methods=["POST"])
@login_required
def prepare() -> ResponseReturnValue:
    """Ask for a new download; a job prepares it and an email says when it is ready."""
    def act() -> None:
        request_export(db.session, current_user, now=utcnow(),
                       days=int(current_app.config["EXPORT_DAYS"]))
        flash(_("Your download is being prepared. We will email you when it is ready; it "
                "usually takes a minute."), "success")
    return press(ActionForm(), act, url_for("privacy.data"))


@bp.route("/account/data/<token>")
@login_required
@no_store
def download(token: str) -> ResponseReturnValue:
    """The JSON file of one download: its owner only, until it expires (then 410)."""
    now = utcnow()
    export = find_export(db.session, token)
    if export is None or not can_download_export(current_user, export, now) \
            or export.ready_at is None:
        abort(404, "There is no such download. Prepare a new one on the “Your data” page.")
    path = exports_path() / export.file_name
    if export.is_expired(now) or not path.is_file():
        return render_template("privacy/gone.html"), 410
    name = f"my-data-{export.ready_at:%Y-%m-%d}.json"
    return Response(path.read_bytes(), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@no_store
def delete_account() -> ResponseReturnValue:
    """Delete your account after your password (and second factor); you are signed out."""
    form = DeleteAccountForm()
    user: User = current_user._get_current_object()
    user_id, email = user.id, user.email

    def act() -> ResponseReturnValue:
        delete_own_account(db.session, user, password=form.password.data or "",
                           code=form.code.data or "", now=utcnow(),
                           delete_posts=bool(form.delete_posts.data))
        db.session.commit()
        _forget_elsewhere(user_id, email)
        signed_out(_("Your account is deleted. Thank you for taking part."), "success")
        return redirect(url_for("threads.topics"))
    return round_trip(form, act, "privacy/delete.html", user=user)


def _forget_elsewhere(user_id: int, email: str) -> None:
    """What lives outside the database: rate-limit counters and development mail."""
    forget_limit_keys(current_app, account_limit_keys(user_id, email))
    forget_outbox_mail(outbox_path(), email)


@admin.route("/users/<id:user_id>/erase", methods=["GET", "POST"])
def erase(user_id: int) -> ResponseReturnValue:
    """An admin erases someone's account on their request, with a reason (logged)."""
    user = db.get_or_404(User, user_id, description=_("There is no such user."))
    form = EraseAccountForm()
    user_id, email = user.id, user.email

    def act() -> ResponseReturnValue:
        erase_account(db.session, current_user, user, now=utcnow(),
                      delete_posts=bool(form.delete_posts.data), reason=form.reason.data)
        db.session.commit()
        _forget_elsewhere(user_id, email)
        flash(_("The account is erased. It is shown as “Former participant” from now on."),
              "success")
        return redirect(url_for("admin.users"))
    return round_trip(form, act, "privacy/erase.html",
                      check=lambda: check_can_erase(current_user, user, utcnow()), user=user)


# nested once, when this module is first imported (a blueprint takes no children after an app
# has registered it): its URLs start /admin and its endpoints admin.privacy_admin.*
admin_bp.register_blueprint(admin)
