"""API tokens."""
from __future__ import annotations

from flask import Blueprint, current_app

from forum.accounts import services
from forum.jsonapi import Unauthorized, author_json, payload, text_field
from forum.db import db, utcnow
from forum.errors import NotAllowed
from forum.limits import sign_in_limits, spend_code_attempt

bp = Blueprint("tokens", __name__)


@bp.post("/tokens")
@sign_in_limits
def create():
    """Exchange an email and password (and, with two-step sign-in, a ``code``) for a token."""
    from forum.security import two_factor
    from forum.security.rules import has_two_factor, must_set_up_two_factor
    from forum.security.sessions import TWO_FACTOR_REQUIRED
    data = payload()
    user = services.authenticate(db.session, text_field(data, "email") or "",
                                 text_field(data, "password") or "")
    if user is None:
        raise Unauthorized("The email address or password is not right.",
                           code="invalid_credentials")
    now = utcnow()
    if has_two_factor(user):
        code = text_field(data, "code", required=False)
        if not code:
            raise Unauthorized("This account uses two-step sign-in: send “code” as well.",
                               code="two_factor_code_required")
        spend_code_attempt(user.id)  # shared with the code page; a right code is taken back
        if not two_factor.verify_second_factor(db.session, user, code, now=now):
            raise Unauthorized("The code is not right, or it was already used.",
                               code="invalid_code")
    elif must_set_up_two_factor(user, current_app.config["STAFF_2FA"]):
        raise NotAllowed(TWO_FACTOR_REQUIRED, code="two_factor_required")
    token = services.issue_token(db.session, user, now=now)
    db.session.commit()
    return {"token": token, "user": author_json(user)}, 201
