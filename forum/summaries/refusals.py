"""The template helper telling a moderator when a summary can go to the council."""
from __future__ import annotations

from flask_login import current_user

from forum.db import utcnow
from forum.i18n import _
from forum.permissions import actor_or_none
from forum.summaries.models import Summary
from forum.summaries.rules import why_cannot
from forum.timefmt import localtime


def submit_waits(summary: Summary) -> str:
    """Say when the current user can submit ``summary``, if only an open consultation stands
    in the way (empty otherwise: they may submit it now, or may never)."""
    error = why_cannot(actor_or_none(current_user), summary, "submit", utcnow())
    if error is None or error.code != "consultation_open":
        return ""
    closes_at = getattr(summary.thread, "closes_at", None)
    if closes_at is None:
        return _("“Submit to the council” appears here once the consultation closes: the "
                 "council answers a consultation's summary only when everyone has had their "
                 "say.")
    return _("“Submit to the council” appears here once the consultation closes, on %(date)s: "
             "the council answers a consultation's summary only when everyone has had their "
             "say.", date=localtime(closes_at))
