"""API tokens."""
from __future__ import annotations

from flask import Blueprint

from forum.accounts import services
from forum.api import Unauthorized, author_json, payload, text_field
from forum.db import db, utcnow

bp = Blueprint("tokens", __name__)


@bp.post("/tokens")
def create():
    """Exchange an email and password for a bearer token."""
    data = payload()
    user = services.authenticate(db.session, text_field(data, "email") or "",
                                 text_field(data, "password") or "")
    if user is None:
        raise Unauthorized("The email address or password is not right.",
                           code="invalid_credentials")
    token = services.issue_token(db.session, user, now=utcnow())
    db.session.commit()
    return {"token": token, "user": author_json(user)}, 201
