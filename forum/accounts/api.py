"""The caller's own account in the JSON API: reading it and changing the display name."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

from forum.accounts import services
from forum.accounts.models import User
from forum.db import db
from forum.jsonapi import Call, author_json, endpoint, iso, require_user, text_field

bp = Blueprint("accounts", __name__)


def account_json(user: User) -> dict[str, Any]:
    """The public view of ``user`` and what only they see: email and joining date."""
    return author_json(user) | {"email": user.email, "created_at": iso(user.created_at)}


@bp.get("/account")
def show() -> dict[str, Any]:
    """The caller's account."""
    return account_json(require_user())


@bp.patch("/account")
@endpoint(body=True)
def update(call: Call) -> dict[str, Any]:
    """Change the caller's display name (``{"display_name"}``), under the rules of names."""
    services.change_display_name(db.session, call.actor, text_field(call.data, "display_name"),
                                 now=call.now)
    return account_json(call.actor)
