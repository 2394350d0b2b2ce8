"""Matrix entries for proposals in the JSON API: drafts, publishing, supports and the
council's answer (see :mod:`tests.security.authz_entries` for the format). What is acted on
belongs to another citizen; the answers, to another councillor."""
from __future__ import annotations

from tests.security.authz_entries import A, Call
from tests.security.authz_proposals import FIELDS, _collecting, _draft
from tests.security.authz_proposals_council import _proposal

#: councillors and admins act; everyone else is refused
COUNCIL_ONLY = (401, 403, 403, 201, 403, 201)
COUNCIL_ONLY_OK = (401, 403, 403, 200, 403, 200)
#: another citizen's draft: staff see it, only its authors edit or publish it
DRAFT_OWNER_ONLY = (401, 404, 404, 403, 403, 403)
ANSWER = {"decision": "accepted", "body": "We will paint it in spring."}

MATRIX: dict[tuple[str, str], Call] = {
    ("POST", "/api/v1/topics/<slug>/proposals"): A(
        lambda w: f"/api/v1/topics/{w.topic.slug}/proposals", (401, 201, 403, 201, 201, 201),
        lambda w: FIELDS),
    ("PUT", "/api/v1/proposals/<id:proposal_id>"): A(
        lambda w: f"/api/v1/proposals/{_draft(w).id}", DRAFT_OWNER_ONLY, lambda w: FIELDS,
        notes="another citizen's draft: staff see it, only its authors edit"),
    ("POST", "/api/v1/proposals/<id:proposal_id>/publish"): A(
        lambda w: f"/api/v1/proposals/{_draft(w).id}/publish", DRAFT_OWNER_ONLY),
    ("POST", "/api/v1/proposals/<id:proposal_id>/support"): A(
        lambda w: f"/api/v1/proposals/{_collecting(w).id}/support",
        (401, 201, 403, 201, 201, 201)),
    ("DELETE", "/api/v1/proposals/<id:proposal_id>/support"): A(
        lambda w: f"/api/v1/proposals/{_collecting(w).id}/support",
        (401, 200, 403, 200, 200, 200), notes="one's own support only: none is no change"),
    ("POST", "/api/v1/proposals/<id:proposal_id>/answer"): A(
        lambda w: f"/api/v1/proposals/{_proposal(w, 'qualified').id}/answer", COUNCIL_ONLY,
        lambda w: ANSWER),
    ("PUT", "/api/v1/proposals/<id:proposal_id>/answer"): A(
        lambda w: f"/api/v1/proposals/{_proposal(w, 'drafted').id}/answer", COUNCIL_ONLY_OK,
        lambda w: ANSWER, notes="another councillor's draft: any councillor or admin edits"),
    ("PUT", "/api/v1/proposals/<id:proposal_id>/answer/versions/<language>"): A(
        lambda w: f"/api/v1/proposals/{_proposal(w, 'drafted').id}/answer/versions/cy",
        COUNCIL_ONLY_OK, lambda w: {"body": "Byddwn yn ei phaentio yn y gwanwyn."}),
    ("POST", "/api/v1/proposals/<id:proposal_id>/answer/publish"): A(
        lambda w: f"/api/v1/proposals/{_proposal(w, 'drafted').id}/answer/publish",
        COUNCIL_ONLY_OK),
    ("POST", "/api/v1/proposals/<id:proposal_id>/answer/updates"): A(
        lambda w: f"/api/v1/proposals/{_proposal(w, 'answered').id}/answer/updates",
        COUNCIL_ONLY, lambda w: {"body": "The budget is approved."}),
}
