"""The council's answer to a thread that is not a summary: a residents' proposal.

It is the same response as a summary's (a draft, a preview, publication, public corrections
with revisions, dated progress updates, completion), only without per-point answers, and
it may link the consultation the thread was turned into.

The council knows nothing of the kinds of thread above it. A kind that the council answers
checks its own rules (may this thread be answered now, and by whom?) before calling these
functions, and registers an :class:`InboxSource` so that its threads awaiting an answer
appear in the council inbox with their due dates.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from forum.accounts.models import User
from forum.consultations.models import Consultation
from forum.council.models import PROPOSAL_DECISIONS, CouncilResponse, Decision, ResponseUpdate
from forum.council.services import (UPDATE_MAX, append_update, keep_correction,
                                    mark_published, new_response, parse_decision, write_text)
from forum.council.signals import thread_response_changed
from forum.errors import Invalid
from forum.i18n import _
from forum.threads.models import Thread
from forum.threads.services import clean_body


@dataclass(frozen=True)
class InboxItem:
    """One thread waiting for the council's answer, as the inbox lists it."""

    #: the thread's id, and its kind (``proposal``): what programs read
    thread_id: int
    kind: str
    title: str
    #: what kind of thing it is, in words ("Residents' proposal")
    kind_label: str
    topic: str
    #: the thread's page, and where a councillor writes (or opens) the draft answer
    link: str
    respond_link: str
    #: when it started waiting (qualified), and when the answer is due
    since: datetime
    due_at: datetime
    #: a councillor has started a draft answer
    has_draft: bool

    def is_overdue(self, now: datetime) -> bool:
        """No answer published and the due date has passed."""
        return self.due_at < now


#: ``source(session, now, due_days)``: the threads of one kind awaiting an answer
InboxSource = Callable[[Session, datetime, int], list[InboxItem]]
_INBOX_SOURCES: dict[str, InboxSource] = {}


def register_inbox_source(kind: str, source: InboxSource) -> None:
    """List the threads of ``kind`` awaiting an answer in the inbox (again: replaces)."""
    _INBOX_SOURCES[kind] = source


def waiting_threads(session: Session, now: datetime, due_days: int) -> list[InboxItem]:
    """Every registered kind's threads awaiting an answer, soonest due first."""
    items = [item for source in _INBOX_SOURCES.values() for item in source(session, now, due_days)]
    return sorted(items, key=lambda item: (item.due_at, item.link))


def thread_response(session: Session, thread_id: int) -> CouncilResponse | None:
    """The response (draft or published) answering thread ``thread_id``, with its updates."""
    return session.scalars(
        select(CouncilResponse).where(CouncilResponse.thread_id == thread_id).options(
            joinedload(CouncilResponse.author), joinedload(CouncilResponse.consultation),
            joinedload(CouncilResponse.updates).joinedload(ResponseUpdate.author))
    ).unique().one_or_none()


def _consultation(session: Session, decision: Decision,
                  consultation_id: int | None) -> int | None:
    """Check the consultation a proposal was turned into: needed for that decision only."""
    if decision != Decision.CONSULTATION:
        if consultation_id is not None:
            raise Invalid(_("Link a consultation only when the decision is “Turned into a "
                            "consultation”."), field="consultation")
        return None
    if consultation_id is None:
        raise Invalid(_("Give the number of the consultation it was turned into."),
                      field="consultation")
    if session.get(Consultation, consultation_id) is None:
        raise Invalid(_("There is no consultation number %(number)d.", number=consultation_id),
                      field="consultation")
    return consultation_id


def save_thread_response(session: Session, actor: User, thread: Thread, *, decision: str,
                         body: str, consultation_id: int | None = None,
                         now: datetime) -> CouncilResponse:
    """Save the draft answer to ``thread`` (only councillors see it), or correct the
    published one with a public revision. The caller has checked the thread may be answered."""
    chosen = parse_decision(decision, allowed=PROPOSAL_DECISIONS)
    body = clean_body(body)
    linked = _consultation(session, chosen, consultation_id)
    response = thread_response(session, thread.id)
    if response is None:
        response = new_response(session, actor, now, thread_id=thread.id)
    write_text(response, decision=chosen, body=body, now=now)
    response.consultation_id = linked
    if response.is_published:
        keep_correction(session, actor, response, now)
    session.flush()
    thread_response_changed.send(session, response=response, actor=actor, now=now)
    return response


def publish_thread_response(session: Session, actor: User, response: CouncilResponse, *,
                            now: datetime) -> CouncilResponse:
    """Publish the draft answer once (409 if it has just been published)."""
    mark_published(session, actor, response, now=now)
    session.flush()
    thread_response_changed.send(session, response=response, actor=actor, now=now)
    return response


def add_thread_update(session: Session, actor: User, response: CouncilResponse, *, body: str,
                      complete: bool = False, now: datetime) -> ResponseUpdate:
    """Add a dated progress update to the published answer; ``complete`` marks it done."""
    body = clean_body(body)
    if len(body) > UPDATE_MAX:
        raise Invalid(_("Keep an update to %(max)s characters or fewer.",
                        max=f"{UPDATE_MAX:,}"), field="body")
    return append_update(session, actor, response, body=body, complete=complete, now=now)
