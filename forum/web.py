"""Request plumbing shared by every page: sign-in loading, blueprints, template helpers."""
from __future__ import annotations


from flask import Flask, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from forum.inputs import SECRET_FIELDS, whole_number  # SECRET_FIELDS is re-exported
from forum.db import db, utcnow
from forum.extensions import login_manager
from forum.accounts.rules import shows_badge
from forum.permissions import can
from forum.timefmt import datetime_attr, localtime, relative_time


def init_app(app: Flask) -> None:
    """Register blueprints, the user loader, security headers and template helpers."""
    from forum import api
    from forum.accounts import views as accounts
    from forum.consultations import views as consultations
    from forum.council import views as council
    from forum.moderation import views as moderation
    from forum.notifications import views as notifications
    from forum.outcomes import views as outcomes
    from forum.overview import views as overview
    from forum.posts import views as posts
    from forum.security import views as security
    from forum.summaries import views as summaries
    from forum.threads import views as threads
    from forum.topics import views as topics

    for bp in (accounts.bp, topics.bp, threads.bp, posts.bp, accounts.admin_bp,
               notifications.bp, consultations.bp, security.bp, summaries.bp, council.bp,
               outcomes.bp, moderation.bp, overview.bp):
        app.register_blueprint(bp)
    api.register(app)
    from forum.security import init_app as init_security
    init_security(app)

    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    app.after_request(security_headers)
    app.jinja_env.globals.update(can=can, now=utcnow, site_name=app.config["SITE_NAME"],
                                 contribute_refusal=contribute_refusal, shows_badge=shows_badge,
                                 unread_notifications=unread_notifications)
    app.jinja_env.filters.update(localtime=localtime, datetime_attr=datetime_attr,
                                 relative=relative_time)


def contribute_refusal(thread) -> str:  # noqa: ANN001
    """Say why the current user may not contribute to ``thread`` (empty if they may)."""
    from forum.permissions import actor_or_none
    from forum.threads.rules import why_cannot_contribute
    reason = why_cannot_contribute(actor_or_none(current_user), thread, utcnow())
    return reason[1] if reason else ""


def unread_notifications() -> int:
    """The current user's unread notification count (for the bell)."""
    from forum.notifications.services import unread_count
    return unread_count(db.session, current_user) if current_user.is_authenticated else 0


def load_user(session_key: str):
    """Load the user of the sign-in record a session or remember-me cookie names, if live."""
    from forum.security.sessions import load_session_user
    return load_session_user(session_key)


def unauthorized():
    """Anonymous visitor on a members-only page: API 401, a sign-in page keeping any typed text."""
    from forum.errors import json_error, wants_json
    if wants_json():
        return json_error(401, "unauthorized", "Sign in (send a bearer token) to do this.")
    if request.method == "POST":
        from forum.accounts.forms import LoginForm
        kept = [(k, v) for k, v in request.form.items(multi=True) if k not in SECRET_FIELDS]
        form = LoginForm(formdata=None, next=request.path)
        return render_template("accounts/login.html", form=form, kept=kept,
                               expired=True), 401
    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))


def security_headers(response):  # noqa: ANN001, ANN201
    """Add the security headers every response carries."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy",
                       "default-src 'self'; script-src 'self'; style-src 'self'; "
                       "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
                       "form-action 'self'; frame-ancestors 'none'")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config["ENV"] == "production":
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if current_user.is_authenticated and "Cache-Control" not in headers:
        headers["Cache-Control"] = "private, no-cache"
    return response
