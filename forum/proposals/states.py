"""Moving a proposal from one state to another, each move recorded with its time and actor.

Every state change of a proposal goes through :func:`move`, so the page's timeline
(``proposal_events``) is complete. Support counts change by conditional ``UPDATE``s in the
supporter's transaction; :func:`reached_threshold` then moves a collecting proposal to
*qualified* at most once, even when two transactions cross the threshold together.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.i18n import Deferred, default_text
from forum.proposals.models import Proposal, ProposalEvent, ProposalState

#: the states a move may come from, for each state it goes to
ALLOWED_MOVES: dict[ProposalState, frozenset[ProposalState]] = {
    ProposalState.COLLECTING: frozenset({ProposalState.DRAFT}),
    ProposalState.QUALIFIED: frozenset({ProposalState.COLLECTING}),
    ProposalState.ANSWERED: frozenset({ProposalState.QUALIFIED}),
    ProposalState.IN_PROGRESS: frozenset({ProposalState.ANSWERED}),
    ProposalState.DONE: frozenset({ProposalState.ANSWERED, ProposalState.IN_PROGRESS}),
    ProposalState.CLOSED: frozenset({ProposalState.COLLECTING}),
    ProposalState.REFUSED: frozenset({ProposalState.DRAFT, ProposalState.COLLECTING}),
    ProposalState.MERGED: frozenset({ProposalState.COLLECTING}),
}
#: the states a granted appeal may return a refused proposal to (the one it was refused in)
RESTORES_TO = frozenset({ProposalState.DRAFT, ProposalState.COLLECTING})


def move(session: Session, proposal: Proposal, to_state: ProposalState, *,
         actor: User | None, now: datetime, note: Deferred | str | None = None,
         restoring: bool = False) -> bool:
    """Move ``proposal`` to ``to_state`` if its stored state allows it; record the move.
    ``restoring`` moves a refused proposal back (a granted appeal), and only that.

    The change is a conditional ``UPDATE`` on the stored state, so of two transactions
    making the same move only one succeeds; returns whether this one did. ``actor`` is
    ``None`` for moves the clock makes (the window closing). ``note`` is a reason as
    written, or a :class:`~forum.i18n.Deferred` the forum wrote (read in each reader's
    language).
    """
    if restoring and to_state not in RESTORES_TO:
        raise ValueError(f"A refused proposal cannot be restored to {to_state}.")
    from_states = frozenset({ProposalState.REFUSED}) if restoring else ALLOWED_MOVES[to_state]
    values: dict[str, object] = {"proposal_state": to_state}
    if to_state == ProposalState.QUALIFIED:
        values["qualified_at"] = now
    if to_state in (ProposalState.CLOSED, ProposalState.REFUSED, ProposalState.MERGED):
        values["ended_at"] = now
    if restoring:
        values["ended_at"] = None
    result = session.execute(
        update(Proposal).where(Proposal.id == proposal.id,
                               Proposal.proposal_state.in_(from_states))
        .values(**values).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return False
    from_state = proposal.proposal_state
    session.add(ProposalEvent(proposal_id=proposal.id, from_state=from_state,
                              to_state=to_state, at=now,
                              actor_id=actor.id if actor is not None else None,
                              note=default_text(note) if note is not None else None,
                              note_message=note.to_json() if isinstance(note, Deferred)
                              else None))
    session.flush()
    session.refresh(proposal)
    return True


def reached_threshold(session: Session, proposal: Proposal, *, actor: User | None,
                      now: datetime) -> bool:
    """Qualify ``proposal`` if, counted afresh, its supports reach its threshold while it is
    still collecting; returns whether this call qualified it."""
    session.refresh(proposal, ["support_count", "offline_support_count", "proposal_state"])
    if (proposal.threshold is None or proposal.total_supports < proposal.threshold
            or not proposal.is_collecting(now)):
        return False
    return move(session, proposal, ProposalState.QUALIFIED, actor=actor, now=now)


def threshold_for(topic_threshold: int | None, site_threshold: int) -> int:
    """The supports a new proposal needs: its topic's own threshold, else the site's."""
    return topic_threshold if topic_threshold is not None else site_threshold
