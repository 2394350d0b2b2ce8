"""Posting, extending and closing consultations; the clock-driven close (``now`` passed in)."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from forum.accounts.models import Role
from forum.consultations import services
from forum.errors import Invalid, NotAllowed
from forum.notifications.models import Notification
from forum.posts.services import create_post, endorse, withdraw_endorsement
from forum.threads.models import ThreadKind
from tests.conftest import NOW
from tests.consultations.conftest import FAR_FUTURE, ROLES
from tests.factories import make_post, make_thread, make_topic, make_user

LONDON = ZoneInfo("Europe/London")

DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


def post(session, actor, topic, **changes):  # noqa: ANN001
    """Call post_consultation with valid values, changed by ``changes``."""
    values = {"title": "Proposed 20 mph limit", "question": "Should streets be 20 mph?",
              "body": "Background.", "opens_at": None, "closes_at": NOW + 7 * DAY, "now": NOW}
    values.update(changes)
    return services.post_consultation(session, actor, topic, **values)


def test_a_councillor_posts_a_consultation(session, people, topic):
    thread = post(session, people["author"], topic, question="  Should streets   be 20 mph? ",
                  body="**Why** we ask.")
    assert thread.kind == ThreadKind.CONSULTATION
    assert thread.question == "Should streets be 20 mph?"
    assert thread.opens_at == NOW and thread.closes_at == NOW + 7 * DAY
    assert "<strong>Why</strong>" in thread.body_html
    assert thread.status(NOW) == "open"


def test_an_admin_posts_a_consultation_opening_later(session, people, topic):
    thread = post(session, people["admin"], topic, opens_at=NOW + DAY)
    assert thread.opens_at == NOW + DAY
    assert thread.status(NOW) == "upcoming"
    assert thread.status(NOW + DAY) == "open"


@pytest.mark.parametrize(("role", "code"), [("citizen", "not_councillor"),
                                            ("suspended", "not_councillor"),
                                            ("moderator", "not_councillor")])
def test_others_may_not_post_a_consultation(session, people, topic, role, code):
    with pytest.raises(NotAllowed) as error:
        post(session, people[role], topic)
    assert error.value.code == code


def test_a_suspended_councillor_is_told_why(session, topic):
    councillor = make_user(session, role=Role.COUNCILLOR, suspended_until=FAR_FUTURE)
    with pytest.raises(NotAllowed, match="suspended") as error:
        post(session, councillor, topic)
    assert error.value.code == "suspended"


def test_no_consultation_in_an_archived_topic(session, people):
    with pytest.raises(NotAllowed) as error:
        post(session, people["author"], make_topic(session, archived=True))
    assert error.value.code == "topic_archived"


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": "Hi"}, "title", "at least 5"),
    ({"question": ""}, "question", "Enter the question"),
    ({"question": "Why?"}, "question", "at least 10"),
    ({"question": "x" * 501}, "question", "500 characters or fewer"),
    ({"body": "   "}, "body", "Enter some text"),
    ({"closes_at": None}, "closes_at", "Enter when"),
    ({"closes_at": NOW}, "closes_at", "in the future"),
    ({"closes_at": NOW - DAY}, "closes_at", "in the future"),
    ({"opens_at": NOW + 2 * DAY, "closes_at": NOW + DAY}, "closes_at", "after the opening"),
    ({"opens_at": NOW + DAY, "closes_at": NOW + DAY}, "closes_at", "after the opening"),
    ({"opens_at": NOW - DAY}, "opens_at", "in the past"),
])
def test_bad_consultations_are_refused_naming_the_field(session, people, topic, changes, field,
                                                         message):
    with pytest.raises(Invalid, match=message) as error:
        post(session, people["author"], topic, **changes)
    assert error.value.field == field


def test_an_opening_time_a_moment_ago_means_now(session, people, topic):
    thread = post(session, people["author"], topic, opens_at=NOW - timedelta(minutes=1))
    assert thread.opens_at == NOW


def test_the_clock_closes_the_consultation(session, people, topic):
    """No scheduler: the same thread takes posts one second before closing and none at it."""
    thread = post(session, people["author"], topic, closes_at=NOW + DAY)
    citizen, other = people["citizen"], make_user(session)
    argument = create_post(session, citizen, thread, stance="for", body="Yes.", now=NOW + DAY - SECOND)
    endorse(session, other, argument, now=NOW + DAY - SECOND)
    assert thread.status(NOW + DAY - SECOND) == "open"
    closed = NOW + DAY
    assert thread.status(closed) == "closed"
    attempts = [
        lambda: create_post(session, other, thread, stance="against", body="No.", now=closed),
        lambda: create_post(session, other, thread, parent=argument, body="Hm.", now=closed),
        lambda: endorse(session, people["admin"], argument, now=closed),
        lambda: withdraw_endorsement(session, other, argument, now=closed),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed) as error:
            attempt()
        assert error.value.code == "consultation_closed"
    assert argument.endorsement_count == 1


def test_nothing_can_be_posted_before_it_opens(session, people, topic):
    thread = post(session, people["author"], topic, opens_at=NOW + DAY)
    with pytest.raises(NotAllowed) as error:
        create_post(session, people["citizen"], thread, body="Early.", now=NOW)
    assert error.value.code == "consultation_upcoming"
    assert create_post(session, people["citizen"], thread, body="On time.", now=NOW + DAY)


# Extending -------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["author", "admin"])
def test_the_author_or_an_admin_extends_the_deadline(session, people, topic, role):
    thread = post(session, people["author"], topic)
    services.extend_consultation(session, people[role], thread, closes_at=NOW + 10 * DAY,
                                 now=NOW + DAY, zone=LONDON)
    assert thread.closes_at == NOW + 10 * DAY
    assert thread.status(NOW + 8 * DAY) == "open"


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("author", "admin")])
def test_others_may_not_extend(session, people, topic, role):
    thread = post(session, people["author"], topic)
    with pytest.raises(NotAllowed):
        services.extend_consultation(session, people[role], thread, closes_at=NOW + 10 * DAY,
                                     now=NOW, zone=LONDON)
    assert thread.closes_at == NOW + 7 * DAY


@pytest.mark.parametrize("new", [None, NOW + 7 * DAY, NOW + 6 * DAY, NOW - DAY])
def test_the_new_deadline_must_be_later(session, people, topic, new):
    thread = post(session, people["author"], topic)
    with pytest.raises(Invalid) as error:
        services.extend_consultation(session, people["author"], thread, closes_at=new, now=NOW,
                                     zone=LONDON)
    assert error.value.field == "closes_at"
    assert thread.closes_at == NOW + 7 * DAY


def test_a_closed_consultation_cannot_be_extended(session, people, topic):
    thread = post(session, people["author"], topic)
    with pytest.raises(NotAllowed) as error:
        services.extend_consultation(session, people["author"], thread,
                                     closes_at=NOW + 30 * DAY, now=NOW + 7 * DAY, zone=LONDON)
    assert error.value.code == "consultation_closed"


def test_a_discussion_has_no_deadline(session, people):
    thread = make_thread(session, author=people["author"], now=NOW)
    with pytest.raises(NotAllowed) as error:
        services.extend_consultation(session, people["admin"], thread, closes_at=NOW + DAY,
                                     now=NOW, zone=LONDON)
    assert error.value.code == "not_consultation"


def test_participants_hear_about_an_extension(session, people, topic):
    thread = post(session, people["author"], topic)
    make_post(session, thread=thread, author=people["citizen"], stance="for", now=NOW)
    make_post(session, thread=thread, author=people["author"], stance="neutral", now=NOW)
    services.extend_consultation(session, people["author"], thread, closes_at=NOW + 9 * DAY,
                                 now=NOW, zone=LONDON)
    notes = session.scalars(select(Notification).where(
        Notification.kind == "consultation_extended")).all()  # posting tells followers too
    assert [(n.user_id, n.kind) for n in notes] == [(people["citizen"].id,
                                                     "consultation_extended")]
    assert "11 March 2026, 12:00" in notes[0].message and notes[0].link == f"/threads/{thread.id}"


# Closing early ---------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["author", "admin"])
def test_closing_early_stops_contributions_and_keeps_the_reason(session, people, topic, role):
    thread = post(session, people["author"], topic)
    services.close_consultation(session, people[role], thread,
                                reason="  The scheme was withdrawn   by the county. ",
                                now=NOW + DAY)
    assert thread.closes_at == NOW + DAY
    assert thread.closed_early_reason == "The scheme was withdrawn by the county."
    assert thread.status(NOW + DAY) == "closed"
    with pytest.raises(NotAllowed) as error:
        create_post(session, people["citizen"], thread, body="Too late.", now=NOW + DAY)
    assert error.value.code == "consultation_closed"


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("author", "admin")])
def test_others_may_not_close_early(session, people, topic, role):
    thread = post(session, people["author"], topic)
    with pytest.raises(NotAllowed):
        services.close_consultation(session, people[role], thread, reason="Because I say so.",
                                    now=NOW)
    assert thread.closed_early_reason is None and thread.closes_at == NOW + 7 * DAY


@pytest.mark.parametrize(("reason", "message"), [(None, "Say why"), ("", "Say why"),
                                                 ("Done.", "at least 10"),
                                                 ("x" * 501, "500 characters")])
def test_closing_early_needs_a_reason(session, people, topic, reason, message):
    thread = post(session, people["author"], topic)
    with pytest.raises(Invalid, match=message) as error:
        services.close_consultation(session, people["author"], thread, reason=reason, now=NOW)
    assert error.value.field == "reason"
    assert thread.closes_at == NOW + 7 * DAY


def test_a_closed_consultation_cannot_be_closed_again(session, people, topic):
    thread = post(session, people["author"], topic)
    services.close_consultation(session, people["author"], thread, reason="Withdrawn by county.",
                                now=NOW)
    with pytest.raises(NotAllowed) as error:
        services.close_consultation(session, people["author"], thread, reason="Second time.",
                                    now=NOW + DAY)
    assert error.value.code == "consultation_closed"
    assert thread.closed_early_reason == "Withdrawn by county."


def test_closing_an_upcoming_consultation_withdraws_it(session, people, topic):
    thread = post(session, people["author"], topic, opens_at=NOW + 2 * DAY)
    services.close_consultation(session, people["author"], thread,
                                reason="Posted in the wrong topic.", now=NOW)
    assert thread.opens_at == thread.closes_at == NOW
    assert thread.status(NOW) == "closed" and not thread.is_upcoming(NOW)


def test_participants_hear_about_an_early_close(session, people, topic):
    thread = post(session, people["author"], topic)
    make_post(session, thread=thread, author=people["citizen"], stance="for", now=NOW)
    services.close_consultation(session, people["admin"], thread, reason="Withdrawn by county.",
                                now=NOW)
    note = session.scalar(select(Notification).where(Notification.kind == "consultation_closed"))
    assert note.user_id == people["citizen"].id and note.kind == "consultation_closed"
    assert "Withdrawn by county." in note.message


# Listing ---------------------------------------------------------------------------------

def test_open_consultations_close_soonest_first(session, people, topic):
    later = post(session, people["author"], topic, title="Closes later", closes_at=NOW + 9 * DAY)
    sooner = post(session, people["author"], topic, title="Closes sooner", closes_at=NOW + 2 * DAY)
    post(session, people["author"], topic, title="Not open yet", opens_at=NOW + 2 * DAY)
    done = post(session, people["author"], topic, title="Closes soon", closes_at=NOW + DAY)
    make_thread(session, author=people["citizen"], topic=topic, now=NOW)
    listed = session.scalars(services.open_consultations(NOW + DAY)).all()
    assert listed == [sooner, later]
    assert session.scalars(services.closed_consultations(NOW + DAY)).all() == [done]

