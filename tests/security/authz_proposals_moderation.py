"""Matrix entries for moderating proposals: refusing, merging, appealing a refusal (see
:mod:`tests.security.authz_entries` for the format)."""
from __future__ import annotations

from typing import Any

from tests.security.authz_entries import H, Call


def _proposal(w: Any, name: str, *, refused: bool = False):  # noqa: ANN202
    """A collecting proposal by another citizen (refused by a moderator if asked), built
    once per world."""
    from forum.proposals.moderation import refuse_proposal
    from forum.proposals.services import publish_proposal, start_proposal
    if name not in w.__dict__:
        proposal = start_proposal(w.session, w.citizen, w.topic, title=f"Proposal {name}",
                                  problem="The crossing is unsafe.",
                                  proposal="Paint a zebra crossing.", now=w.now,
                                  threshold_default=100, days=90)
        publish_proposal(w.session, w.citizen, proposal, now=w.now, days=90)
        if refused:
            refuse_proposal(w.session, w.moderator, proposal, reason="Spam.", now=w.now)
        w.__dict__[name] = proposal
    return w.__dict__[name]


MATRIX: dict[tuple[str, str], Call] = {
    ("POST", "/proposals/<id:proposal_id>/refuse"): H(
        lambda w: f"/proposals/{_proposal(w, 'refusable').id}/refuse",
        (401, 403, 403, 403, 302, 302), lambda w: {"reason": "It names a neighbour."}),
    ("POST", "/proposals/<id:proposal_id>/merge"): H(
        lambda w: f"/proposals/{_proposal(w, 'duplicate').id}/merge",
        (401, 403, 403, 403, 302, 302),
        lambda w: {"into": str(_proposal(w, 'original').id)}),
    ("POST", "/proposals/<id:proposal_id>/appeal"): H(
        lambda w: f"/proposals/{_proposal(w, 'refused', refused=True).id}/appeal",
        (401, 404, 404, 404, 404, 404), lambda w: {"statement": "Not mine to appeal."},
        notes="another citizen's proposal: only its author appeals"),
}
