"""Registering, signing in (the password step) and out, and the sign-in page that a
members-only page sends anonymous visitors to."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import logout_user

from forum.accounts.confirmation import request_account
from forum.db import db, utcnow
from forum.errors import json_error, wants_json
from forum.forms import ActionForm, press, round_trip
from forum.i18n import _, current_language
from forum.inputs import SECRET_FIELDS
from forum.limits import register_limit, sign_in_limits
from forum.redirects import safe_next
from forum.security.credentials import check_credentials
from forum.security.forms import CodeForm, LoginForm, RegisterForm
from forum.security.rules import has_two_factor
from forum.security.sessions import (begin_two_factor, end_current_session, finish_sign_in,
                                     no_store, start_session)
from forum.security.views import bp, kept_fields, not_signed_in


@bp.route("/register", methods=["GET", "POST"])
@register_limit
def register() -> ResponseReturnValue:
    """Ask for an account; the same answer for every address (mail says the rest)."""
    form = RegisterForm()

    def act() -> ResponseReturnValue:
        email = request_account(db.session, email=form.email.data or "",
                                display_name=form.display_name.data or "",
                                password=form.password.data or "", now=utcnow(),
                                language=current_language())
        return render_template("security/register_sent.html", email=email)
    return round_trip(form, act, "security/register.html")


@bp.route("/login", methods=["GET", "POST"])
@sign_in_limits
@no_store
def login() -> ResponseReturnValue:
    """Sign in; a sign-in that interrupted a form submission offers to send it again."""
    form = LoginForm(next=request.args.get("next", ""))
    kept = kept_fields()

    def act() -> ResponseReturnValue:
        user = check_credentials(db.session, form.email.data or "", form.password.data or "")
        target = safe_next(form.next.data, url_for("threads.topics"))
        remember = bool(form.remember.data)
        if has_two_factor(user):
            begin_two_factor(user, remember=remember, target=target)
            return render_template("security/code.html", form=CodeForm(formdata=None), kept=kept)
        start_session(user, remember=remember)
        return finish_sign_in(target, kept)
    return not_signed_in(form, round_trip(form, act, "security/login.html", kept=kept))


@bp.route("/logout", methods=["POST"])
def logout() -> ResponseReturnValue:
    """Sign out (a POST, so a link elsewhere cannot sign anyone out)."""
    def act() -> None:
        end_current_session()  # the cookies of this sign-in, even copied ones, stop working
        signed_out(_("You have signed out."))
    return press(ActionForm(), act, url_for("threads.topics"))


def signed_out(message: str, category: str = "info") -> None:
    """Forget this browser's sign-in (the session and remember-me cookies) and say so."""
    session.clear()
    logout_user()  # also deletes the remember-me cookie
    flash(message, category)


def unauthorized() -> ResponseReturnValue:
    """Anonymous visitor on a members-only page: API 401, a sign-in page keeping any typed text."""
    if wants_json():
        return json_error(401, "unauthorized", _("Sign in (send a bearer token) to do this."))
    if request.method == "POST":
        kept = [(k, v) for k, v in request.form.items(multi=True) if k not in SECRET_FIELDS]
        form = LoginForm(formdata=None, next=request.path)
        return render_template("security/login.html", form=form, kept=kept, expired=True), 401
    return redirect(url_for("security.login", next=request.full_path.rstrip("?")))
