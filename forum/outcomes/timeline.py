"""A consultation's life as six steps: opened, closed, summary published, submitted to the
council, council responded, done.

The timeline does not decide where the consultation is: its current step is the stage
:func:`forum.outcomes.status.loop_status` gives, so it says what the banner, the home page
and /outcomes say. Steps before the current one are ``done`` (dated when they happened),
steps after it ``upcoming`` (dated when planned, if known). Before it opens no step is
current. A summary published while the consultation is still open is shown as done (a
summary of the debate so far) while the opening stays current.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from forum.consultations.models import Consultation
from forum.i18n import _l
from forum.outcomes.status import LoopStatus, Stage

DONE, CURRENT, UPCOMING = "done", "current", "upcoming"

#: (key, label once it happened, label before it happens, the stage it is current at)
STEPS = (
    ("opened", _l("Opened"), _l("Opens"), Stage.OPEN),
    ("closed", _l("Closed"), _l("Closes"), Stage.AWAITING_SUMMARY),
    ("summary_published", _l("Summary published"), _l("Summary to be published"),
     Stage.SUMMARISED),
    ("submitted", _l("Submitted to council"), _l("To be submitted to council"),
     Stage.WITH_COUNCIL),
    ("responded", _l("Council responded"), _l("Council response"), Stage.RESPONDED),
    ("completed", _l("Council reported the work done"), _l("Council to report what was done"),
     Stage.COMPLETE),
)
#: the label of a summary published while the consultation is open
INTERIM_SUMMARY = _l("Summary of the debate so far published")


@dataclass(frozen=True)
class Step:
    """One step of the timeline."""

    key: str
    label: str
    date: datetime | None
    state: str

    @property
    def is_current(self) -> bool:
        """The stage the consultation is at (``aria-current="step"``)."""
        return self.state == CURRENT


def _dates(thread: Consultation, status: LoopStatus,
           response_due_at: datetime | None) -> list[datetime | None]:
    summary, response = status.summary, status.response
    return [thread.opens_at or thread.created_at, thread.closes_at,
            summary.published_at if summary else None,
            summary.submitted_at if summary else None,
            summary.responded_at if response and summary else response_due_at,
            response.completed_at if response else None]


def consultation_timeline(thread: Consultation, status: LoopStatus, *,
                          response_due_at: datetime | None = None) -> list[Step]:
    """Return the consultation's steps with their dates, the current one at ``status``."""
    order = [stage for *_, stage in STEPS]
    reached = order.index(status.stage) if status.stage in order else -1
    steps = []
    for index, ((key, done_label, todo_label, _), date) in enumerate(
            zip(STEPS, _dates(thread, status, response_due_at))):
        if key == "closed" and thread.closed_early_reason:
            done_label = _l("Closed early")
        if index <= reached:
            steps.append(Step(key, str(done_label), date,
                              CURRENT if index == reached else DONE))
        elif key == "summary_published" and status.summary is not None:
            steps.append(Step(key, str(INTERIM_SUMMARY), date, DONE))
        else:
            steps.append(Step(key, str(todo_label), date, UPCOMING))
    return steps


def current_step(steps: list[Step]) -> Step | None:
    """The current step, if any."""
    return next((step for step in steps if step.is_current), None)
