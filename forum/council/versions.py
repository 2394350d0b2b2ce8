"""The council's response to a summary, and its answer on each point, in other languages."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, contains_eager

from forum.accounts.models import User
from forum.bilingual.services import (MARKDOWN_VERSION_HINT, Part, TextField, limited,
                                     save_versions)
from forum.council.models import CouncilResponse, ResponsePoint
from forum.council.rules import can_translate_response
from forum.council.services import POINT_MAX
from forum.errors import NotAllowed
from forum.i18n import _, _l
from forum.markup import STAFF_MARKUP_COST, render_markdown
from forum.summaries.models import Summary, SummaryPoint
from forum.threads.services import clean_body

BODY = TextField("body", _l("Explanation of the decision"), clean=clean_body,
                 render=lambda text: render_markdown(text, budget=STAFF_MARKUP_COST),
                 multiline=True, hint=MARKDOWN_VERSION_HINT)
ANSWER = TextField("body", _l("The council’s answer"), clean=limited(POINT_MAX), multiline=True)


def parts(session: Session, response: CouncilResponse) -> list[Part]:
    """The response's explanation, then its answer on each point in the summary's order (one
    query; a proposal's answer has no points), to translate."""
    answers = session.scalars(
        select(ResponsePoint).join(ResponsePoint.point)
        .options(contains_eager(ResponsePoint.point))
        .where(ResponsePoint.response_id == response.id).order_by(SummaryPoint.position))
    return [Part("body", response, BODY)] + [
        Part(f"answer_{answer.id}", answer, ANSWER,
             heading=_("Point %(num)s: %(point)s", num=answer.point.position + 1,
                       point=answer.point.current_text), group="answers", row_id=answer.point_id)
        for answer in answers]


def save_response(session: Session, actor: User, response: CouncilResponse, language: str,
                  values: dict[str, str], *, now: datetime, token: str | None = None) -> None:
    """Save the ``language`` version of a response and its answers (by part key), once its
    package has checked that ``actor`` may."""
    save_versions(session, actor, parts(session, response), language, values, now=now,
                  token=token)


def check_can_translate(actor: User | None, summary: Summary, now: datetime) -> CouncilResponse:
    """Return the response to ``summary`` if ``actor`` may write its versions, else refuse."""
    if not can_translate_response(actor, summary, now):
        raise NotAllowed(_("Only councillors can write the council’s response in other "
                           "languages, once it has been drafted."), code="not_councillor")
    return summary.response


def save(session: Session, actor: User, summary: Summary, language: str,
         values: dict[str, str], *, now: datetime, token: str | None = None) -> CouncilResponse:
    """Save the ``language`` version of the response to ``summary`` and its answers."""
    response = check_can_translate(actor, summary, now)
    save_response(session, actor, response, language, values, now=now, token=token)
    return response
