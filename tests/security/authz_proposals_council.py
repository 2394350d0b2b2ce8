"""Matrix entries for the council's work on proposals: answering, publishing, progress
updates, marking done, recording offline supports (see :mod:`tests.security.authz_entries`
for the format)."""
from __future__ import annotations

from typing import Any

from tests.security.authz_entries import H, Call

#: councillors and admins act; everyone else is refused
COUNCIL_ONLY = (401, 403, 403, 302, 403, 302)


def _proposal(w: Any, stage: str):  # noqa: ANN202
    """Another citizen's proposal, collecting, qualified, with a draft answer by another
    councillor ("drafted"), or answered by them, built once per world."""
    from forum.proposals.answer import publish_answer, save_answer
    from forum.proposals.models import ProposalState
    from forum.proposals.services import publish_proposal, start_proposal
    from forum.proposals.states import move
    key = f"proposal_{stage}"
    if key not in w.__dict__:
        proposal = start_proposal(w.session, w.citizen, w.topic, title=f"Proposal {stage}",
                                  problem="The crossing is unsafe.",
                                  proposal="Paint a zebra crossing.", now=w.now,
                                  threshold_default=100, days=90)
        publish_proposal(w.session, w.citizen, proposal, now=w.now, days=90)
        if stage != "collecting":
            move(w.session, proposal, ProposalState.QUALIFIED, actor=None, now=w.now)
        if stage in ("drafted", "answered"):
            save_answer(w.session, w.councillor, proposal, decision="accepted",
                        body="We will paint it.", now=w.now)
        if stage == "answered":
            publish_answer(w.session, w.councillor, proposal, now=w.now)
        w.__dict__[key] = proposal
    return w.__dict__[key]


MATRIX: dict[tuple[str, str], Call] = {
    ("POST", "/proposals/<id:proposal_id>/answer"): H(
        lambda w: f"/proposals/{_proposal(w, 'qualified').id}/answer", COUNCIL_ONLY,
        lambda w: {"decision": "accepted", "body": "We will paint it in spring."}),
    ("POST", "/proposals/<id:proposal_id>/answer/versions"): H(
        lambda w: f"/proposals/{_proposal(w, 'drafted').id}/answer/versions", COUNCIL_ONLY,
        lambda w: {"language": "cy", "body": "Byddwn yn ei phaentio yn y gwanwyn."},
        notes="another councillor's draft: any councillor or admin writes its versions"),
    ("POST", "/proposals/<id:proposal_id>/answer/publish"): H(
        lambda w: f"/proposals/{_proposal(w, 'drafted').id}/answer/publish", COUNCIL_ONLY,
        notes="another councillor's draft: any councillor or admin publishes it"),
    ("POST", "/proposals/<id:proposal_id>/answer/updates/new"): H(
        lambda w: f"/proposals/{_proposal(w, 'answered').id}/answer/updates/new",
        COUNCIL_ONLY, lambda w: {"body": "The budget is approved."}),
    ("POST", "/proposals/<id:proposal_id>/answer/complete"): H(
        lambda w: f"/proposals/{_proposal(w, 'answered').id}/answer/complete", COUNCIL_ONLY),
    ("POST", "/proposals/<id:proposal_id>/offline"): H(
        lambda w: f"/proposals/{_proposal(w, 'collecting').id}/offline", COUNCIL_ONLY,
        lambda w: {"source": "Paper petition at the library", "count": "40"}),
}
