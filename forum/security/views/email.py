"""Confirming an email address: the link from the mail, asking for a new link, and changing
the address of an account."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.accounts import confirmation
from forum.db import db, utcnow
from forum.errors import DomainError
from forum.forms import ActionForm, press, round_trip
from forum.i18n import _
from forum.limits import confirm_limit
from forum.redirects import safe_next
from forum.security.forms import ChangeEmailForm
from forum.security.sessions import no_store
from forum.security.views import bp


@bp.route("/account/confirm/<token>")
@no_store
def confirm_email(token: str) -> ResponseReturnValue:
    """Confirm the address a link names (a new account's, or a new address); works once."""
    try:
        user = confirmation.confirm_email(db.session, token, secret_key=current_app.secret_key,
                                          now=utcnow())
    except DomainError as error:
        db.session.rollback()
        return render_template("security/confirm_invalid.html", message=error.message), \
            error.status
    db.session.commit()
    if current_user.is_authenticated and current_user.id == user.id:
        flash(_("Your email address %(email)s is confirmed. You can now take part.",
                email=user.email),
              "success")
        return redirect(url_for("threads.topics"))
    flash(_("Your email address %(email)s is confirmed. Sign in to take part.",
            email=user.email), "success")
    return redirect(url_for("security.login"))


@bp.route("/account/confirm", methods=["POST"])
@login_required
@confirm_limit
def resend_confirmation() -> ResponseReturnValue:
    """Mail a new confirmation link (limited per account)."""
    back = safe_next(request.form.get("next"), url_for("security.account"))

    def act() -> None:
        sent_to = confirmation.send_confirmation(db.session, current_user, now=utcnow())
        if sent_to is None:
            flash(_("Your email address is already confirmed."), "info")
        else:
            flash(_("We have sent a new confirmation link to %(sent_to)s. It works for 48 hours.",
                    sent_to=sent_to), "success")
    return press(ActionForm(), act, back)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
@confirm_limit
@no_store
def change_email() -> ResponseReturnValue:
    """Ask to change the address (needs the password); it changes once the link is opened."""
    form = ChangeEmailForm()

    def act() -> ResponseReturnValue:
        new = confirmation.request_email_change(
            db.session, current_user, email=form.email.data or "",
            password=form.current_password.data or "", now=utcnow())
        flash(_("We have sent a confirmation link to %(new)s. Your address changes when you "
                "open it; until then, keep using your current address.", new=new), "success")
        return redirect(url_for("security.account"))
    return round_trip(form, act, "security/email.html")
