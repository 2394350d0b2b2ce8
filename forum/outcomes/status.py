"""Where a thread is in the loop (debate → summary → the council → what was done), decided
in one place for pages and for SQL.

:func:`loop_status` reads the clock and the records of one thread; :func:`stage_expression`
is its SQL twin for lists that filter or sort by stage. A test runs both over the same
records and checks they agree. Only a published summary counts, and a council response only
once the summary says it was answered (``responded_at``), so drafts never show.

A consultation is first of all open or not: a summary published while it still takes
contributions is a summary of the debate so far, and the consultation stays ``open``.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case

from forum.consultations.models import Consultation
from forum.council.models import CouncilResponse
from forum.i18n import _l
from forum.summaries.models import Summary
from forum.threads.models import Thread, ThreadKind


class Stage(enum.StrEnum):
    """The stages, in the order a consultation goes through them."""

    UPCOMING = "upcoming"
    OPEN = "open"
    AWAITING_SUMMARY = "awaiting_summary"
    SUMMARISED = "summarised"
    WITH_COUNCIL = "with_council"
    RESPONDED = "responded"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        """The stage in words, as lists and filters show it."""
        return str(LABELS[self])


LABELS = {
    Stage.UPCOMING: _l("Not open yet"),
    Stage.OPEN: _l("Open for contributions"),
    Stage.AWAITING_SUMMARY: _l("Closed, summary in preparation"),
    Stage.SUMMARISED: _l("Summary published"),
    Stage.WITH_COUNCIL: _l("With the council"),
    Stage.RESPONDED: _l("The council has responded"),
    Stage.COMPLETE: _l("Done"),
}
#: the stages /outcomes lists and filters by (upcoming consultations are not public)
LISTED = tuple(stage for stage in Stage if stage is not Stage.UPCOMING)
#: the stages at which the council has given its decision
ANSWERED = (Stage.RESPONDED, Stage.COMPLETE)


@dataclass(frozen=True)
class LoopStatus:
    """A thread's stage and the records it was read from (published ones only)."""

    stage: Stage
    #: the published summary, or ``None``
    summary: Summary | None = None
    #: the council's published response, or ``None``
    response: CouncilResponse | None = None
    #: a consultation past its closing time (a discussion is never closed)
    closed: bool = False

    @property
    def label(self) -> str:
        """The stage in words."""
        return self.stage.label

    @property
    def next_step(self) -> str | None:
        """What a reader of a closed consultation goes on to: ``"response"`` (the council's
        decision) if there is one, else ``"summary"`` if published, else ``None``."""
        if self.response is not None:
            return "response"
        return "summary" if self.summary is not None else None


def _by(when: datetime | None, now: datetime) -> bool:
    return when is not None and when <= now


def loop_status(thread: Thread, summary: Summary | None, response: CouncilResponse | None,
                now: datetime) -> LoopStatus:
    """Decide ``thread``'s stage at ``now`` from its summary (any state; drafts don't count)
    and that summary's council response (passed in, so lists need no query per row)."""
    is_consultation = isinstance(thread, Consultation)
    if is_consultation and thread.is_upcoming(now):
        return LoopStatus(Stage.UPCOMING)
    published = summary if summary is not None and _by(summary.published_at, now) else None
    if is_consultation and thread.is_open(now):
        return LoopStatus(Stage.OPEN, published)
    if published is None:
        return LoopStatus(Stage.AWAITING_SUMMARY if is_consultation else Stage.OPEN,
                          closed=is_consultation)
    if not _by(published.responded_at, now):
        response = None
    if response is not None and _by(response.completed_at, now):
        stage = Stage.COMPLETE
    elif response is not None:
        stage = Stage.RESPONDED
    elif _by(published.submitted_at, now):
        stage = Stage.WITH_COUNCIL
    else:
        stage = Stage.SUMMARISED
    return LoopStatus(stage, published, response, closed=is_consultation)


def stage_expression(now: datetime) -> ColumnElement[str]:
    """SQL twin of :func:`loop_status`: a thread's stage, over ``threads`` outer-joined with
    its summary and that summary's response (use :func:`summary_join` and
    :func:`response_join`, which leave drafts out)."""
    return case(
        (Consultation.is_upcoming(now), Stage.UPCOMING.value),
        (Consultation.is_open(now), Stage.OPEN.value),
        (Summary.published_at.is_(None), case(
            (Thread.kind == ThreadKind.CONSULTATION, Stage.AWAITING_SUMMARY.value),
            else_=Stage.OPEN.value)),
        (CouncilResponse.completed_at <= now, Stage.COMPLETE.value),
        (CouncilResponse.id.is_not(None), Stage.RESPONDED.value),
        (Summary.submitted_at <= now, Stage.WITH_COUNCIL.value),
        else_=Stage.SUMMARISED.value)


def summary_join(now: datetime) -> ColumnElement[bool]:
    """Join condition: the thread's summary, if published by ``now``."""
    return (Summary.thread_id == Thread.id) & (Summary.published_at <= now)


def response_join(now: datetime) -> ColumnElement[bool]:
    """Join condition: the summary's council response, once the summary was answered."""
    return (CouncilResponse.summary_id == Summary.id) & (Summary.responded_at <= now)
