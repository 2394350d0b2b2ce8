"""The status in SQL and on the pages: /outcomes, the home page, a closed consultation, the
jump to the argument form."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.consultations.services import post_consultation
from forum.council.models import CouncilResponse
from forum.db import utcnow
from forum.outcomes.status import Stage, loop_status, response_join, stage_expression, \
    summary_join
from forum.summaries import services
from forum.summaries.models import Summary
from forum.threads.models import Thread
from tests.factories import make_thread, make_topic
from tests.summaries.helpers import advance, make_closed_consultation

DAY = timedelta(days=1)


def _summarised(session, people, thread, state):  # noqa: ANN001, ANN202
    summary = services.create_summary(session, people["moderator"], thread, body="Said.",
                                      now=utcnow() - 2 * DAY)
    if state != "draft":
        advance(session, summary, state, people, now=utcnow() - DAY)
    return summary


@pytest.fixture
def every_stage(session, people):  # noqa: ANN001
    """A thread at each stage, consultations and discussions, keyed by what they show."""
    c, topic = people["councillor"], make_topic(session, title="Streets")
    now = utcnow()

    def open_one(title: str):  # noqa: ANN202
        return post_consultation(session, c, topic, title=title, question="Should we do this?", body="B.",
                                 now=now - 3 * DAY, closes_at=now + 8 * DAY)

    found = {
        "open": open_one("Open, nothing yet"),
        "open_summarised": open_one("Open with a summary so far"),
        "upcoming": post_consultation(session, c, topic, title="Not open yet", question="Should we do this?",
                                      body="B.", now=now, opens_at=now + DAY,
                                      closes_at=now + 9 * DAY),
        "awaiting": make_closed_consultation(session, c, title="Closed, no summary",
                                             topic=topic, closed_days_ago=5),
        "draft": make_closed_consultation(session, c, title="Closed, draft summary",
                                          topic=topic, closed_days_ago=5),
        "summarised": make_closed_consultation(session, c, title="Closed, summarised",
                                               topic=topic, closed_days_ago=6),
        "with_council": make_closed_consultation(session, c, title="Closed, with the council",
                                                 topic=topic, closed_days_ago=7),
        "responded": make_closed_consultation(session, c, title="Closed, answered",
                                              topic=topic, closed_days_ago=8),
        "complete": make_closed_consultation(session, c, title="Closed, done", topic=topic,
                                             closed_days_ago=9),
        "discussion": make_thread(session, topic=topic, title="A plain discussion"),
        "discussion_summarised": make_thread(session, topic=topic,
                                             title="A summarised discussion"),
        "discussion_answered": make_thread(session, topic=topic,
                                           title="A discussion the council answered"),
    }
    for key, state in (("open_summarised", "published"), ("draft", "draft"),
                       ("summarised", "published"), ("with_council", "submitted"),
                       ("responded", "responded"), ("complete", "complete"),
                       ("discussion_summarised", "published"),
                       ("discussion_answered", "responded")):
        _summarised(session, people, found[key], state)
    session.commit()
    return found


EXPECTED = {"open": Stage.OPEN, "open_summarised": Stage.OPEN, "upcoming": Stage.UPCOMING,
            "awaiting": Stage.AWAITING_SUMMARY, "draft": Stage.AWAITING_SUMMARY,
            "summarised": Stage.SUMMARISED, "with_council": Stage.WITH_COUNCIL,
            "responded": Stage.RESPONDED, "complete": Stage.COMPLETE,
            "discussion": Stage.OPEN, "discussion_summarised": Stage.SUMMARISED,
            "discussion_answered": Stage.RESPONDED}


def test_the_sql_stage_agrees_with_the_status_function(session, every_stage):
    now = utcnow()
    ids = {thread.id: key for key, thread in every_stage.items()}
    stmt = (select(Thread.id, stage_expression(now)).outerjoin(Summary, summary_join(now))
            .outerjoin(CouncilResponse, response_join(now)).where(Thread.id.in_(ids)))
    in_sql = {ids[thread_id]: stage for thread_id, stage in session.execute(stmt)}
    in_python = {}
    for key, thread in every_stage.items():
        summary = services.summary_of(session, thread)
        in_python[key] = loop_status(thread, summary, summary.response if summary else None,
                                     now).stage
    assert in_python == EXPECTED
    assert in_sql == {key: stage.value for key, stage in EXPECTED.items()}


#: newest first: by closing time (the open ones close last), a discussion by when it went to
#: the council (a day ago), the newest thread first on a tie
LISTED = ["Open with a summary so far", "Open, nothing yet", "A discussion the council answered",
          "Closed, draft summary", "Closed, no summary", "Closed, summarised",
          "Closed, with the council", "Closed, answered", "Closed, done"]


def _listed(page: str) -> list[str]:
    return re.findall(r'<h2 class="h3"><a href="/threads/\d+">([^<]+)</a>', page)


def test_outcomes_lists_consultations_and_discussions_the_council_answered(client,
                                                                           every_stage):
    page = client.get("/outcomes").text
    assert _listed(page) == LISTED
    assert "9 consultations and discussions" in page
    assert "Discussion sent to the council" in page
    assert "A plain discussion" not in page and "A summarised discussion" not in page


@pytest.mark.parametrize(("status", "titles"), [
    ("open", ["Open, nothing yet", "Open with a summary so far"]),
    ("awaiting_summary", ["Closed, no summary", "Closed, draft summary"]),
    ("summarised", ["Closed, summarised"]),
    ("with_council", ["Closed, with the council"]),
    ("responded", ["Closed, answered", "A discussion the council answered"]),
    ("complete", ["Closed, done"]),
])
def test_outcomes_filters_by_the_same_stage(client, every_stage, status, titles):
    page = client.get(f"/outcomes?status={status}").text
    assert sorted(_listed(page)) == sorted(titles)
    label = Stage(status).label
    assert page.count(f'<span class="outcome-stage">{label}</span>') == len(titles)


def test_outcomes_runs_the_same_queries_for_one_row_or_many(client, session, people,
                                                            count_queries):
    thread = make_closed_consultation(session, people["councillor"], title="Only one")
    _summarised(session, people, thread, "complete")
    session.commit()
    with count_queries() as few:
        assert client.get("/outcomes").status_code == 200
    for n in range(6):
        more = make_closed_consultation(session, people["councillor"], title=f"More {n}")
        _summarised(session, people, more, ["published", "submitted", "responded",
                                            "complete"][n % 4])
        _summarised(session, people, make_thread(session, title=f"Talk {n}"), "responded")
    session.commit()
    with count_queries() as many:
        page = client.get("/outcomes").text
    assert len(_listed(page)) == 13
    # among them: the kept page's key, and the proposals at the council
    assert len(many) == len(few) <= 8, many


def test_the_home_page_explains_itself_and_shows_the_latest_decisions(client, session, people,
                                                                      every_stage,
                                                                      count_queries):
    with count_queries() as statements:
        page = client.get("/").text
    how = page[page.index("How it works"):page.index("Have your say</h2>")]
    assert re.findall(r"<strong>([^<]+)</strong>", how) == [
        "You debate.", "A moderator summarises.", "The council answers.",
        "You see what was done."]
    assert 'href="#have-your-say"' in page and 'id="have-your-say"' in page
    say = page[page.index("Have your say</h2>"):page.index("Latest council decisions")]
    assert "Open, nothing yet" in say and "Open with a summary so far" in say
    assert "Closed" not in say and "Not open yet" not in say
    assert 'href="/outcomes?status=open"' in say
    decisions = page[page.index("Latest council decisions"):page.index("Policy topics")]
    titles = re.findall(r'<h3><a href="/threads/\d+">([^<]+)</a>', decisions)
    assert sorted(titles) == ["A discussion the council answered", "Closed, answered",
                              "Closed, done"]
    assert "Read the council&#39;s response" in decisions or \
        "Read the council's response" in decisions
    assert len(statements) <= 6, statements


def test_the_home_page_without_decisions_says_so(client):
    page = client.get("/").text
    assert "The council has not answered a consultation yet." in page
    assert "How it works" in page


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
@pytest.mark.parametrize(("key", "link"), [
    ("awaiting", r'href="#progress">see what happens next</a>: a moderator is writing'),
    ("summarised", r'href="/summaries/\d+">see what happens next</a>: the summary of the '
                   r'debate is published'),
    ("with_council", r'href="/summaries/\d+">see what happens next</a>: the summary of the '
                     r'debate is with the council'),
    ("complete", r'href="/summaries/\d+#response">see what happens next</a>: the council '
                 r'has answered'),
])
def test_a_closed_consultation_says_what_happens_next(client, login, people, every_stage, who,
                                                      key, link):
    if who != "anonymous":
        login(people[who])
    page = client.get(f"/threads/{every_stage[key].id}").text
    assert len(re.findall(link, page)) == 2  # in the banner and instead of the form
    assert "<strong>Closed</strong> —" in page
    assert "Sign in" not in page.split("</header>", 1)[1]
    assert "to take part" not in page and "Add your argument" not in page
    assert 'id="contribute-title">What happens next' in page


@pytest.mark.parametrize("who", ["anonymous", "citizen"])
def test_an_open_thread_has_a_jump_to_the_argument_form(client, login, people, every_stage,
                                                        who):
    if who != "anonymous":
        login(people[who])
    for key in ("open", "discussion"):
        page = client.get(f"/threads/{every_stage[key].id}").text
        assert '<p class="jump-to-form"><a href="#contribute">Add your argument</a></p>' in page
        assert page.index("jump-to-form") < page.index('id="debate-title"')
        assert 'id="contribute"' in page and "see what happens next" not in page


def test_the_jump_link_is_left_out_where_nobody_may_post(client, login, people, every_stage):
    login(people["suspended"])
    page = client.get(f"/threads/{every_stage['open'].id}").text
    assert "jump-to-form" not in page and "Your account is suspended" in page
