"""Sign-in pages: registering, signing in and out (with the second step), the account page
with its sign-ins, passwords, and setting up two-step sign-in. One blueprint, ``security``."""
from __future__ import annotations

from flask import Blueprint, request

from forum.inputs import SECRET_FIELDS

bp = Blueprint("security", __name__)


def kept_fields() -> list[tuple[str, str]]:
    """Text from a form that sign-in interrupted (sent along as ``kept-<name>``)."""
    return [(k[5:], v) for k, v in request.form.items(multi=True)
            if k.startswith("kept-") and k[5:] not in SECRET_FIELDS]


# The pages register themselves on ``bp`` when imported.
from forum.security.views import account, passwords, sign_in, two_factor  # noqa: E402,F401
