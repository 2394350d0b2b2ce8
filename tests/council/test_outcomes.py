"""Outcomes ("You said, we did"), the printable report and the contribution exports."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest

from forum.consultations.services import post_consultation
from forum.council import services as council
from forum.db import utcnow
from forum.summaries import services
from tests.factories import make_post, make_topic, make_user
from tests.summaries.helpers import answer_all, advance, make_closed_consultation


@pytest.fixture
def loop(session, people):  # noqa: ANN001
    """Consultations at every stage: open, upcoming, awaiting summary, with the council
    (overdue), responded (with an update) and a discussion that must not be listed."""
    housing, transport = make_topic(session, title="Housing"), make_topic(session,
                                                                          title="Transport")
    c = people["councillor"]
    out = {"open": post_consultation(session, c, transport, title="Open bus consultation",
                                     question="Should we run more buses?", body="B.",
                                     now=utcnow(),
                                     closes_at=utcnow() + timedelta(days=5)),
           "upcoming": post_consultation(session, c, transport, title="Upcoming parking plan",
                                         question="Where should parking go?", body="B.",
                                         now=utcnow(),
                                         opens_at=utcnow() + timedelta(days=2),
                                         closes_at=utcnow() + timedelta(days=9)),
           "waiting": make_closed_consultation(session, c, title="Closed library hours",
                                               topic=transport),
           "overdue": make_closed_consultation(session, c, title="Old allotments question",
                                               topic=housing, closed_days_ago=50),
           "done": make_closed_consultation(session, c, title="Homes for Northfield",
                                            topic=housing, closed_days_ago=45)}
    for key in ("overdue", "done"):
        summary = services.create_summary(session, people["moderator"], out[key], now=utcnow(),
                                          body="## For\n\nSummary text.")
        advance(session, summary, "submitted", people, now=utcnow() - timedelta(days=40))
        out[f"{key}_summary"] = summary
    answer_all(session, c, out["done_summary"], decision="not_agreed",
               now=utcnow() - timedelta(days=3))
    council.add_update(session, c, out["done_summary"], body="First step taken",
                       now=utcnow() - timedelta(days=2))
    council.add_update(session, c, out["done_summary"], body="Budget approved", now=utcnow())
    session.commit()
    return out


def test_outcomes_lists_every_consultation_with_its_status(client, loop):
    page = client.get("/outcomes").text
    assert "5 consultations" not in page and "4 consultations" in page
    assert "Upcoming parking plan" not in page
    assert "Open for contributions" in page and "Closed, summary in preparation" in page
    assert page.count("Council response overdue</span>") == 1
    assert f'href="/summaries/{loop["done_summary"].id}#response"' in page
    assert "Not agreed" in page and "Budget approved" in page and "First step" not in page


@pytest.mark.parametrize(("query", "titles"), [
    ("status=open", ["Open bus consultation"]),
    ("status=awaiting_summary", ["Closed library hours"]),
    ("status=with_council", ["Old allotments question"]),
    ("status=overdue", ["Old allotments question"]),
    ("status=responded", ["Homes for Northfield"]),
    ("topic={housing}", ["Homes for Northfield", "Old allotments question"]),
    ("topic={housing}&status=responded", ["Homes for Northfield"]),
    ("status=nonsense", ["Open bus consultation", "Closed library hours",
                         "Old allotments question", "Homes for Northfield"]),
])
def test_outcomes_filter_by_topic_and_status(client, loop, query, titles):
    housing = loop["done"].topic.slug
    page = client.get("/outcomes?" + query.format(housing=housing)).text
    listed = [t for t in ("Open bus consultation", "Closed library hours",
                          "Old allotments question", "Homes for Northfield") if t in page]
    assert sorted(listed) == sorted(titles)


def test_a_draft_summary_is_not_revealed_on_the_outcomes_page(client, session, people, loop):
    services.create_summary(session, people["moderator"], loop["waiting"], body="Secret draft.",
                            now=utcnow())
    session.commit()
    page = client.get("/outcomes?status=awaiting_summary").text
    assert "Closed library hours" in page and "Read the summary" not in page


def test_the_report_has_the_question_figures_summary_and_response(client, session, people,
                                                                  loop):
    thread = loop["done"]
    response = client.get(f"/consultations/{thread.id}/report")
    assert response.status_code == 200
    page = response.text
    assert "Northfield or spread across wards?" in page
    assert "<th scope=\"row\">Participants</th><td>2</td>" in page
    assert "<th scope=\"row\">Arguments</th><td>2</td>" in page
    assert "<th scope=\"row\">Replies</th><td>1</td>" in page
    assert "Arguments by stance: 2 in all" in page
    assert "Summary text." in page and "Not agreed" in page and "Budget approved" in page
    assert re.search(r'href="/static/css/print\.css\?v=[0-9a-f]{12}" media="print"', page)


def test_the_report_without_a_published_summary_says_so(client, loop):
    page = client.get(f"/consultations/{loop['waiting'].id}/report").text
    assert "No summary has been published yet." in page


def test_reports_and_exports_are_for_visible_consultations_only(client, session, debate, loop):
    for suffix in ("report", "contributions.csv", "contributions.json"):
        assert client.get(f"/consultations/{debate.thread.id}/{suffix}").status_code == 404
        assert client.get(f"/consultations/{loop['upcoming'].id}/{suffix}").status_code == 404
        assert client.get(f"/consultations/99999/{suffix}").status_code == 404


@pytest.fixture
def tricky(session, people):  # noqa: ANN001
    """An open consultation with formula-looking text, a hidden and a deleted post."""
    thread = post_consultation(session, people["councillor"], make_topic(session),
                               title="Tricky consultation", question="Is this a good idea?",
                               body="B.", now=utcnow(), closes_at=utcnow() + timedelta(days=3))
    author = make_user(session, name="=HYPERLINK(\"http://evil\")")
    first = make_post(session, thread=thread, author=author, stance="for",
                      body="=1+2 is a formula")
    reply = make_post(session, thread=thread, parent=first, body="+plus, -minus\nand @at")
    hidden = make_post(session, thread=thread, stance="against", body="Hidden text")
    hidden.hidden_at, hidden.hidden_reason = utcnow(), "Abuse"
    deleted = make_post(session, thread=thread, stance="neutral", body="Deleted text")
    deleted.deleted_at = utcnow()
    session.commit()
    return thread, first, reply


def test_the_csv_export_is_formula_safe_and_leaves_out_removed_posts(client, tricky):
    thread, first, reply = tricky
    response = client.get(f"/consultations/{thread.id}/contributions.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["id", "parent_id", "stance", "author", "created_at", "text", "language"]
    assert [r[0] for r in rows[1:]] == [str(first.id), str(reply.id)]
    assert rows[1][2:4] == ["for", "'=HYPERLINK(\"http://evil\")"]
    assert rows[1][5] == "'=1+2 is a formula"
    assert rows[2][1] == str(first.id) and rows[2][2] == ""
    assert rows[2][5] == "'+plus, -minus\nand @at"
    assert "Hidden text" not in response.text and "Deleted text" not in response.text


def test_the_json_export_has_every_visible_contribution(client, tricky):
    thread, first, reply = tricky
    response = client.get(f"/consultations/{thread.id}/contributions.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert data["consultation"]["id"] == thread.id
    assert [(c["id"], c["parent_id"], c["stance"]) for c in data["contributions"]] == [
        (first.id, None, "for"), (reply.id, first.id, None)]
    assert data["contributions"][0]["text"] == "=1+2 is a formula"  # JSON needs no quoting
    assert data["contributions"][0]["author"] == "=HYPERLINK(\"http://evil\")"
    assert "Hidden text" not in response.text and "Deleted text" not in response.text


def test_each_exported_contribution_says_its_language(client, session, tricky):  # noqa: ANN001
    thread, first, reply = tricky
    welsh = make_post(session, thread=thread, stance="for", body="Syniad da.", language="cy")
    session.commit()
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/consultations/{thread.id}/contributions.csv").text)))
    assert {row["id"]: row["language"] for row in rows} == {
        str(first.id): "en", str(reply.id): "en", str(welsh.id): "cy"}
    data = client.get(f"/consultations/{thread.id}/contributions.json").get_json()
    assert data["consultation"]["language"] == "en"
    assert {c["id"]: c["language"] for c in data["contributions"]}[welsh.id] == "cy"


def test_a_kept_report_shows_what_changed_on_the_next_view(app, client, session, people, loop,  # noqa: ANN001
                                                           login, count_queries):
    """The report is kept for readers not signed in (its figures count every post) and
    made afresh once its consultation's summary is published; signed-in readers get it
    made for them."""
    url = f"/consultations/{loop['waiting'].id}/report"
    first = client.get(url).text
    with count_queries() as statements:
        again = client.get(url).text
    assert len(statements) == 1 and again == first
    assert "No summary has been published yet." in again
    summary = services.create_summary(session, people["moderator"], loop["waiting"],
                                      body="Most want later hours.", now=utcnow())
    services.publish_summary(session, people["moderator"], summary, now=utcnow())
    session.commit()
    page = client.get(url).text
    assert "Most want later hours." in page and "No summary has been published yet." not in page
    reader = login(people["citizen"])
    with count_queries() as statements:
        assert "Most want later hours." in reader.get(url).text
    assert len(statements) > 1
