"""Proposals in the JSON API: the list, one proposal, starting and editing a draft, publishing
it, and supporting or withdrawing. Each endpoint calls the services the pages call."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, request
from flask_login import current_user

from forum.db import db, utcnow
from forum.errors import Invalid
from forum.i18n import _
from forum.jsonapi import Call, endpoint, int_arg, text_field
from forum.limits import post_limit
from forum.permissions import actor_or_none
from forum.proposals import lists, services
from forum.proposals.models import Proposal, ProposalState
from forum.proposals.serialise import proposal_detail_json, proposal_json
from forum.topics.services import get_topic

bp = Blueprint("proposals", __name__)
PER_PAGE = 20


@bp.get("/proposals")
def index():
    """Public proposals filtered by ``topic`` (a slug), ``state`` and ``area``, in order
    ``sort``, a page at a time (``cursor``: the ``next_cursor`` of the page before)."""
    now = utcnow()
    args = request.args
    limit = int_arg("limit", PER_PAGE)
    sort = lists.check_sort(args.get("sort"))
    topic = get_topic(db.session, args["topic"]) if args.get("topic") else None
    stmt = lists.proposals_list(topic_id=topic.id if topic else None, state=args.get("state"),
                                area=args.get("area"), sort=sort, after=args.get("cursor"),
                                now=now)
    rows = list(db.session.scalars(stmt.limit(limit + 1)))
    more, rows = len(rows) > limit, rows[:limit]
    answered = lists.answered_times(db.session, rows)
    after = (lists.cursor_after(rows[-1], sort, answered_at=answered.get(rows[-1].id))
             if more else None)
    actor = actor_or_none(current_user)
    return {"proposals": [proposal_json(p, actor, now=now, answered_at=answered.get(p.id))
                          for p in rows], "next_cursor": after}


def readable(proposal_id: int, actor: Any) -> Proposal:  # noqa: ANN401 (a user or None)
    """The proposal ``actor`` may read: a draft only for its authors and staff (else 404)."""
    proposal = services.get_proposal(db.session, proposal_id)
    if proposal.proposal_state == ProposalState.DRAFT:
        return services.get_draft(db.session, proposal_id, actor, now=utcnow())
    return proposal


def detail(proposal: Proposal, actor: Any) -> dict[str, Any]:  # noqa: ANN401
    """The proposal's JSON as ``actor`` reads it now."""
    return proposal_detail_json(db.session, proposal, actor, now=utcnow(),
                                due_days=current_app.config["RESPONSE_DUE_DAYS"])


@bp.get("/proposals/<id:proposal_id>")
def show(proposal_id: int):
    """One proposal with its texts, authors, timeline and the council's answer."""
    actor = actor_or_none(current_user)
    return detail(readable(proposal_id, actor), actor)


def _cost(data: dict[str, Any]) -> int | None:
    """The optional ``cost_estimate``: whole pounds as a JSON integer (not a boolean)."""
    value = data.get("cost_estimate")
    if value is not None and type(value) is not int:
        raise Invalid(_("“cost_estimate” must be a whole number of pounds."),
                      field="cost_estimate")
    return value


def _draft_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The draft's fields from ``{"title", "problem", "body", "area"?, "cost_estimate"?}``."""
    return {"title": text_field(data, "title"), "problem": text_field(data, "problem"),
            "area": text_field(data, "area", required=False), "cost_estimate": _cost(data),
            "language": text_field(data, "language", required=False)}


@bp.post("/topics/<slug>/proposals")
@post_limit
@endpoint(body=True, status=201)
def create(call: Call, slug: str):
    """Start a draft ``{"title", "problem", "body", "area"?, "cost_estimate"?}`` → 201."""
    topic = get_topic(db.session, slug)
    fields = _draft_fields(call.data)
    proposal = services.start_proposal(
        db.session, call.actor, topic, proposal=text_field(call.data, "body"), now=call.now,
        threshold_default=current_app.config["PROPOSAL_THRESHOLD"],
        days=current_app.config["PROPOSAL_DAYS"], **fields)
    return detail(proposal, call.actor)


@bp.put("/proposals/<id:proposal_id>")
@endpoint(body=True)
def edit(call: Call, proposal_id: int):
    """Replace the draft's fields (its authors, before it is published) → 200."""
    proposal = services.get_draft(db.session, proposal_id, call.actor, now=call.now)
    fields = _draft_fields(call.data)
    services.update_draft(db.session, call.actor, proposal,
                          proposal_text=text_field(call.data, "body"), now=call.now, **fields)
    return detail(proposal, call.actor)


@bp.post("/proposals/<id:proposal_id>/publish")
@endpoint()
def publish(call: Call, proposal_id: int):
    """Publish the draft (its author): it goes public and collects support → 200."""
    proposal = services.get_draft(db.session, proposal_id, call.actor, now=call.now)
    services.publish_proposal(db.session, call.actor, proposal, now=call.now,
                              days=current_app.config["PROPOSAL_DAYS"])
    return detail(proposal, call.actor)


@bp.post("/proposals/<id:proposal_id>/support")
@endpoint()
def support(call: Call, proposal_id: int):
    """Support the proposal (``{"postcode"}`` when the site asks for one) → 201, or 200 if
    you already did; 409 ``not_collecting`` once it stops collecting."""
    proposal = services.get_proposal(db.session, proposal_id)
    areas = current_app.config["PROPOSAL_POSTCODE_AREAS"]
    postcode = text_field(call.data, "postcode", required=False) if areas else None
    area = services.area_for_postcode(postcode, areas)
    added = services.support(db.session, call.actor, proposal, now=call.now, area=area)
    return detail(proposal, call.actor), 201 if added else 200


@bp.delete("/proposals/<id:proposal_id>/support")
@endpoint()
def withdraw(call: Call, proposal_id: int):
    """Withdraw your support while the proposal collects (none to withdraw: no change) → 200."""
    proposal = services.get_proposal(db.session, proposal_id)
    services.withdraw(db.session, call.actor, proposal, now=call.now)
    return detail(proposal, call.actor)
