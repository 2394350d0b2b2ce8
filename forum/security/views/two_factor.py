"""Two-step sign-in: the code page after the password, and setting it up for staff."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from forum.db import db, utcnow
from forum.errors import Invalid
from forum.forms import press, round_trip
from forum.i18n import _
from forum.limits import code_limit
from forum.redirects import safe_next
from forum.security import two_factor
from forum.security.forms import CodeForm, PasswordConfirmForm, SetupForm
from forum.security.rules import has_two_factor, may_turn_off_two_factor
from forum.security.sessions import (PENDING, finish_sign_in, no_store, pending_user,
                                     start_session)
from forum.security.views import bp, kept_fields, not_signed_in

#: session key holding the secret being set up, until the first code proves it
SETUP_SECRET = "totp_setup"


@bp.route("/login/code", methods=["GET", "POST"])
@code_limit
@no_store
def code() -> ResponseReturnValue:
    """Second step of sign-in: the authenticator (or a recovery) code."""
    user = pending_user(db.session)
    if user is None:
        flash(_("Your sign-in took too long or was not started. Sign in again."), "info")
        return redirect(url_for("security.login"))
    form = CodeForm()
    kept = kept_fields()

    def act() -> ResponseReturnValue:
        if not two_factor.verify_second_factor(db.session, user, form.code.data or "",
                                               now=utcnow()):
            raise Invalid(_("That code is not right, or it was already used. Enter the code "
                            "your app shows now."), field="code")
        pending = session[PENDING]
        start_session(user, remember=bool(pending.get("remember")))
        return finish_sign_in(safe_next(pending.get("next"), url_for("threads.topics")), kept)
    return not_signed_in(form, round_trip(form, act, "security/code.html", kept=kept))


def _require_setup_right() -> None:
    two_factor.require_two_factor_setup(current_user, utcnow())


@bp.route("/account/two-factor")
@login_required
@no_store
def status() -> ResponseReturnValue:
    """Whether two-step sign-in is on, with the ways to change it."""
    _require_setup_right()
    left = two_factor.recovery_codes_left(db.session, current_user)
    policy = current_app.config["STAFF_2FA"]
    return render_template("security/status.html", enabled=has_two_factor(current_user),
                           codes_left=left, form=PasswordConfirmForm(),
                           may_turn_off=may_turn_off_two_factor(current_user, policy))


@bp.route("/account/two-factor/setup", methods=["GET", "POST"])
@login_required
@no_store
def setup() -> ResponseReturnValue:
    """Show a new secret, then turn two-step sign-in on once a code proves the app has it."""
    _require_setup_right()
    if has_two_factor(current_user):
        return redirect(url_for("security.status"))
    secret = session.get(SETUP_SECRET) or two_factor.new_secret()
    session[SETUP_SECRET] = secret
    form = SetupForm()

    def act() -> ResponseReturnValue:
        codes = two_factor.enable_two_factor(db.session, current_user, secret=secret,
                                             code=form.code.data or "", now=utcnow())
        session.pop(SETUP_SECRET, None)
        flash(_("Two-step sign-in is on. Keep your recovery codes somewhere safe."), "success")
        return render_template("security/recovery_codes.html", codes=codes)
    uri = two_factor.provisioning_uri(current_user, secret, current_app.config["SITE_NAME"])
    return round_trip(form, act, "security/setup.html", secret=secret, uri=uri)


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@login_required
@no_store
def recovery_codes() -> ResponseReturnValue:
    """Replace the recovery codes (needs the password); shows the new ones once."""
    _require_setup_right()
    form = PasswordConfirmForm()

    def act() -> ResponseReturnValue:
        codes = two_factor.regenerate_recovery_codes(
            db.session, current_user, password=form.password.data or "", now=utcnow())
        return render_template("security/recovery_codes.html", codes=codes)
    return press(form, act, url_for("security.status"), flash_refusals=True)


@bp.route("/account/two-factor/disable", methods=["POST"])
@login_required
@no_store
def disable() -> ResponseReturnValue:
    """Turn two-step sign-in off (needs the password; refused when the policy requires it)."""
    _require_setup_right()
    form = PasswordConfirmForm()

    def act() -> None:
        two_factor.disable_two_factor(db.session, current_user,
                                      password=form.password.data or "",
                                      policy=current_app.config["STAFF_2FA"])
        flash(_("Two-step sign-in is off."), "success")
    return press(form, act, url_for("security.status"), flash_refusals=True)
