"""A consultation's life as five steps: opened, closed, summary published, submitted to
council, council responded.

A step is ``done`` once it has happened (its date is when), ``upcoming`` before that (its
date, when known, is when it is planned). The most recent step that happened is
``current``: the stage the consultation is at. Before it opens no step is current.

The summary steps read ``published_at``, ``submitted_at`` and ``responded_at`` (and, if
present, ``response_due_at``) from the summary object passed in; finding it is left to
the layers that may see summaries (the page passes it).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from forum.consultations.models import Consultation

DONE, CURRENT, UPCOMING = "done", "current", "upcoming"

#: (key, label once it happened, label before it happens)
STEPS = (
    ("opened", "Opened", "Opens"),
    ("closed", "Closed", "Closes"),
    ("summary_published", "Summary published", "Summary to be published"),
    ("submitted", "Submitted to council", "To be submitted to council"),
    ("responded", "Council responded", "Council response"),
)

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


def _happened(when: datetime | None, now: datetime) -> bool:
    return when is not None and when <= now


def consultation_timeline(thread: Consultation, now: datetime, summary: Any = None) -> list[Step]:
    """Return the consultation's steps with their dates and states at ``now``."""
    opened = thread.opens_at or thread.created_at
    closed_early = bool(thread.closed_early_reason)
    events: list[tuple[datetime | None, datetime | None]] = [
        # (when it happened, when it is planned)
        (opened if _happened(opened, now) else None, opened),
        (thread.closes_at if _happened(thread.closes_at, now) else None, thread.closes_at),
    ]
    for name, planned in (("published_at", None), ("submitted_at", None),
                          ("responded_at", getattr(summary, "response_due_at", None))):
        when = getattr(summary, name, None)
        events.append((when if _happened(when, now) else None, planned))
    # a step counts only if every earlier step happened too
    reached = 0
    while reached < len(events) and events[reached][0] is not None:
        reached += 1
    steps = []
    for index, ((key, done_label, todo_label), (when, planned)) in enumerate(zip(STEPS, events)):
        if index < reached:
            label = "Closed early" if key == "closed" and closed_early else done_label
            state = CURRENT if index == reached - 1 else DONE
            steps.append(Step(key, label, when, state))
        else:
            steps.append(Step(key, todo_label, planned, UPCOMING))
    return steps


def current_step(steps: list[Step]) -> Step | None:
    """The current step, if any."""
    return next((step for step in steps if step.is_current), None)
