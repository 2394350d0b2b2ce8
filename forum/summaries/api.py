"""Summaries in the JSON API."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import Blueprint, current_app
from flask_login import current_user

from forum.accounts.models import User
from forum.inputs import is_id
from forum.accounts.rules import is_moderator
from forum.jsonapi import Call, author_json, endpoint, iso, require_user, text_field
from forum.db import db, utcnow
from forum.errors import Invalid
from forum.i18n import _
from forum.permissions import actor_or_none
from forum.settings import arguments_per_page
from forum.bilingual.services import texts_from_json
from forum.summaries import services, versions
from forum.summaries.citations import name_citations
from forum.summaries.coverage import Coverage, compute_coverage
from forum.summaries.draft import draft_from_debate
from forum.summaries.models import Summary, SummaryPoint
from forum.threads.services import get_thread

bp = Blueprint("summaries", __name__)


def _person(user: User | None) -> dict[str, Any] | None:
    return author_json(user) if user is not None else None


def point_json(point: SummaryPoint) -> dict[str, Any]:
    """Serialise one point of a submitted summary (its id is what the council answers)."""
    return {"id": point.id, "position": point.position, "section": point.section,
            "text": point.current_text, "submitted_text": point.text,
            "cited_post_ids": list(point.cited_post_ids or []),
            "corrected_at": iso(point.corrected_at), "versions": point.versions_json()}


def summary_json(summary: Summary, *, now: datetime) -> dict[str, Any]:
    """Serialise a summary with its state, each move (when, who) and what other domains add
    (the council's response)."""
    due_days = current_app.config["RESPONSE_DUE_DAYS"]
    return {
        "id": summary.id, "thread_id": summary.thread_id, "state": summary.state.value,
        "revision": summary.revision, "body": summary.body,
        "body_html": str(name_citations(db.session, summary.body_html)),
        "created_at": iso(summary.created_at), "updated_at": iso(summary.updated_at),
        "covers_up_to": iso(summary.covers_up_to_at),
        "covers_up_to_post_id": summary.covers_up_to_id,
        "published_at": iso(summary.published_at), "published_by": _person(summary.published_by),
        "submitted_at": iso(summary.submitted_at), "submitted_by": _person(summary.submitted_by),
        "response_due_at": iso(summary.due_at(due_days)),
        "overdue": summary.is_overdue(now, due_days),
        "responded_at": iso(summary.responded_at), "responded_by": _person(summary.responded_by),
        "corrected_at": iso(summary.corrected_at),
        "points": [point_json(p) for p in summary.points],
        "language": summary.source_language(), "versions": summary.versions_json(),
        **{name: part(summary) for name, part in _EXTENSIONS.items()},
    }


#: fields other domains add to every summary's JSON, by name (the council adds ``response``)
_EXTENSIONS: dict[str, Callable[[Summary], Any]] = {}


def extend_summary_json(name: str, part: Callable[[Summary], Any]) -> None:
    """Add the field ``name``, computed by ``part(summary)``, to every summary's JSON (the
    composition root calls this; calling again replaces the field)."""
    _EXTENSIONS[name] = part


def coverage_json(summary: Summary, coverage: Coverage) -> dict[str, Any]:
    """Serialise the coverage panel; ``uncited_ids`` only when it was computed (moderators)."""
    top: dict[str, Any] = {"considered": coverage.top_considered, "cited": coverage.top_cited}
    if coverage.uncited_top_ids is not None:
        top["uncited_ids"] = coverage.uncited_top_ids
    return {
        "contributions": {"cited": coverage.cited_contributions, "total": coverage.contributions},
        "participants": {"cited": coverage.cited_participants, "total": coverage.participants},
        "top_arguments": top,
        "stance": {s.stance: {"cited_share": round(s.cited_share, 4),
                              "argument_share": round(s.argument_share, 4),
                              "cited": s.cited, "arguments": s.arguments}
                   for s in coverage.stances},
        "covers_up_to": iso(summary.covers_up_to_at),
        "newer_contributions": coverage.newer,
    }


def _revision(data: dict[str, Any]) -> int:
    value = data.get("revision")
    if not is_id(value):
        raise Invalid(_("“revision” is required: the number of the revision you edited."),
                      field="revision")
    return value


@bp.post("/threads/<id:thread_id>/summaries")
@endpoint(body=True, status=201)
def create(call: Call, thread_id: int):
    """Write a thread's summary as a draft: ``{"body"}`` → 201."""
    thread = get_thread(db.session, thread_id, call.actor, now=call.now)
    summary = services.create_summary(db.session, call.actor, thread,
                                      body=text_field(call.data, "body"), now=call.now,
                                      arguments_per_page=arguments_per_page())
    return summary_json(summary, now=call.now)


@bp.get("/threads/<id:thread_id>/summary-draft")
def draft(thread_id: int):
    """A starting draft built from the debate (moderators); nothing is saved."""
    actor = require_user()
    now = utcnow()
    thread = get_thread(db.session, thread_id, actor, now=now)
    services.require_writer(actor, thread, now)
    return {"thread_id": thread.id, "body": draft_from_debate(db.session, thread)}


@bp.get("/summaries/<id:summary_id>")
def show(summary_id: int):
    """One summary (drafts: moderators only, 404 for everyone else)."""
    now = utcnow()
    summary = services.get_summary(db.session, summary_id, actor_or_none(current_user), now=now)
    return summary_json(summary, now=now)


@bp.put("/summaries/<id:summary_id>")
@endpoint(body=True)
def edit(call: Call, summary_id: int):
    """Save a new revision: ``{"body", "revision"}``; 409 when ``revision`` is not the latest."""
    summary = services.get_summary(db.session, summary_id, call.actor, now=call.now)
    services.edit_summary(db.session, call.actor, summary, body=text_field(call.data, "body"),
                          revision=_revision(call.data), now=call.now,
                          arguments_per_page=arguments_per_page())
    return summary_json(summary, now=call.now)


@bp.put("/summaries/<id:summary_id>/versions/<language>")
@endpoint(body=True)
def translate(call: Call, summary_id: int, language: str):
    """Write the summary's version in ``language``: ``{"body", "points": {"<point id>":
    "…"}}`` (moderators; left out or empty: no version of that text)."""
    summary = services.get_summary(db.session, summary_id, call.actor, now=call.now)
    versions.check_can_translate(call.actor, summary, call.now)
    per_page = arguments_per_page()
    parts = versions.parts(db.session, summary, per_page=per_page)
    versions.save(db.session, call.actor, summary, language, texts_from_json(parts, call.data),
                  now=call.now, per_page=per_page,
                  token=text_field(call.data, "token", required=False))
    return summary_json(summary, now=call.now)


@bp.post("/summaries/<id:summary_id>/publish")
@endpoint()
def publish(call: Call, summary_id: int):
    """Publish a draft (moderators)."""
    summary = services.get_summary(db.session, summary_id, call.actor, now=call.now)
    services.publish_summary(db.session, call.actor, summary, now=call.now)
    return summary_json(summary, now=call.now)


@bp.post("/summaries/<id:summary_id>/submit")
@endpoint()
def submit(call: Call, summary_id: int):
    """Submit a published summary to the council (moderators)."""
    summary = services.get_summary(db.session, summary_id, call.actor, now=call.now)
    services.submit_summary(db.session, call.actor, summary, now=call.now)
    return summary_json(summary, now=call.now)


@bp.get("/summaries/<id:summary_id>/coverage")
def coverage(summary_id: int):
    """Coverage and balance of the summary's citations."""
    actor = actor_or_none(current_user)
    summary = services.get_summary(db.session, summary_id, actor, now=utcnow())
    result = compute_coverage(db.session, summary, uncited=is_moderator(actor))
    return coverage_json(summary, result)


@bp.get("/summaries/<id:summary_id>/revisions")
def revisions(summary_id: int):
    """Every revision of the summary, newest first."""
    summary = services.get_summary_history(db.session, summary_id, actor_or_none(current_user),
                                           now=utcnow())
    return {"revisions": [{"number": r.number, "editor": author_json(r.editor),
                           "created_at": iso(r.created_at), "body": r.body}
                          for r in services.revisions(db.session, summary)]}
