"""The account page with the devices signed in to it, and changing the password."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.db import db, utcnow
from forum.forms import ActionForm, press, round_trip
from forum.i18n import _
from forum.security.credentials import change_password as change_password_of
from forum.security.forms import ChangePasswordForm
from forum.security.reset import send_password_changed
from forum.security.sessions import current_session_id, idle_limit, no_store
from forum.security.signins import describe_device, end_session, end_sessions, list_sessions
from forum.security.views import bp
from forum.security.views.sign_in import signed_out

@bp.route("/account")
@login_required
@no_store
def account() -> ResponseReturnValue:
    """The signed-in user's account page, with the devices signed in to it."""
    sign_ins = db.session.scalars(list_sessions(current_user, now=utcnow(),
                                                idle=idle_limit())).all()
    return render_template("security/account.html", user=current_user, sign_ins=sign_ins,
                           this_sign_in=current_session_id(), describe_device=describe_device)


@bp.route("/account/sessions/<id:session_id>/end", methods=["POST"])
@login_required
def end_sign_in(session_id: int) -> ResponseReturnValue:
    """Sign out one of your devices (another user's is not found)."""
    def act() -> ResponseReturnValue | None:
        end_session(db.session, current_user, session_id)
        if session_id == current_session_id():
            return _signed_out_here(_("You have signed out."))
        flash(_("That device is signed out."), "success")
        return None
    return press(ActionForm(), act, url_for("security.account"))


@bp.route("/account/sessions/end", methods=["POST"])
@login_required
def end_sign_ins() -> ResponseReturnValue:
    """Sign out of every other device, or (``scope=all``) of this one too."""
    def act() -> ResponseReturnValue | None:
        everywhere = request.form.get("scope") == "all"
        ended = end_sessions(db.session, current_user,
                             keep=None if everywhere else current_session_id())
        if everywhere:
            return _signed_out_here(_("You have signed out on every device."))
        flash(_("You are signed out on every other device.") if ended
              else _("No other device was signed in."), "success")
        return None
    return press(ActionForm(), act, url_for("security.account"))


def _signed_out_here(message: str) -> ResponseReturnValue:
    signed_out(message)
    return redirect(url_for("threads.topics"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@no_store
def change_password() -> ResponseReturnValue:
    """Change the password (needs the current one); signs out every other device."""
    form = ChangePasswordForm()

    def act() -> ResponseReturnValue:
        user = current_user._get_current_object()
        change_password_of(db.session, user, current=form.current_password.data or "",
                           new=form.new_password.data or "", keep=current_session_id())
        send_password_changed(db.session, user)
        flash(_("Your password is changed. You are signed out everywhere else."), "success")
        return redirect(url_for("security.account"))
    return round_trip(form, act, "security/password.html")
