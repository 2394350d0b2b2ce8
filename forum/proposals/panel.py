"""The proposal panel at the top of its thread page: where it stands, in words.

The progress bar always has its text equivalent ("62 of 100 supports, 41 days left"), and
the panel says plainly what happens at the threshold and what happened after.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.i18n import _, _l, ngettext
from forum.proposals.models import Proposal, ProposalEvent, ProposalState

#: each stage in words, as the panel and the lists name it
STAGE_LABELS = {
    ProposalState.DRAFT: _l("Draft"), ProposalState.COLLECTING: _l("Collecting support"),
    ProposalState.QUALIFIED: _l("Qualified: waiting for the council's answer"),
    ProposalState.ANSWERED: _l("Answered by the council"),
    ProposalState.IN_PROGRESS: _l("In progress"), ProposalState.DONE: _l("Done"),
    ProposalState.CLOSED: _l("Closed without enough support"),
    ProposalState.REFUSED: _l("Refused under the house rules"),
    ProposalState.MERGED: _l("Merged into another proposal"),
}


def stage_label(stage: ProposalState) -> str:
    """The stage in words, in the reader's language."""
    return str(STAGE_LABELS[stage])


@dataclass(frozen=True)
class Panel:
    """What the panel shows; ``percent`` (0–100) draws the bar, ``progress`` says it."""

    stage: ProposalState
    label: str
    progress: str
    percent: int
    #: "312 online + 140 on paper", when some supports were recorded offline
    breakdown: str | None
    #: what happens at the threshold (or what happened), in a sentence or two
    next_step: str


def days_left(proposal: Proposal, now: datetime) -> int:
    """Whole days (rounded up) until the window closes; 0 once it has."""
    if proposal.collect_until is None or proposal.collect_until <= now:
        return 0
    return math.ceil((proposal.collect_until - now).total_seconds() / 86400)


def progress_text(proposal: Proposal, now: datetime) -> str:
    """"62 of 100 supports, 41 days left" (the days only while it collects)."""
    count = ngettext("%(count)d of %(num)d support", "%(count)d of %(num)d supports",
                     proposal.threshold or 0, count=proposal.total_supports)
    if proposal.stage(now) != ProposalState.COLLECTING:
        return count
    left = days_left(proposal, now)
    return _("%(count)s, %(days)s", count=count,
             days=ngettext("%(num)d day left", "%(num)d days left", left))


def _next_step(proposal: Proposal, stage: ProposalState) -> str:
    threshold = proposal.threshold or 0
    if stage in (ProposalState.DRAFT, ProposalState.COLLECTING):
        return _("When %(threshold)d people support it, it goes to the council, which must "
                 "answer it publicly within its response time.", threshold=threshold)
    if stage == ProposalState.QUALIFIED:
        return _("It reached its threshold. The council must publish its answer here.")
    if stage == ProposalState.CLOSED:
        return _("It did not reach %(threshold)d supports before its deadline, so it is closed. "
                 "It stays public with its count; it was not rejected.", threshold=threshold)
    if stage == ProposalState.REFUSED:
        return _("A moderator refused it because it breaks the house rules: %(reason)s",
                 reason=proposal.refusal_reason or "")
    if stage == ProposalState.MERGED:
        return _("It was merged into another proposal; its supports were carried over.")
    return _("The council answered it. Its answer and updates are below.")


def proposal_panel(proposal: Proposal, now: datetime) -> Panel:
    """Describe ``proposal`` at ``now``."""
    stage = proposal.stage(now)
    threshold = proposal.threshold or 0
    percent = 100 if threshold == 0 else min(100, proposal.total_supports * 100 // threshold)
    breakdown = None
    if proposal.offline_support_count:
        breakdown = _("%(online)d online + %(offline)d on paper",
                      online=proposal.support_count, offline=proposal.offline_support_count)
    return Panel(stage=stage, label=stage_label(stage), progress=progress_text(proposal, now),
                 percent=percent, breakdown=breakdown, next_step=_next_step(proposal, stage))


@dataclass(frozen=True)
class Step:
    """One line of the timeline: when, what it became, by whom (``None``: the clock)."""

    at: datetime
    label: str
    actor: object | None
    note: str | None
    #: the state it moved to (for programs; ``label`` says it in words)
    state: ProposalState | None = None


def timeline(session: Session, proposal: Proposal, now: datetime) -> list[Step]:
    """The proposal's state moves, oldest first, and the clock's close when no job has
    recorded it yet."""
    events = session.scalars(select(ProposalEvent).where(
        ProposalEvent.proposal_id == proposal.id).order_by(ProposalEvent.at, ProposalEvent.id))
    steps = [Step(e.at, stage_label(e.to_state), e.actor,
                  None if e.said is None else str(e.said), e.to_state) for e in events]
    if (proposal.proposal_state == ProposalState.COLLECTING
            and proposal.stage(now) == ProposalState.CLOSED and proposal.collect_until):
        steps.append(Step(proposal.collect_until, stage_label(ProposalState.CLOSED), None, None,
                          ProposalState.CLOSED))
    return steps
