"""A forgotten password: asking for a reset link, and choosing a new password from it."""
from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from forum.accounts.emails import normalise_email
from forum.db import db, utcnow
from forum.forms import round_trip
from forum.i18n import _
from forum.limits import reset_limits
from forum.security.credentials import reset_password as reset_password_of
from forum.security.forms import ResetPasswordForm, ResetRequestForm
from forum.security.reset import queue_reset_link, send_password_changed, user_for_reset_token
from forum.security.sessions import end_current_session, no_store
from forum.security.views import bp
from forum.security.views.sign_in import signed_out


@bp.route("/password/forgot", methods=["GET", "POST"])
@reset_limits
@no_store
def forgot_password() -> ResponseReturnValue:
    """Send a reset link; every address gets the same answer, as fast (a job looks it up)."""
    form = ResetRequestForm()

    def act() -> ResponseReturnValue:
        email = normalise_email(form.email.data or "")
        queue_reset_link(db.session, email)
        return render_template("security/forgot_sent.html", email=email)
    return round_trip(form, act, "security/forgot.html")


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@no_store
def reset_password(token: str) -> ResponseReturnValue:
    """Choose a new password from a reset link (valid for an hour, once)."""
    user = user_for_reset_token(db.session, token, secret_key=current_app.secret_key,
                                now=utcnow())
    if user is None:
        return render_template("security/reset_invalid.html"), 400
    form = ResetPasswordForm()

    def act() -> ResponseReturnValue:
        reset_password_of(db.session, user, new=form.new_password.data or "")
        end_current_session()  # whoever was signed in here is signed out too
        send_password_changed(db.session, user)
        signed_out(_("Your password is changed and every device was signed out. Sign in with "
                     "your new password."), "success")
        return redirect(url_for("security.login"))
    return round_trip(form, act, "security/reset.html", token=token)
