"""API tokens, created with an email and password (and, with two-step sign-in, a code), and
asking for a new email confirmation link."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

from forum.accounts.confirmation import send_confirmation
from forum.accounts.services import issue_token
from forum.db import db
from forum.errors import Conflict, NotAllowed
from forum.i18n import _
from forum.jsonapi import Call, Unauthorized, author_json, endpoint, text_field
from forum.limits import confirm_limit, sign_in_limits, spend_code_attempt
from forum.security import two_factor
from forum.security.credentials import check_credentials
from forum.security.rules import has_two_factor, must_set_up_two_factor
from forum.security.sessions import TWO_FACTOR_REQUIRED

bp = Blueprint("tokens", __name__)


@bp.post("/tokens")
@sign_in_limits
@endpoint(body=True, status=201, anonymous=True)
def create(call: Call) -> dict[str, Any]:
    """Exchange an email and password (and, with two-step sign-in, a ``code``) for a token."""
    user = check_credentials(db.session, text_field(call.data, "email") or "",
                             text_field(call.data, "password") or "")
    if has_two_factor(user):
        code = text_field(call.data, "code", required=False)
        if not code:
            raise Unauthorized(_("This account uses two-step sign-in: send “code” as well."),
                               code="two_factor_code_required")
        spend_code_attempt(user.id)  # shared with the code page; a right code is taken back
        if not two_factor.verify_second_factor(db.session, user, code, now=call.now):
            raise Unauthorized(_("The code is not right, or it was already used."),
                               code="invalid_code")
    elif must_set_up_two_factor(user, current_app.config["STAFF_2FA"]):
        raise NotAllowed(TWO_FACTOR_REQUIRED, code="two_factor_required")
    name = text_field(call.data, "name", required=False) or ""
    return {"token": issue_token(db.session, user, now=call.now, name=name),
            "user": author_json(user)}


@bp.post("/account/confirmation")
@confirm_limit
@endpoint(status=202)
def resend_confirmation(call: Call) -> dict[str, Any]:
    """Mail a new confirmation link for the caller's address waiting (limited per account)."""
    sent_to = send_confirmation(db.session, call.actor, now=call.now)
    if sent_to is None:
        raise Conflict(_("Your email address is already confirmed."), code="already_confirmed")
    return {"sent_to": sent_to}
