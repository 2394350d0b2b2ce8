"""The transparency page's figures on residents' proposals: how many were started, how many
qualified, and whether the council answered them on time (all time)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.council.due import DueCounts
from forum.council.models import CouncilResponse
from forum.proposals.answer import due_at
from forum.proposals.models import Proposal


@dataclass
class ProposalFigures:
    """Proposals made public, proposals that qualified, and their answers by timeliness."""

    started: int
    qualified: int
    answers: DueCounts


def proposal_figures(session: Session, now: datetime, due_days: int) -> ProposalFigures:
    """Count proposals started (published) and qualified, and the council's answers to the
    qualified ones: on time, late, overdue or not due yet (two queries)."""
    started, qualified = session.execute(
        select(func.count(Proposal.published_at), func.count(Proposal.qualified_at))
        .where(Proposal.published_at.is_not(None))).one()
    answers = DueCounts()
    rows = session.execute(
        select(Proposal, CouncilResponse.published_at)
        .outerjoin(CouncilResponse, CouncilResponse.thread_id == Proposal.id)
        .where(Proposal.qualified_at.is_not(None)))
    for proposal, published in rows:
        due = due_at(proposal, due_days)
        if published is not None:
            answers.add("on_time" if published <= due else "late")
        else:
            answers.add("overdue" if due < now else "pending")
    return ProposalFigures(started=started, qualified=qualified, answers=answers)
