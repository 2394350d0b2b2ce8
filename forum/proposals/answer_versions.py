"""The council's answer to a proposal in other languages: its explanation, written on the
same page of versions as a summary's response (:mod:`forum.council.versions`)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.council.models import CouncilResponse
from forum.council.versions import save_response
from forum.errors import NotAllowed
from forum.i18n import _
from forum.proposals.answer_rules import can_translate_answer
from forum.proposals.models import Proposal


def check_can_translate(actor: User | None, proposal: Proposal,
                        now: datetime) -> CouncilResponse:
    """Return the answer to ``proposal`` if ``actor`` may write its versions, else refuse."""
    if not can_translate_answer(actor, proposal, now):
        raise NotAllowed(_("Only councillors can write the council’s answer in other "
                           "languages, once it has been drafted."), code="not_councillor")
    return proposal.council_response


def save(session: Session, actor: User, proposal: Proposal, language: str,
         values: dict[str, str], *, now: datetime, token: str | None = None) -> CouncilResponse:
    """Save the ``language`` version of the answer."""
    response = check_can_translate(actor, proposal, now)
    save_response(session, actor, response, language, values, now=now, token=token)
    return response
