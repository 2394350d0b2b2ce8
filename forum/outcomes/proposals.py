"""Residents' proposals on the outcomes page: every proposal that reached the council, with
its answer (once published), newest to qualify first, a page at a time by keyset cursor."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, or_, select
from sqlalchemy.orm import contains_eager

from forum.council.models import CouncilResponse
from forum.jsonapi import decode_time_cursor, encode_cursor
from forum.outcomes.status import Stage
from forum.proposals.models import Proposal, ProposalState

#: the outcomes page's stages, as proposal states (other stages list no proposal)
_STAGES = {
    Stage.WITH_COUNCIL.value: (ProposalState.QUALIFIED,),
    Stage.RESPONDED.value: (ProposalState.ANSWERED, ProposalState.IN_PROGRESS),
    Stage.COMPLETE.value: (ProposalState.DONE,),
}
#: every state of a proposal that reached the council
AT_COUNCIL = (ProposalState.QUALIFIED, ProposalState.ANSWERED, ProposalState.IN_PROGRESS,
              ProposalState.DONE)
#: the filter value for "the council's answer is overdue"
OVERDUE = "overdue"


def _published_answer() -> ColumnElement[bool]:
    return and_(CouncilResponse.thread_id == Proposal.id, CouncilResponse.published_at.is_not(None))


def council_proposals(now: datetime, *, topic_id: int | None = None, stage: str | None = None,
                      due_days: int = 30, after: str | None = None) -> Select:
    """Select ``(Proposal, CouncilResponse | None)`` for each proposal that reached the
    council (filtered like the consultations: by topic, and by stage or "overdue"), newest
    to qualify first, after the cursor ``after`` (see :func:`cursor_after`)."""
    stmt = (select(Proposal, CouncilResponse)
            .outerjoin(CouncilResponse, _published_answer())
            .join(Proposal.topic).options(contains_eager(Proposal.topic))
            .where(Proposal.proposal_state.in_(AT_COUNCIL), Proposal.qualified_at.is_not(None)))
    if topic_id is not None:
        stmt = stmt.where(Proposal.topic_id == topic_id)
    if stage == OVERDUE:
        stmt = stmt.where(Proposal.proposal_state == ProposalState.QUALIFIED,
                          Proposal.qualified_at < now - timedelta(days=due_days))
    elif stage:
        stmt = stmt.where(Proposal.proposal_state.in_(_STAGES.get(stage, ())))
    if after:
        when, last_id = decode_time_cursor(after)
        stmt = stmt.where(or_(Proposal.qualified_at < when,
                              and_(Proposal.qualified_at == when, Proposal.id < last_id)))
    return stmt.order_by(Proposal.qualified_at.desc(), Proposal.id.desc())


def cursor_after(proposal: Proposal) -> str:
    """The cursor of the page after ``proposal``."""
    return encode_cursor(proposal.qualified_at.isoformat(), proposal.id)
