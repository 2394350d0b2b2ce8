"""Sign-in pages: registering, signing in and out (with the second step), the account page
with its sign-ins, passwords, and setting up two-step sign-in. One blueprint, ``security``."""
from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue

from forum.forms import BaseForm

from forum.inputs import SECRET_FIELDS

bp = Blueprint("security", __name__)


def kept_fields() -> list[tuple[str, str]]:
    """Text from a form that sign-in interrupted (sent along as ``kept-<name>``)."""
    return [(k[5:], v) for k, v in request.form.items(multi=True)
            if k.startswith("kept-") and k[5:] not in SECRET_FIELDS]


def not_signed_in(form: BaseForm, answer: ResponseReturnValue) -> ResponseReturnValue:
    """A sign-in step that was sent and did not sign anyone in, whatever stopped it (a wrong
    password or code, an expired form, a refusal), is answered 401."""
    if isinstance(answer, tuple) and form.is_submitted():
        return answer[0], 401
    return answer


# The pages register themselves on ``bp`` when imported.
from forum.security.views import (account, email, passwords, sign_in,  # noqa: E402,F401
                                  tokens, two_factor)
