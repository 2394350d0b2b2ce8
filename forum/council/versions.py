"""The council's response to a summary, and its answer on each point, in other languages."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.bilingual.services import (MARKDOWN_VERSION_HINT, Part, TextField, limited,
                                     save_versions)
from forum.council.models import CouncilResponse
from forum.council.rules import can_translate_response
from forum.council.services import POINT_MAX
from forum.errors import NotAllowed
from forum.i18n import _, _l
from forum.markup import STAFF_MARKUP_COST, render_markdown
from forum.summaries.models import Summary
from forum.threads.services import clean_body

BODY = TextField("body", _l("Explanation of the decision"), clean=clean_body,
                 render=lambda text: render_markdown(text, budget=STAFF_MARKUP_COST),
                 multiline=True, hint=MARKDOWN_VERSION_HINT)
ANSWER = TextField("body", _l("The council’s answer"), clean=limited(POINT_MAX), multiline=True)


def parts(response: CouncilResponse) -> list[Part]:
    """The response's explanation, then its answer on each point, to translate."""
    answers = sorted(response.points, key=lambda answer: answer.point.position)
    return [Part("body", response, BODY)] + [
        Part(f"answer_{answer.id}", answer, ANSWER,
             heading=_("Point %(num)s: %(point)s", num=answer.point.position + 1,
                       point=answer.point.current_text), group="answers", row_id=answer.point_id)
        for answer in answers]


def check_can_translate(actor: User | None, summary: Summary, now: datetime) -> CouncilResponse:
    """Return the response to ``summary`` if ``actor`` may write its versions, else refuse."""
    if not can_translate_response(actor, summary, now):
        raise NotAllowed(_("Only councillors can write the council’s response in other "
                           "languages, once it has been drafted."), code="not_councillor")
    return summary.response


def save(session: Session, actor: User, summary: Summary, language: str,
         values: dict[str, str], *, now: datetime, token: str | None = None) -> CouncilResponse:
    """Save the ``language`` version of the response and its answers (by part key)."""
    response = check_can_translate(actor, summary, now)
    save_versions(session, actor, parts(response), language, values, now=now, token=token)
    return response
