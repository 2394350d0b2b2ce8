"""Council operations: the inbox, the response (draft, publish, correct), progress updates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from forum.db import savepoint
from forum.accounts.models import User
from forum.council.models import (SUMMARY_DECISIONS, CouncilResponse, Decision, ResponsePoint,
                                  ResponseRevision, ResponseUpdate)
from forum.council.rules import can_view_council_inbox, why_cannot_respond, why_cannot_update
from forum.council.signals import response_published, response_saved, update_added
from forum.errors import Conflict, Invalid, NotAllowed
from forum.i18n import _, ngettext
from forum.markup import STAFF_MARKUP_COST, render_markdown
from forum.summaries.models import Summary, SummaryPoint
from forum.threads.models import Thread
from forum.threads.services import clean_body

POINT_MAX = 500
UPDATE_MAX = 2000


@dataclass
class Answer:
    """The council's answer to one summary point, as given by the councillor."""

    point_id: int
    decision: str
    body: str
    next_update_due: date | None = None


def require_inbox_reader(actor: User | None, now: datetime) -> None:
    """Refuse (403) anyone who may not read the council inbox."""
    if not can_view_council_inbox(actor, None, now):
        raise NotAllowed(_("Only councillors can see the council inbox."))


def require_can_respond(actor: User | None, summary: Summary, now: datetime,
                        move: str = "draft") -> None:
    """Refuse ``move`` (draft, publish, correct) on the response with the error that says why."""
    error = why_cannot_respond(actor, summary, now, move)
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


def parse_decision(value: Any, field: str = "decision",
                   allowed: tuple[Decision, ...] = SUMMARY_DECISIONS) -> Decision:
    """Turn input into one of the ``allowed`` decisions or raise :class:`Invalid` naming
    ``field``."""
    try:
        decision = Decision(value)
    except ValueError:
        decision = None
    if decision not in allowed:
        raise Invalid(_("Choose a decision: %(decisions)s.",
                        decisions=", ".join(d.value for d in allowed)), field=field)
    return decision


def _answer(point: SummaryPoint, given: Answer, now: datetime) -> ResponsePoint | None:
    """Check one answer; ``None`` when the point is left unanswered (nothing given)."""
    number, field = point.position + 1, f"point_{point.id}"
    body = " ".join((given.body or "").split())
    if not given.decision and not body and given.next_update_due is None:
        return None
    if not given.decision:
        raise Invalid(_("Choose the council's decision on point %(number)d.", number=number),
                      field=f"{field}_decision")
    decision = parse_decision(given.decision, f"{field}_decision")
    if not body:
        raise Invalid(_("Write a sentence explaining the decision on point %(number)d.",
                        number=number), field=f"{field}_body")
    if len(body) > POINT_MAX:
        raise Invalid(_("Keep the explanation of point %(number)d to %(most)d characters or "
                        "fewer.", number=number, most=POINT_MAX), field=f"{field}_body")
    due = given.next_update_due
    if due is not None and not decision.takes_due_date:
        raise Invalid(_("A date for the next update on point %(number)d can only be set when "
                        "the decision is “Already happening” or “Needs more work”.",
                        number=number), field=f"{field}_due")
    if due is not None and due < now.date():
        raise Invalid(_("The date for the next update on point %(number)d is in the past.",
                        number=number), field=f"{field}_due")
    return ResponsePoint(point_id=point.id, decision=decision, body=body, next_update_due=due)


def _answers(summary: Summary, answers: list[Answer], now: datetime) -> list[ResponsePoint]:
    """Check that each answer is to a distinct point of the summary; return them in order."""
    points = {p.id: p for p in summary.points}
    chosen: dict[int, ResponsePoint] = {}
    for given in answers:
        point = points.get(given.point_id)
        if point is None:
            if points:
                raise Invalid(_("%(id)s is not the id of a point of this summary; its points "
                                "are %(ids)s.", id=given.point_id,
                                ids=", ".join(str(i) for i in points)), field="points")
            raise Invalid(_("%(id)s is not the id of a point of this summary; it has no "
                            "points.", id=given.point_id), field="points")
        if point.id in chosen:
            raise Invalid(_("Point %(number)d is answered twice.", number=point.position + 1),
                          field="points")
        found = _answer(point, given, now)
        if found is not None:
            chosen[point.id] = found
    return [chosen[p.id] for p in summary.points if p.id in chosen]


def unanswered(summary: Summary, answered: list[ResponsePoint]) -> list[SummaryPoint]:
    """The points of ``summary`` that ``answered`` gives no decision on."""
    ids = {a.point_id for a in answered}
    return [p for p in summary.points if p.id not in ids]


def _apply(response: CouncilResponse, answers: list[ResponsePoint]) -> None:
    """Update the response's answers in place (an unchanged legacy answer keeps its heading)."""
    old = {p.point_id: p for p in response.points}
    for new in answers:
        kept = old.pop(new.point_id, None)
        if kept is None:
            response.points.append(new)
            continue
        if (kept.decision, kept.body) != (new.decision, new.body):
            kept.section = None
        kept.decision, kept.body, kept.next_update_due = new.decision, new.body, \
            new.next_update_due
    for gone in old.values():
        response.points.remove(gone)


def snapshot(session: Session, response: CouncilResponse, actor: User, now: datetime) -> None:
    """Add the public revision of the response as it now stands."""
    number = (session.scalar(select(func.count()).where(
        ResponseRevision.response_id == response.id)) or 0) + 1
    response.revisions.append(ResponseRevision(
        number=number, created_at=now, editor_id=actor.id, decision=response.decision,
        body=response.body, body_html=response.body_html,
        answers=[{"point_id": p.point_id, "decision": p.decision.value, "body": p.body,
                  "next_update_due": p.next_update_due.isoformat() if p.next_update_due
                  else None} for p in response.points]))


def save_response(session: Session, actor: User, summary: Summary, *, decision: str, body: str,
                  answers: list[Answer], now: datetime) -> CouncilResponse:
    """Save the draft response (residents see nothing yet), or correct the published one.

    A draft may leave points unanswered; a correction answers every point and adds a
    public revision.
    """
    response = summary.response
    correcting = response is not None and response.is_published
    require_can_respond(actor, summary, now, "correct" if correcting else "draft")
    chosen, body = parse_decision(decision), clean_body(body)
    given = _answers(summary, answers, now)
    missing = unanswered(summary, given)
    if correcting and missing:
        raise Invalid(_("Choose the council's decision on point %(number)d: a published "
                        "response answers every point.", number=missing[0].position + 1),
                      field=f"point_{missing[0].id}_decision")
    if response is None:
        response = new_response(session, actor, now, summary_id=summary.id)
        summary.response = response
    write_text(response, decision=chosen, body=body, now=now)
    _apply(response, given)
    if correcting:
        keep_correction(session, actor, response, now)
    session.flush()
    response_saved.send(session, response=response, actor=actor, now=now)
    return response


def write_text(response: CouncilResponse, *, decision: Decision, body: str,
               now: datetime) -> None:
    """Write the decision and the explanation into ``response``, rendered once, here."""
    response.decision, response.body, response.updated_at = decision, body, now
    response.body_html = render_markdown(body, budget=STAFF_MARKUP_COST)


def keep_correction(session: Session, actor: User, response: CouncilResponse,
                    now: datetime) -> None:
    """Mark the published response corrected and keep a public revision of what it says."""
    response.corrected_at = now
    session.flush()
    snapshot(session, response, actor, now)


def new_response(session: Session, actor: User, now: datetime, *,
                 summary_id: int | None = None, thread_id: int | None = None) -> CouncilResponse:
    """Start the draft answering a summary or a thread; a councillor who started one at the
    same moment wins (409)."""
    response = CouncilResponse(summary_id=summary_id, thread_id=thread_id,
                               decision=Decision.AGREED, body="", body_html="", created_at=now,
                               updated_at=now, author_id=actor.id)
    try:
        with savepoint(session):
            session.add(response)
            session.flush()
    except IntegrityError:
        raise Conflict(_("Another councillor started this response at the same moment; open "
                         "it again to edit their draft."), code="response_exists") from None
    return response


def mark_published(session: Session, actor: User, response: CouncilResponse, *,
                   now: datetime) -> None:
    """Publish ``response`` once (a conditional ``UPDATE``: of two councillors publishing
    together one gets 409) and record its first public revision."""
    won = session.execute(
        update(CouncilResponse).where(CouncilResponse.id == response.id,
                                      CouncilResponse.published_at.is_(None))
        .values(published_at=now).execution_options(synchronize_session=False))
    if won.rowcount != 1:
        raise Conflict("The council's response has just been published.", code="wrong_state")
    set_committed_value(response, "published_at", now)
    snapshot(session, response, actor, now)


def publish_response(session: Session, actor: User, summary: Summary, *,
                     now: datetime) -> CouncilResponse:
    """Publish the draft response: residents read it and everyone who took part is notified."""
    require_can_respond(actor, summary, now, "publish")
    response = summary.response
    missing = unanswered(summary, response.points)
    if missing:
        raise Conflict(ngettext("Answer every point before publishing: %(missing)d of %(num)d "
                                "point has no decision yet (the first is point %(first)d).",
                                "Answer every point before publishing: %(missing)d of %(num)d "
                                "points have no decision yet (the first is point %(first)d).",
                                len(summary.points), missing=len(missing),
                                first=missing[0].position + 1), code="unanswered_points")
    mark_published(session, actor, response, now=now)
    summary.responded_at, summary.responded_by_id = now, actor.id
    response_published.send(session, response=response, actor=actor, now=now)
    session.flush()
    return response


def add_update(session: Session, actor: User, summary: Summary, *, body: str,
               complete: bool = False, point_id: int | None = None,
               now: datetime) -> ResponseUpdate:
    """Add a dated progress update, on one point (``point_id``) or the response as a whole;
    ``complete`` marks the work done."""
    require_can_update(actor, summary, now)
    body = clean_body(body)
    if len(body) > UPDATE_MAX:
        raise Invalid(_("Keep an update to %(most)s characters or fewer.",
                        most=f"{UPDATE_MAX:,}"), field="body")
    if point_id is not None and point_id not in {p.id for p in summary.points}:
        raise Invalid(_("Choose one of this summary's points, or none for the response as a "
                        "whole."), field="point")
    update_ = append_update(session, actor, summary.response, body=body, complete=complete,
                            point_id=point_id, now=now)
    update_added.send(session, update=update_, summary=summary, actor=actor, now=now)
    return update_


def append_update(session: Session, actor: User, response: CouncilResponse, *, body: str,
                  complete: bool, now: datetime, point_id: int | None = None) -> ResponseUpdate:
    """Add a checked progress update to ``response``; ``complete`` marks the work done."""
    update_ = ResponseUpdate(body=body, body_html=render_markdown(body, budget=STAFF_MARKUP_COST),
                             created_at=now, author_id=actor.id, point_id=point_id)
    response.updates.append(update_)
    if complete:
        response.completed_at, response.completed_by_id = now, actor.id
    session.flush()
    return update_


def revisions(session: Session, response: CouncilResponse) -> list[ResponseRevision]:
    """The public revisions of ``response``, newest first."""
    return list(session.scalars(select(ResponseRevision).options(
        joinedload(ResponseRevision.editor)).where(ResponseRevision.response_id == response.id)
        .order_by(ResponseRevision.number.desc())))
