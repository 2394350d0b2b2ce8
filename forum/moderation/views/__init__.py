"""Moderation pages: every page about reports, hiding, locks, suspensions and appeals (all
``Cache-Control: no-store``). The public transparency report is in :mod:`forum.overview`."""
from __future__ import annotations

from flask import Blueprint, Response

bp = Blueprint("moderation", __name__)


@bp.after_request
def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


from forum.moderation.views import actions, appeals, queue  # noqa: E402,F401
