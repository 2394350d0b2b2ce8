"""Council operations: the inbox, recording the response, progress updates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from forum.accounts.models import User
from forum.council.models import CouncilResponse, Decision, ResponsePoint, ResponseUpdate
from forum.council.rules import can_view_council_inbox, why_cannot_respond, why_cannot_update
from forum.council.sections import sections
from forum.council.signals import response_published
from forum.errors import Invalid, NotAllowed
from forum.markup import STAFF_MARKUP_COST, render_markdown
from forum.summaries.models import Summary
from forum.threads.models import Thread
from forum.threads.services import clean_body

POINT_MAX = 500
UPDATE_MAX = 2000


@dataclass
class Point:
    """The council's answer to one section, as given by the councillor."""

    section: str
    decision: str
    body: str


def require_inbox_reader(actor: User | None, now: datetime) -> None:
    """Refuse (403) anyone who may not read the council inbox."""
    if not can_view_council_inbox(actor, None, now):
        raise NotAllowed("Only councillors can see the council inbox.")


def require_can_respond(actor: User | None, summary: Summary, now: datetime) -> None:
    """Refuse recording the council's response with the error that says why."""
    error = why_cannot_respond(actor, summary, now)
    if error is not None:
        raise error


def require_can_update(actor: User | None, summary: Summary, now: datetime) -> None:
    """Refuse a progress update on the response with the error that says why."""
    error = why_cannot_update(actor, summary, now)
    if error is not None:
        raise error


def inbox() -> Select:
    """Select the summaries awaiting the council's response, oldest submission first."""
    return (select(Summary).options(joinedload(Summary.thread).joinedload(Thread.topic),
                                    joinedload(Summary.submitted_by))
            .where(Summary.awaits_response)
            .order_by(Summary.submitted_at.asc(), Summary.id.asc()))


def parse_decision(value: Any, field: str = "decision") -> Decision:
    """Turn input into a :class:`Decision` or raise :class:`Invalid` naming ``field``."""
    try:
        return Decision(value)
    except ValueError:
        raise Invalid("Choose a decision: adopted, adopted_in_part, not_adopted or deferred.",
                      field=field) from None


def _points(summary: Summary, points: list[Point]) -> list[ResponsePoint]:
    """Check each point answers a distinct section of the summary; return them in order."""
    known = sections(summary.body)
    chosen: dict[str, ResponsePoint] = {}
    for point in points:
        if point.section not in known:
            raise Invalid(f"“{point.section[:80]}” is not a section of this summary; its "
                          f"sections are: {', '.join(known) or 'none'}.", field="points")
        if point.section in chosen:
            raise Invalid(f"The section “{point.section[:80]}” is answered twice.",
                          field="points")
        body = " ".join((point.body or "").split())
        if not body:
            raise Invalid(f"Write a sentence explaining the decision on “{point.section[:80]}”.",
                          field="points")
        if len(body) > POINT_MAX:
            raise Invalid(f"Keep the explanation of “{point.section[:80]}” to {POINT_MAX} "
                          "characters or fewer.", field="points")
        chosen[point.section] = ResponsePoint(
            position=known.index(point.section), section=point.section[:200],
            decision=parse_decision(point.decision, "points"), body=body)
    return sorted(chosen.values(), key=lambda p: p.position)


def respond(session: Session, actor: User, summary: Summary, *, decision: str, body: str,
            points: list[Point] | None = None, now: datetime) -> CouncilResponse:
    """Record the council's response: a decision, an explanation, and answers per section.

    Participants of the thread are notified.
    """
    require_can_respond(actor, summary, now)
    chosen = parse_decision(decision)
    body = clean_body(body)
    response = CouncilResponse(summary=summary, decision=chosen, body=body,
                               body_html=render_markdown(body, budget=STAFF_MARKUP_COST),
                               created_at=now, author_id=actor.id,
                               points=_points(summary, points or []))
    session.add(response)
    summary.responded_at, summary.responded_by_id = now, actor.id
    response_published.send(session, response=response, actor=actor, now=now)
    session.flush()
    return response


def add_update(session: Session, actor: User, summary: Summary, *, body: str,
               complete: bool = False, now: datetime) -> ResponseUpdate:
    """Add a dated progress update to the response; ``complete`` marks the work done."""
    require_can_update(actor, summary, now)
    body = clean_body(body)
    if len(body) > UPDATE_MAX:
        raise Invalid(f"Keep an update to {UPDATE_MAX:,} characters or fewer.", field="body")
    response = summary.response
    update = ResponseUpdate(body=body, body_html=render_markdown(body, budget=STAFF_MARKUP_COST),
                            created_at=now, author_id=actor.id)
    response.updates.append(update)
    if complete:
        response.completed_at, response.completed_by_id = now, actor.id
    session.flush()
    return update
