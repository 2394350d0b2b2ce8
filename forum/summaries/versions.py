"""A summary and its points in other languages."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.bilingual.services import (MARKDOWN_VERSION_HINT, Part, TextField, limited,
                                     save_versions)
from forum.errors import NotAllowed
from forum.i18n import _, _l
from forum.summaries.citations import render_summary
from forum.summaries.models import Summary, SummaryPoint
from forum.summaries.rules import can_translate_summary
from forum.threads.services import clean_body

#: a point's version, like the point, is one paragraph
POINT_MAX = 2000


def parts(session: Session, summary: Summary, *, per_page: int) -> list[Part]:
    """The summary's text, then each of its points (once submitted), to translate."""
    def render(text: str) -> str:
        return render_summary(session, summary.thread, text, per_page=per_page).html
    body = TextField("body", _l("Summary"), clean=clean_body, render=render, multiline=True,
                     hint=MARKDOWN_VERSION_HINT)
    point = TextField("text", _l("Point"), clean=limited(POINT_MAX), multiline=True)
    points = session.scalars(select(SummaryPoint).where(SummaryPoint.summary_id == summary.id)
                             .order_by(SummaryPoint.position))
    return [Part("body", summary, body)] + [
        Part(f"point_{p.id}", p, point,
             heading=_("Point %(num)s, as submitted to the council", num=p.position + 1),
             group="points", row_id=p.id)
        for p in points]


def check_can_translate(actor: User | None, summary: Summary, now: datetime) -> Summary:
    """Return ``summary`` if ``actor`` may write its versions, else refuse (403)."""
    if not can_translate_summary(actor, summary, now):
        raise NotAllowed(_("Only moderators can write a summary's versions in other "
                           "languages."), code="not_moderator")
    return summary


def save(session: Session, actor: User, summary: Summary, language: str,
         values: dict[str, str], *, now: datetime, per_page: int,
         token: str | None = None) -> Summary:
    """Save the ``language`` version of the summary and its points (by part key)."""
    check_can_translate(actor, summary, now)
    save_versions(session, actor, parts(session, summary, per_page=per_page), language, values,
                  now=now, token=token)
    return summary


