"""Matrix entries for starting, editing, publishing and supporting proposals and joining one
as co-author (see :mod:`tests.security.authz_entries` for the format). The drafts and
proposals belong to another citizen."""
from __future__ import annotations

from typing import Any

from tests.security.authz_entries import H, Call


def _proposal(w: Any, name: str, *, publish: bool) -> Any:
    """A draft (or a collecting proposal) by another citizen, built once per world."""
    from forum.proposals.services import invite_link, publish_proposal, start_proposal
    if name not in w.__dict__:
        proposal = start_proposal(w.session, w.citizen, w.topic, title=f"Proposal {name}",
                                  problem="The crossing is unsafe.",
                                  proposal="Paint a zebra crossing.", now=w.now,
                                  threshold_default=100, days=90)
        invite_link(w.session, w.citizen, proposal, now=w.now)
        if publish:
            publish_proposal(w.session, w.citizen, proposal, now=w.now, days=90)
        w.__dict__[name] = proposal
    return w.__dict__[name]


def _draft(w: Any) -> Any:
    return _proposal(w, "draft", publish=False)


def _collecting(w: Any) -> Any:
    return _proposal(w, "collecting", publish=True)


FIELDS = {"title": "Safer crossing on Mill Road", "problem": "Cars go too fast.",
          "body": "Paint a zebra crossing."}

MATRIX: dict[tuple[str, str], Call] = {
    ("POST", "/topics/<slug>/proposals/new"): H(
        lambda w: f"/topics/{w.topic.slug}/proposals/new", (401, 302, 403, 302, 302, 302),
        lambda w: FIELDS),
    ("POST", "/proposals/<id:proposal_id>/draft"): H(
        lambda w: f"/proposals/{_draft(w).id}/draft", (401, 404, 404, 403, 403, 403),
        lambda w: FIELDS, notes="another citizen's draft: staff see it, only its authors edit"),
    ("POST", "/proposals/<id:proposal_id>/publish"): H(
        lambda w: f"/proposals/{_draft(w).id}/publish", (401, 404, 404, 403, 403, 403)),
    ("POST", "/proposals/<id:proposal_id>/invitation"): H(
        lambda w: f"/proposals/{_draft(w).id}/invitation", (401, 404, 404, 403, 403, 403)),
    ("POST", "/proposals/join/<token>"): H(
        lambda w: f"/proposals/join/{_draft(w).invite_token}", (401, 302, 403, 302, 302, 302),
        notes="anyone verified with the link joins (up to five)"),
    ("POST", "/proposals/<id:proposal_id>/support"): H(
        lambda w: f"/proposals/{_collecting(w).id}/support", (401, 302, 302, 302, 302, 302),
        notes="a refusal (suspended) is flashed on the way back to the proposal"),
    ("POST", "/proposals/<id:proposal_id>/withdraw"): H(
        lambda w: f"/proposals/{_collecting(w).id}/withdraw", (401, 302, 302, 302, 302, 302)),
}
