"""The council's response (draft, publish, correct) and progress updates in the JSON API."""
from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, current_app
from flask_login import current_user

from forum.i18n import _
from forum.jsonapi import Call, author_json, endpoint, iso, require_user, text_field
from forum.bilingual.services import texts_from_json
from forum.council import services, versions
from forum.council.due import overdue_points
from forum.council.loop import load_loops
from forum.council.models import CouncilResponse, ResponseRevision, ResponseUpdate
from forum.council.rules import can_view_response
from forum.council.thread_responses import waiting_threads
from forum.db import db, utcnow
from forum.errors import Invalid, NotFound
from forum.permissions import actor_or_none
from forum.summaries.models import Summary
from forum.summaries.services import get_summary

bp = Blueprint("council", __name__)


def update_json(update: ResponseUpdate) -> dict[str, Any]:
    """Serialise one progress update."""
    return {"id": update.id, "point_id": update.point_id, "body": update.body,
            "body_html": update.body_html, "created_at": iso(update.created_at),
            "author": author_json(update.author)}


def answer_json(response: CouncilResponse) -> dict[str, Any]:
    """Serialise what every council response has: the decision, its reasons, its state and
    dates, its progress updates and completion (a summary's response adds its points)."""
    return {"decision": response.decision.value, "decision_label": response.decision.label,
            "body": response.body, "body_html": response.body_html,
            "state": "published" if response.is_published else "draft",
            "created_at": iso(response.created_at), "updated_at": iso(response.updated_at),
            "published_at": iso(response.published_at),
            "corrected_at": iso(response.corrected_at), "author": author_json(response.author),
            "updates": [update_json(u) for u in response.updates],
            "complete": response.is_complete, "completed_at": iso(response.completed_at),
            "language": response.source_language(), "versions": response.versions_json()}


def response_json(response: CouncilResponse) -> dict[str, Any]:
    """Serialise the council's response with its answers per point, due marks and updates."""
    view = load_loops(db.session, [response.summary], now=utcnow(), drafts=True)
    items = {i.point.id: i for i in view[response.summary_id].points}
    return answer_json(response) | {
        "points": [{"point_id": p.point_id, "decision": p.decision.value, "body": p.body,
                    "next_update_due": p.next_update_due.isoformat()
                    if p.next_update_due else None,
                    "update_due_state": items[p.point_id].due if p.point_id in items
                    else None, "section": p.section, "versions": p.versions_json()}
                   for p in sorted(response.points, key=lambda a: a.point.position)]}


def summary_response(summary: Summary) -> dict[str, Any] | None:
    """The published response as part of a summary's JSON (``None`` until there is one)."""
    response = summary.response
    return response_json(response) if response is not None and response.is_published else None


def _due(item: dict[str, Any], number: int) -> date | None:
    raw = item.get("next_update_due")
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        pass
    raise Invalid(_("“next_update_due” of answer %(number)d must be a date as YYYY-MM-DD.",
                    number=number), field="points")


def _answers(data: dict[str, Any]) -> list[services.Answer]:
    raw = data.get("points", [])
    if not isinstance(raw, list):
        raise Invalid(_("“points” must be a list of {point_id, decision, body, "
                        "next_update_due?}."), field="points")
    answers = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("point_id"), int) \
                or not all(isinstance(item.get(k), str) for k in ("decision", "body")):
            raise Invalid(_("Each answer needs “point_id” as a number and “decision” and "
                            "“body” as strings."), field="points")
        if item.get("next_update_due") is not None and not isinstance(item["next_update_due"],
                                                                      str):
            raise Invalid(_("“next_update_due” of answer %(number)d must be a date as "
                            "YYYY-MM-DD.", number=number), field="points")
        answers.append(services.Answer(item["point_id"], item["decision"], item["body"],
                                       _due(item, number)))
    return answers


def _save(call: Call, summary_id: int) -> CouncilResponse:
    summary = get_summary(db.session, summary_id, call.actor, now=call.now)
    publish = call.data.get("publish", False)
    if not isinstance(publish, bool):
        raise Invalid(_("“publish” must be true or false."), field="publish")
    response = services.save_response(db.session, call.actor, summary,
                                      decision=text_field(call.data, "decision"),
                                      body=text_field(call.data, "body"),
                                      answers=_answers(call.data), now=call.now)
    if publish and not response.is_published:
        services.publish_response(db.session, call.actor, summary, now=call.now)
    return response


@bp.post("/summaries/<id:summary_id>/response")
@endpoint(body=True, status=201)
def respond(call: Call, summary_id: int):
    """Save the draft response ``{"decision", "body", "points"?, "publish"?}`` → 201."""
    return response_json(_save(call, summary_id))


@bp.put("/summaries/<id:summary_id>/response")
@endpoint(body=True)
def save(call: Call, summary_id: int):
    """Save the draft again, or correct the published response (a public revision) → 200."""
    return response_json(_save(call, summary_id))


@bp.put("/summaries/<id:summary_id>/response/versions/<language>")
@endpoint(body=True)
def translate(call: Call, summary_id: int, language: str):
    """Write the response's version in ``language``: ``{"body", "answers": {"<point id>":
    "…"}}`` (councillors; left out or empty: no version of that text)."""
    summary = get_summary(db.session, summary_id, call.actor, now=call.now)
    response = versions.check_can_translate(call.actor, summary, call.now)
    versions.save(db.session, call.actor, summary, language,
                  texts_from_json(versions.parts(db.session, response), call.data), now=call.now,
                  token=text_field(call.data, "token", required=False))
    return response_json(response)


@bp.post("/summaries/<id:summary_id>/response/publish")
@endpoint()
def publish(call: Call, summary_id: int):
    """Publish the draft response (every point answered) → 200."""
    summary = get_summary(db.session, summary_id, call.actor, now=call.now)
    return response_json(services.publish_response(db.session, call.actor, summary,
                                                   now=call.now))


def _readable(summary_id: int) -> CouncilResponse:
    now = utcnow()
    actor = actor_or_none(current_user)
    summary = get_summary(db.session, summary_id, actor, now=now)
    if not can_view_response(actor, summary, now):
        raise NotFound(_("The council has not published a response to this summary."))
    return summary.response


@bp.get("/summaries/<id:summary_id>/response")
def show(summary_id: int):
    """The response: published for everyone, the draft for councillors too."""
    return response_json(_readable(summary_id))


def revision_json(revision: ResponseRevision) -> dict[str, Any]:
    """Serialise one public version of the response."""
    return {"number": revision.number, "created_at": iso(revision.created_at),
            "editor": author_json(revision.editor), "decision": revision.decision.value,
            "body": revision.body, "points": revision.answers}


@bp.get("/summaries/<id:summary_id>/response/revisions")
def revisions(summary_id: int):
    """The published response's versions, newest first (a draft has none)."""
    response = _readable(summary_id)
    return {"revisions": [revision_json(r) for r in services.revisions(db.session, response)]}


@bp.post("/summaries/<id:summary_id>/response/updates")
@endpoint(body=True, status=201)
def add_update(call: Call, summary_id: int):
    """Add a progress update ``{"body", "complete"?, "point_id"?}`` → 201 with the response."""
    summary = get_summary(db.session, summary_id, call.actor, now=call.now)
    complete = call.data.get("complete", False)
    if not isinstance(complete, bool):
        raise Invalid(_("“complete” must be true or false."), field="complete")
    point_id = call.data.get("point_id")
    if point_id is not None and (not isinstance(point_id, int) or isinstance(point_id, bool)):
        raise Invalid(_("“point_id” must be the id of one of the summary's points."),
                      field="point_id")
    services.add_update(db.session, call.actor, summary, body=text_field(call.data, "body"),
                        complete=complete, point_id=point_id, now=call.now)
    return response_json(summary.response)


@bp.get("/council/inbox")
def inbox():
    """Summaries awaiting the council's response, overdue promised updates, and the other
    threads (residents' proposals) awaiting its answer."""
    actor = require_user()
    now = utcnow()
    services.require_inbox_reader(actor, now)
    due_days = current_app.config["RESPONSE_DUE_DAYS"]
    return {"summaries": [
        {"id": s.id, "thread_id": s.thread_id, "title": s.thread.title,
         "submitted_at": iso(s.submitted_at), "days_waiting": (now - s.submitted_at).days,
         "response_due_at": iso(s.due_at(due_days)),
         "overdue": s.is_overdue(now, due_days)}
        for s in db.session.scalars(services.inbox()).unique()],
        "overdue_updates": [
            {"summary_id": s.id, "point_id": a.point_id, "position": a.point.position,
             "decision": a.decision.value, "next_update_due": a.next_update_due.isoformat()}
            for a, s in db.session.execute(overdue_points(now))],
        "threads": [
            {"thread_id": t.thread_id, "kind": t.kind, "title": t.title, "topic": t.topic,
             "link": t.link, "respond_link": t.respond_link, "waiting_since": iso(t.since),
             "response_due_at": iso(t.due_at), "overdue": t.is_overdue(now),
             "has_draft": t.has_draft}
            for t in waiting_threads(db.session, now, due_days)]}
