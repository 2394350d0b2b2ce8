"""Who may answer a qualified proposal for the council, correct the answer and report progress.

Every move is described once, by :func:`why_cannot_answer` and :func:`why_cannot_update`;
the ``can_*`` rules are their yes/no face for templates.
"""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import can_participate, is_councillor
from forum.errors import Conflict, DomainError, NotAllowed
from forum.i18n import _
from forum.permissions import rule
from forum.proposals.models import Proposal, ProposalState

#: the proposal states in which the council's answer is published
ANSWERED_STATES = (ProposalState.ANSWERED, ProposalState.IN_PROGRESS, ProposalState.DONE)


def answer_state(proposal: Proposal) -> str:
    """``none``, ``draft`` or ``published``: where the council's answer stands."""
    response = getattr(proposal, "council_response", None)
    if response is None:
        return "none"
    return "published" if response.is_published else "draft"


def _not_councillor(user: User | None, now: datetime) -> DomainError | None:
    if not is_councillor(user) or not can_participate(user, now):
        return NotAllowed(_("Only councillors can record the council's answer to a proposal."),
                          code="not_councillor")
    return None


def why_cannot_answer(user: User | None, proposal: Proposal, now: datetime,
                      move: str = "draft") -> DomainError | None:
    """Return the error refusing ``move`` (draft, publish, correct) on the answer, or ``None``.

    Cases: not a councillor (or admin), or suspended (403); a draft is written and published
    while the proposal is qualified, once (409); a published answer is only corrected (409).
    """
    refused = _not_councillor(user, now)
    if refused is not None:
        return refused
    state = answer_state(proposal)
    if move == "correct":
        if state != "published":
            return Conflict(_("Publish the council's answer before correcting it."),
                            code="wrong_state")
        return None
    if state == "published":
        return Conflict(_("The council has already answered this proposal; correct the answer "
                          "instead."), code="wrong_state")
    if proposal.stage(now) != ProposalState.QUALIFIED:
        return Conflict(_("Only a proposal that reached its threshold is answered by the "
                          "council."), code="not_qualified")
    if move == "publish" and state != "draft":
        return Conflict(_("There is no draft answer to publish."), code="wrong_state")
    return None


def why_cannot_update(user: User | None, proposal: Proposal, now: datetime) -> DomainError | None:
    """Return the error refusing a progress update (or marking the work done), or ``None``.

    Cases: not a councillor (or admin), or suspended (403); no published answer yet, or the
    work is already marked done (409).
    """
    refused = _not_councillor(user, now)
    if refused is not None:
        return refused
    if answer_state(proposal) != "published":
        return Conflict(_("Publish the council's answer before reporting progress."),
                        code="wrong_state")
    if proposal.council_response.is_complete:
        return Conflict(_("The work on this proposal is marked done; no more updates can be "
                          "added."), code="response_complete")
    return None


@rule
def can_answer_proposal(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """Councillors and admins write (and rewrite) the draft answer to a qualified proposal."""
    return isinstance(proposal, Proposal) and why_cannot_answer(user, proposal, now) is None


@rule
def can_correct_answer(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """Councillors and admins correct a published answer (each correction is public)."""
    return (isinstance(proposal, Proposal)
            and why_cannot_answer(user, proposal, now, "correct") is None)


@rule
def can_update_answer(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """Councillors and admins report progress on an answered proposal until it is done."""
    return isinstance(proposal, Proposal) and why_cannot_update(user, proposal, now) is None


@rule
def can_view_answer(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """Everyone reads a published answer; councillors and admins also read the draft."""
    state = answer_state(proposal) if isinstance(proposal, Proposal) else "none"
    return state == "published" or (state == "draft" and is_councillor(user))


@rule
def can_translate_answer(user: User | None, proposal: Proposal, now: datetime) -> bool:
    """Councillors and admins write the council's answer (a draft or the published one) in
    other languages: a version changes no word of the decision."""
    return (getattr(proposal, "council_response", None) is not None
            and _not_councillor(user, now) is None)
