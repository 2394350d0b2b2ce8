"""The ``/api/v1`` parent blueprint: bearer-token sign-in, CSRF for cookie sessions, and the
domain API blueprints nested under it (a composition root: nothing imports it back).

Errors are turned into ``{"error": {"code", "message"}}`` by :mod:`forum.errors`; the
helpers every endpoint uses are in :mod:`forum.jsonapi`.
"""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from forum.accounts.api import bp as accounts
from forum.accounts.services import find_token, note_token_use
from forum.consultations.api import bp as consultations
from forum.council.api import bp as council
from forum.db import db, utcnow
from forum.errors import json_error
from forum.extensions import csrf
from forum.jsonapi import Unauthorized
from forum.moderation.api import bp as moderation
from forum.notifications.api import bp as notifications
from forum.posts.api import bp as posts
from forum.proposals.answer_api import bp as proposal_answers
from forum.proposals.api import bp as proposals
from forum.search.api import bp as search
from forum.security.api import bp as tokens
from forum.security.sessions import check_token_user
from forum.summaries.api import bp as summaries
from forum.threads.api import bp as threads
from forum.topics.api import bp as topics

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Nested once, when this module is imported; each app then registers the parent.
for _child in (tokens, topics, threads, posts, notifications, consultations, summaries,
               council, moderation, accounts, search, proposals, proposal_answers):
    bp.register_blueprint(_child)


@bp.before_request
def _authenticate():
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, raw = header.partition(" ")
        token = find_token(db.session, raw.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise Unauthorized("The bearer token is missing, malformed or revoked.")
        if note_token_use(db.session, token, now=utcnow()):
            # Read-only endpoints never commit, so the stamp is committed here, on its own,
            # before the view runs (as the sign-in records' last-seen time is).
            db.session.commit()
        user = token.user
        g._login_user = user
        g.token_auth = True
        check_token_user(user)
        return None
    if request.method not in ("GET", "HEAD", "OPTIONS") and current_app.config["WTF_CSRF_ENABLED"] \
            and request.endpoint != "api.tokens.create" and current_user.is_authenticated:
        csrf.protect()
    return None


@bp.errorhandler(CSRFError)
def _csrf_failed(error: CSRFError):
    return json_error(400, "csrf_failed",
                      "Cookie-authenticated API calls need an X-CSRFToken header; "
                      "or use a bearer token.")


def register(app: Flask) -> None:
    """Attach ``/api/v1`` and every domain API under it to ``app``."""
    app.register_blueprint(bp)
