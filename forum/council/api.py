"""The council's response and progress updates in the JSON API."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app

from forum.jsonapi import Call, author_json, endpoint, iso, require_user, text_field
from forum.council import services
from forum.council.models import CouncilResponse, ResponseUpdate
from forum.db import db, utcnow
from forum.errors import Invalid
from forum.summaries.models import Summary
from forum.summaries.services import get_summary

bp = Blueprint("council", __name__)


def update_json(update: ResponseUpdate) -> dict[str, Any]:
    """Serialise one progress update."""
    return {"id": update.id, "body": update.body, "body_html": update.body_html,
            "created_at": iso(update.created_at), "author": author_json(update.author)}


def response_json(response: CouncilResponse) -> dict[str, Any]:
    """Serialise the council's response with its points and updates."""
    return {"decision": response.decision.value, "decision_label": response.decision.label,
            "body": response.body, "body_html": response.body_html,
            "created_at": iso(response.created_at), "author": author_json(response.author),
            "points": [{"section": p.section, "decision": p.decision.value, "body": p.body}
                       for p in response.points],
            "updates": [update_json(u) for u in response.updates],
            "complete": response.is_complete, "completed_at": iso(response.completed_at)}


def summary_response(summary: Summary) -> dict[str, Any] | None:
    """The council's response as part of a summary's JSON (``None`` until it answers)."""
    return response_json(summary.response) if summary.response else None


def _points(data: dict[str, Any]) -> list[services.Point]:
    raw = data.get("points")
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise Invalid("“points” must be a list of {section, decision, body}.", field="points")
    points = []
    for item in raw:
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str)
                                                 for k in ("section", "decision", "body")):
            raise Invalid("Each point needs “section”, “decision” and “body” as strings.",
                          field="points")
        points.append(services.Point(item["section"], item["decision"], item["body"]))
    return points


@bp.post("/summaries/<id:summary_id>/response")
@endpoint(body=True, status=201)
def respond(call: Call, summary_id: int):
    """Record the council's response: ``{"decision", "body", "points"?}`` → 201."""
    summary = get_summary(db.session, summary_id, call.actor, now=call.now)
    response = services.respond(db.session, call.actor, summary,
                                decision=text_field(call.data, "decision"),
                                body=text_field(call.data, "body"), points=_points(call.data),
                                now=call.now)
    return response_json(response)


@bp.post("/summaries/<id:summary_id>/response/updates")
@endpoint(body=True, status=201)
def add_update(call: Call, summary_id: int):
    """Add a progress update: ``{"body", "complete"?}`` → 201 with the whole response."""
    summary = get_summary(db.session, summary_id, call.actor, now=call.now)
    complete = call.data.get("complete", False)
    if not isinstance(complete, bool):
        raise Invalid("“complete” must be true or false.", field="complete")
    services.add_update(db.session, call.actor, summary, body=text_field(call.data, "body"),
                        complete=complete, now=call.now)
    return response_json(summary.response)


@bp.get("/council/inbox")
def inbox():
    """Summaries awaiting the council's response, oldest first (councillors and admins)."""
    actor = require_user()
    now = utcnow()
    services.require_inbox_reader(actor, now)
    due_days = current_app.config["RESPONSE_DUE_DAYS"]
    return {"summaries": [
        {"id": s.id, "thread_id": s.thread_id, "title": s.thread.title,
         "submitted_at": iso(s.submitted_at), "days_waiting": (now - s.submitted_at).days,
         "response_due_at": iso(s.due_at(due_days)),
         "overdue": s.is_overdue(now, due_days)}
        for s in db.session.scalars(services.inbox()).unique()]}
