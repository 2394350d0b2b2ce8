"""The council's answer to a proposal in the JSON API: the draft (or a public correction),
publishing it, and progress updates. The same services as the council's pages."""
from __future__ import annotations

from typing import Any

from flask import Blueprint

from forum.bilingual.services import texts_from_json
from forum.council.versions import parts as response_parts
from forum.db import db
from forum.errors import Invalid
from forum.i18n import _
from forum.jsonapi import Call, endpoint, id_field, text_field
from forum.proposals import answer, answer_versions
from forum.proposals.serialise import proposal_answer_json
from forum.proposals.services import get_proposal

bp = Blueprint("proposal_answers", __name__)


def _flag(data: dict[str, Any], name: str) -> bool:
    """An optional true-or-false field (default false)."""
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise Invalid(_("“%(name)s” must be true or false.", name=name), field=name)
    return value


def _save(call: Call, proposal_id: int) -> dict[str, Any]:
    """Save the draft (or correct the published answer), publishing it when asked."""
    proposal = get_proposal(db.session, proposal_id)
    publish = _flag(call.data, "publish")
    response = answer.save_answer(
        db.session, call.actor, proposal, decision=text_field(call.data, "decision"),
        body=text_field(call.data, "body"),
        consultation_id=id_field(call.data, "consultation_id", required=False), now=call.now)
    if publish and not response.is_published:
        response = answer.publish_answer(db.session, call.actor, proposal, now=call.now)
    return proposal_answer_json(response)


@bp.post("/proposals/<id:proposal_id>/answer")
@endpoint(body=True, status=201)
def respond(call: Call, proposal_id: int):
    """Save the draft answer ``{"decision", "body", "consultation_id"?, "publish"?}`` → 201."""
    return _save(call, proposal_id)


@bp.put("/proposals/<id:proposal_id>/answer")
@endpoint(body=True)
def save(call: Call, proposal_id: int):
    """Save the draft again, or correct the published answer (a public revision) → 200."""
    return _save(call, proposal_id)


@bp.put("/proposals/<id:proposal_id>/answer/versions/<language>")
@endpoint(body=True)
def translate(call: Call, proposal_id: int, language: str):
    """Write the answer's version in ``language``: ``{"body"}`` (councillors; empty: none)."""
    proposal = get_proposal(db.session, proposal_id)
    response = answer_versions.check_can_translate(call.actor, proposal, call.now)
    answer_versions.save(db.session, call.actor, proposal, language,
                         texts_from_json(response_parts(db.session, response), call.data),
                         now=call.now, token=text_field(call.data, "token", required=False))
    return proposal_answer_json(response)


@bp.post("/proposals/<id:proposal_id>/answer/publish")
@endpoint()
def publish(call: Call, proposal_id: int):
    """Publish the draft answer: the proposal is answered and its people are told → 200."""
    proposal = get_proposal(db.session, proposal_id)
    return proposal_answer_json(answer.publish_answer(db.session, call.actor, proposal,
                                                      now=call.now))


@bp.post("/proposals/<id:proposal_id>/answer/updates")
@endpoint(body=True, status=201)
def add_update(call: Call, proposal_id: int):
    """Add a progress update ``{"body", "complete"?}`` (``complete``: the work is done) → 201
    with the answer."""
    proposal = get_proposal(db.session, proposal_id)
    complete = _flag(call.data, "complete")
    answer.post_update(db.session, call.actor, proposal, body=text_field(call.data, "body"),
                       complete=complete, now=call.now)
    return proposal_answer_json(proposal.council_response)
