"""Moderation in the JSON API (nested under ``/api/v1``). Every response but the public
transparency report is ``Cache-Control: no-store``."""
from __future__ import annotations

from flask import Blueprint, Response, request

bp = Blueprint("moderation", __name__)


@bp.after_request
def _no_store(response: Response) -> Response:
    if request.endpoint != "api.moderation.transparency":
        response.headers["Cache-Control"] = "no-store"
    return response


from forum.moderation.api import actions, review  # noqa: E402,F401
