"""Moderation pages. ``bp`` holds every page about reports, hiding, locks, suspensions and
appeals (all ``Cache-Control: no-store``); ``public_bp`` holds the transparency report."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("moderation", __name__)
public_bp = Blueprint("transparency", __name__)


@bp.after_request
def _no_store(response):  # noqa: ANN001, ANN202
    response.headers["Cache-Control"] = "no-store"
    return response


from forum.moderation.views import actions, appeals, public, queue  # noqa: E402,F401
