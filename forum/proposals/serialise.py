"""Proposals in JSON: as lists show them, and one proposal with its authors, timeline and the
council's answer (the API's shapes; the exports flatten their own)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.council.api import answer_json
from forum.council.models import CouncilResponse
from forum.council.thread_responses import thread_response
from forum.jsonapi import author_json, iso
from forum.proposals import services
from forum.proposals.answer import answer_timing, due_at
from forum.proposals.answer_rules import can_view_answer
from forum.proposals.models import Proposal
from forum.proposals.panel import days_left, stage_label, timeline
from forum.proposals.rules import can_read_proposal_text
from forum.threads.api import thread_json
from forum.urls import external_url


#: the fields of a proposal's own words, left empty for those who may not read them
TEXT_FIELDS = ("problem", "problem_html", "body", "body_html")


def _withheld(out: dict[str, Any], proposal: Proposal, actor: User | None,
              now: datetime) -> dict[str, Any]:
    """``out`` with the proposal's words emptied (``null``) when ``actor`` may not read them
    (a proposal refused under the house rules), and ``text_withheld`` saying so."""
    withheld = not can_read_proposal_text(actor, proposal, now)
    if withheld:
        out.update({name: None for name in TEXT_FIELDS if name in out})
    return out | {"text_withheld": withheld}


def proposal_json(proposal: Proposal, actor: User | None, *, now: datetime,
                  answered_at: datetime | None = None) -> dict[str, Any]:
    """Serialise a proposal as lists show it to ``actor``: the thread's fields, where it
    stands and its count (``answered_at``: when the council's answer was published)."""
    stage = proposal.stage(now)
    return _withheld(thread_json(proposal, now=now), proposal, actor, now) | {
        "state": (proposal.proposal_state or stage).value, "stage": stage.value,
        "stage_label": stage_label(stage), "total_supports": proposal.total_supports,
        "published_at": iso(proposal.published_at), "deadline": iso(proposal.collect_until),
        "days_left": days_left(proposal, now), "qualified_at": iso(proposal.qualified_at),
        "answered_at": iso(answered_at),
        "url": external_url("posts.thread", thread_id=proposal.id)}


def proposal_answer_json(response: CouncilResponse) -> dict[str, Any]:
    """Serialise the council's answer to a proposal (and the consultation it became)."""
    return answer_json(response) | {"consultation_id": response.consultation_id}


def proposal_detail_json(session: Session, proposal: Proposal, actor: User | None, *,
                         now: datetime, due_days: int) -> dict[str, Any]:
    """Serialise one proposal: the list fields, its texts, authors and timeline, the council's
    answer ``actor`` may read with when it is due, and whether ``actor`` supports it."""
    found = thread_response(session, proposal.id)
    response = found if found is not None and can_view_answer(actor, proposal, now) else None
    published = found.published_at if found is not None else None
    texts = _withheld({"body": proposal.body, "body_html": proposal.body_html,
                       "problem_html": proposal.problem_html}, proposal, actor, now)
    return proposal_json(proposal, actor, now=now, answered_at=published) | texts | {
        "edited_at": iso(proposal.edited_at),
        "coauthors": [author_json(c.user) for c in proposal.coauthors],
        "timeline": [{"at": iso(step.at), "state": step.state.value if step.state else None,
                      "label": step.label, "note": step.note,
                      "actor": author_json(step.actor) if step.actor is not None else None}
                     for step in timeline(session, proposal, now)],
        "answer": proposal_answer_json(response) if response is not None else None,
        "answer_due_at": iso(due_at(proposal, due_days)),
        "answer_timing": answer_timing(proposal, found, now, due_days),
        "supported": services.supports(session, actor, proposal)}
