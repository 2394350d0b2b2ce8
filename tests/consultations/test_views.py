"""The consultation pages end to end, against the real clock (times set relative to it)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from forum.accounts.models import Role
from forum.db import utcnow
from forum.threads.models import Thread, ThreadKind
from tests.consultations.conftest import FAR_FUTURE, NEXT_YEAR, as_role, make_consultation
from tests.factories import make_post, make_thread, make_topic, make_user

HOUR = timedelta(hours=1)
#: the last Sunday of March next year, when UK clocks skip from 01:00 to 02:00
SPRING_FORWARD = max(datetime(NEXT_YEAR, 3, day) for day in range(25, 32)
                     if datetime(NEXT_YEAR, 3, day).weekday() == 6)


def form(**changes) -> dict[str, str]:
    """A valid consultation form, in London wall-clock time."""
    values = {"title": "Proposed 20 mph limit", "question": "Should streets be 20 mph?",
              "body": "The **background**.", "opens_at": "",
              "closes_at": f"{NEXT_YEAR}-06-05T17:00"}
    values.update(changes)
    return values


# Posting ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("citizen", 403),
                                              ("suspended", 403), ("moderator", 403),
                                              ("author", 200), ("admin", 200)])
def test_who_sees_the_consultation_form(client, login, people, topic, role, status):
    response = as_role(login, client, people, role).get("/topics/transport/consultations/new")
    assert response.status_code == status
    if status == 200:
        assert "Europe/London time" in response.text
        assert 'type="datetime-local"' in response.text


@pytest.mark.parametrize(("role", "shown"), [("anonymous", False), ("citizen", False),
                                             ("moderator", False), ("author", True),
                                             ("admin", True)])
def test_the_topic_page_offers_a_consultation_to_councillors(client, login, people, topic, role,
                                                             shown):
    response = as_role(login, client, people, role).get("/topics/transport")
    assert ("Post a consultation" in response.text) is shown


@pytest.mark.parametrize(("role", "status"), [("citizen", 403), ("moderator", 403)])
def test_others_cannot_post_a_consultation(client, login, session, people, topic, role, status):
    response = login(people[role]).post("/topics/transport/consultations/new", data=form())
    assert response.status_code == status
    assert session.scalar(select(Thread)) is None


def test_a_councillor_posts_a_consultation_in_local_time(client, login, session, people, topic):
    response = login(people["author"]).post("/topics/transport/consultations/new", data=form())
    thread = session.scalar(select(Thread))
    assert response.status_code == 302 and response.location.endswith(f"/threads/{thread.id}")
    assert thread.kind == ThreadKind.CONSULTATION and thread.question == "Should streets be 20 mph?"
    # 17:00 in London in June is 16:00 UTC (summer time)
    assert thread.closes_at == datetime(NEXT_YEAR, 6, 5, 16, 0, tzinfo=UTC)
    assert abs(thread.opens_at - utcnow()) < timedelta(minutes=1)
    page = client.get(f"/threads/{thread.id}").text
    assert "Should streets be 20 mph?" in page and "<strong>background</strong>" in page


def test_a_winter_time_is_taken_as_gmt(login, session, people, topic):
    login(people["author"]).post("/topics/transport/consultations/new",
                                 data=form(opens_at=f"{NEXT_YEAR}-01-10T09:30",
                                           closes_at=f"{NEXT_YEAR}-01-20T17:00"))
    thread = session.scalar(select(Thread))
    assert thread.opens_at == datetime(NEXT_YEAR, 1, 10, 9, 30, tzinfo=UTC)
    assert thread.is_upcoming(utcnow())


@pytest.mark.parametrize(("changes", "field_id", "message"), [
    ({"closes_at": ""}, "closes_at", "Enter when the consultation closes."),
    ({"closes_at": "next friday"}, "closes_at", "Enter a date and time such as"),
    ({"closes_at": "2020-01-01T10:00"}, "closes_at", "must be in the future"),
    ({"opens_at": f"{NEXT_YEAR}-07-01T09:00"}, "closes_at", "after the opening time"),
    ({"opens_at": "2020-01-01T10:00"}, "opens_at", "in the past"),
    ({"question": ""}, "question", "Enter the question you are asking."),
    ({"question": "Why?"}, "question", "at least 10 characters"),
    ({"title": "   "}, "title", "Enter a title."),
    ({"closes_at": f"{SPRING_FORWARD:%Y-%m-%d}T01:30"}, "closes_at", "clocks go forward"),
])
def test_a_bad_consultation_is_explained_and_kept(login, session, people, topic, changes,
                                                  field_id, message):
    data = form(**changes)
    response = login(people["author"]).post("/topics/transport/consultations/new", data=data)
    assert response.status_code == 422
    assert "There is a problem" in response.text
    assert f'href="#{field_id}"' in response.text and message in response.text
    for name in ("title", "closes_at"):
        if data[name].strip():
            assert f'value="{data[name]}"' in response.text  # what was typed is kept
    if data["question"].strip():  # a box of several lines
        assert re.search(rf'<textarea[^>]* name="question"[^>]*>\s*{re.escape(data["question"])}'
                         '</textarea>', response.text)
    assert "The **background**." in response.text
    assert session.scalar(select(Thread)) is None


def test_a_suspended_councillor_is_told_why(login, session, topic):
    councillor = make_user(session, role=Role.COUNCILLOR, suspended_until=FAR_FUTURE)
    session.commit()
    response = login(councillor).get("/topics/transport/consultations/new")
    assert response.status_code == 403 and "Your account is suspended" in response.text


def test_no_consultation_in_an_archived_topic(login, session, people):
    make_topic(session, slug="old", archived=True)
    session.commit()
    response = login(people["author"]).get("/topics/old/consultations/new")
    assert response.status_code == 403


# The consultation page -------------------------------------------------------------------

def test_an_open_consultation_shows_its_status_question_and_timeline(client, open_consultation):
    page = client.get(f"/threads/{open_consultation.id}").text
    assert re.search(r"Open: closes in (5 days|6 days|143 hours) \(", page)
    assert "Should residential streets be 20 mph?" in page
    assert 'class="kind-badge">Consultation' in page
    current = re.findall(r'<li class="timeline-step timeline-(\w+)" aria-current="step">', page)
    assert current == ["current"]
    assert re.search(r'aria-current="step">\s*<span class="timeline-now">Now.*?Opened', page, re.S)
    assert "Sign in</a> or" in page


def test_a_closed_consultation_stays_readable_but_takes_nothing(client, login, session, people,
                                                                closed_consultation):
    post = make_post(session, thread=closed_consultation, author=people["citizen"], stance="for",
                     body="An argument from when it was open.",
                     now=closed_consultation.opens_at + HOUR)
    session.commit()
    page = login(people["councillor"]).get(f"/threads/{closed_consultation.id}").text
    assert "Closed on " in page and "An argument from when it was open." in page
    assert "see what happens next</a>: a moderator is writing a summary" in page
    assert "Sign in or register" not in page
    assert 'action="/threads/%d/posts"' % closed_consultation.id not in page
    assert f"/posts/{post.id}/endorse" not in page and f"/posts/{post.id}/reply" not in page
    assert "Extend the deadline" not in page
    steps = re.findall(r'timeline-(done|current|upcoming)"', page)
    assert steps == ["done", "current", "upcoming", "upcoming", "upcoming", "upcoming"]


def test_contributing_to_a_closed_consultation_is_refused(client, login, session, people,
                                                          closed_consultation):
    post = make_post(session, thread=closed_consultation, author=people["councillor"],
                     stance="for", now=closed_consultation.opens_at + HOUR)
    session.commit()
    signed_in = login(people["citizen"])
    argued = signed_in.post(f"/threads/{closed_consultation.id}/posts",
                            data={"stance": "against", "body": "Too late?"})
    assert argued.status_code == 403 and "Too late?" in argued.text  # the text is kept
    replied = signed_in.post(f"/posts/{post.id}/reply", data={"body": "A late reply."})
    assert replied.status_code == 403
    endorsed = signed_in.post(f"/posts/{post.id}/endorse")
    assert endorsed.status_code == 403
    session.refresh(post)
    assert post.endorsement_count == 0 and closed_consultation.post_count == 1


def test_a_consultation_closes_by_the_clock_alone(client, login, session, people, topic):
    """Closing time set a moment ago: no job ran, yet the page and the form agree it closed."""
    thread = make_consultation(session, people["author"], topic, created=utcnow() - HOUR,
                               closes_in=HOUR - timedelta(seconds=1))
    session.commit()
    signed_in = login(people["citizen"])
    assert "Closed on" in signed_in.get(f"/threads/{thread.id}").text
    response = signed_in.post(f"/threads/{thread.id}/posts", data={"stance": "for", "body": "x"})
    assert response.status_code == 403


def test_the_early_close_reason_is_shown(client, session, people, open_consultation):
    open_consultation.closes_at = utcnow() - HOUR
    open_consultation.closed_early_reason = "The county withdrew the funding."
    session.commit()
    page = client.get(f"/threads/{open_consultation.id}").text
    assert "Closed on" in page and "Closed early:</strong> The county withdrew the funding." in page
    assert "Closed early</span>" in page  # the timeline's label


@pytest.mark.parametrize(("role", "status"), [("anonymous", 404), ("citizen", 404),
                                              ("suspended", 404), ("author", 200),
                                              ("councillor", 200), ("moderator", 200),
                                              ("admin", 200)])
def test_an_upcoming_consultation_is_seen_by_its_author_and_staff(client, login, people,
                                                                  upcoming_consultation, role,
                                                                  status):
    signed_in = as_role(login, client, people, role)
    response = signed_in.get(f"/threads/{upcoming_consultation.id}")
    assert response.status_code == status
    listed = signed_in.get("/topics/transport").text
    assert ("Upcoming consultation" in listed) is (status == 200)
    if status == 200:
        assert "Opens on " in response.text and "only its author and staff" in response.text
        assert "This consultation has not opened yet." in response.text or role == "anonymous"


def test_consultations_are_listed_first_on_their_topic(client, session, people, topic):
    make_consultation(session, people["author"], topic, title="The consultation",
                      created=utcnow() - timedelta(days=3))
    make_thread(session, topic=topic, title="A newer discussion", now=utcnow())
    session.commit()
    page = client.get("/topics/transport").text
    assert page.index("The consultation") < page.index("A newer discussion")
    assert re.search(r"Open: closes in \d+ days", page)


# Home page -------------------------------------------------------------------------------

def test_the_home_page_lists_open_consultations_closing_soonest_first(client, session, people,
                                                                      topic, closed_consultation,
                                                                      upcoming_consultation):
    make_consultation(session, people["author"], topic, title="Closes later",
                      closes_in=timedelta(days=20), question="Is the later question clear?")
    make_consultation(session, people["author"], topic, title="Closes sooner",
                      closes_in=timedelta(days=2))
    session.commit()
    page = client.get("/").text
    section = page[page.index("Have your say</h2>"):page.index("Latest council decisions")]
    assert section.index("Closes sooner") < section.index("Closes later")
    assert "Is the later question clear?" in section
    assert "Open: closes in 19 days" in section or "Open: closes in 20 days" in section
    assert "Closed consultation" not in section and "Upcoming consultation" not in section


def test_the_home_page_says_when_nothing_is_open(client):
    assert "No consultations are open at the moment." in client.get("/").text

