"""The loop status and the timeline that follows it (no database)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from forum.consultations.models import Consultation
from forum.council.models import CouncilResponse, Decision
from forum.outcomes.status import Stage, loop_status
from forum.outcomes.timeline import INTERIM_SUMMARY, consultation_timeline, current_step
from forum.summaries.models import Summary
from forum.threads.models import Thread

OPENS = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
CLOSES = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def consultation(**changes) -> Consultation:
    values = {"title": "Twenty is plenty", "question": "Should streets be 20 mph?",
              "created_at": OPENS - DAY, "opens_at": OPENS, "closes_at": CLOSES,
              "closed_early_reason": None}
    values.update(changes)
    return Consultation(**values)


def summary(published=None, submitted=None, responded=None) -> Summary:  # noqa: ANN001
    return Summary(body="S.", body_html="<p>S.</p>", published_at=published,
                   submitted_at=submitted, responded_at=responded)


def response(completed=None) -> CouncilResponse:  # noqa: ANN001
    return CouncilResponse(decision=Decision.AGREED, body="Yes.", body_html="<p>Yes.</p>",
                           created_at=CLOSES + 5 * DAY, completed_at=completed)


PUBLISHED = CLOSES + 2 * DAY
SUBMITTED = CLOSES + 3 * DAY
RESPONDED = CLOSES + 5 * DAY
COMPLETED = CLOSES + 9 * DAY
LATER = CLOSES + 30 * DAY


@pytest.mark.parametrize(("now", "records", "stage"), [
    (OPENS - DAY, (None, None), Stage.UPCOMING),
    (OPENS, (None, None), Stage.OPEN),
    # the report: a summary published while it is open does not close it
    (CLOSES - 8 * DAY, (summary(OPENS + DAY), None), Stage.OPEN),
    (CLOSES, (None, None), Stage.AWAITING_SUMMARY),
    (LATER, (summary(), None), Stage.AWAITING_SUMMARY),  # a draft does not count
    (LATER, (summary(PUBLISHED), None), Stage.SUMMARISED),
    (PUBLISHED - DAY, (summary(PUBLISHED), None), Stage.AWAITING_SUMMARY),  # not yet
    (LATER, (summary(PUBLISHED, SUBMITTED), None), Stage.WITH_COUNCIL),
    (LATER, (summary(PUBLISHED, SUBMITTED), response()), Stage.WITH_COUNCIL),  # a draft answer
    (LATER, (summary(PUBLISHED, SUBMITTED, RESPONDED), response()), Stage.RESPONDED),
    (LATER, (summary(PUBLISHED, SUBMITTED, RESPONDED), response(COMPLETED)), Stage.COMPLETE),
])
def test_a_consultation_s_stage(now, records, stage):
    found = loop_status(consultation(), *records, now)
    assert found.stage is stage
    assert found.closed is (stage not in (Stage.UPCOMING, Stage.OPEN))


@pytest.mark.parametrize(("records", "stage"), [
    ((None, None), Stage.OPEN),
    ((summary(PUBLISHED), None), Stage.SUMMARISED),
    ((summary(PUBLISHED, SUBMITTED, RESPONDED), response()), Stage.RESPONDED),
])
def test_a_discussion_is_never_closed(records, stage):
    found = loop_status(Thread(title="Car-free High Street?"), *records, LATER)
    assert (found.stage, found.closed) == (stage, False)


def test_the_next_step_is_the_decision_then_the_summary():
    thread = consultation()
    assert loop_status(thread, None, None, LATER).next_step is None
    assert loop_status(thread, summary(PUBLISHED), None, LATER).next_step == "summary"
    answered = loop_status(thread, summary(PUBLISHED, SUBMITTED, RESPONDED), response(), LATER)
    assert answered.next_step == "response"
    assert answered.label == "The council has responded"


# Timeline --------------------------------------------------------------------------------

def steps_at(now, records=(None, None), thread=None, **kw):  # noqa: ANN001, ANN003
    thread = thread or consultation()
    return consultation_timeline(thread, loop_status(thread, *records, now), **kw)


def test_before_it_opens_nothing_is_current():
    steps = steps_at(OPENS - DAY)
    assert [s.state for s in steps] == ["upcoming"] * 6
    assert current_step(steps) is None
    assert (steps[0].label, steps[0].date) == ("Opens", OPENS)
    assert (steps[1].label, steps[1].date) == ("Closes", CLOSES)


def test_while_open_the_opening_is_current():
    steps = steps_at(OPENS)
    assert [(s.key, s.state) for s in steps] == [
        ("opened", "current"), ("closed", "upcoming"), ("summary_published", "upcoming"),
        ("submitted", "upcoming"), ("responded", "upcoming"), ("completed", "upcoming")]
    assert (steps[0].label, steps[1].label, steps[2].date) == ("Opened", "Closes", None)


def test_a_summary_of_the_debate_so_far_is_shown_while_the_opening_stays_current():
    steps = steps_at(OPENS + 2 * DAY, (summary(OPENS + DAY), None))
    assert current_step(steps).key == "opened"
    assert (steps[2].label, steps[2].date, steps[2].state) == (INTERIM_SUMMARY, OPENS + DAY,
                                                               "done")
    assert steps[1].state == "upcoming"


def test_an_early_close_says_so():
    thread = consultation(closes_at=CLOSES - DAY, closed_early_reason="Withdrawn.")
    assert steps_at(CLOSES, thread=thread)[1].label == "Closed early"
    assert steps_at(LATER, (summary(PUBLISHED), None), thread=thread)[1].label == "Closed early"


def test_a_consultation_without_opening_time_opened_when_posted():
    thread = consultation(opens_at=None)
    assert steps_at(CLOSES, thread=thread)[0].date == thread.created_at


@pytest.mark.parametrize(("records", "expected"), [
    ((None, None), ["done", "current", "upcoming", "upcoming", "upcoming", "upcoming"]),
    ((summary(), None), ["done", "current", "upcoming", "upcoming", "upcoming", "upcoming"]),
    ((summary(PUBLISHED), None), ["done", "done", "current", "upcoming", "upcoming",
                                  "upcoming"]),
    ((summary(PUBLISHED, SUBMITTED), None), ["done", "done", "done", "current", "upcoming",
                                             "upcoming"]),
    ((summary(PUBLISHED, SUBMITTED, RESPONDED), response()),
     ["done", "done", "done", "done", "current", "upcoming"]),
    ((summary(PUBLISHED, SUBMITTED, RESPONDED), response(COMPLETED)),
     ["done", "done", "done", "done", "done", "current"]),
])
def test_the_steps_follow_the_status(records, expected):
    steps = steps_at(LATER, records)
    assert [s.state for s in steps] == expected
    dates = [PUBLISHED, SUBMITTED, RESPONDED, COMPLETED]
    for step, date in zip(steps[2:], dates):
        if step.state != "upcoming":
            assert step.date == date


def test_the_response_due_date_is_shown_while_waiting():
    due = SUBMITTED + 30 * DAY
    steps = steps_at(SUBMITTED + DAY, (summary(PUBLISHED, SUBMITTED), None), response_due_at=due)
    assert (steps[4].label, steps[4].date, steps[4].state) == ("Council response", due,
                                                               "upcoming")
