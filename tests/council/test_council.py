"""The council inbox, the response with its points, progress updates and completion."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.notifications.models import Notification
from forum.posts.models import Post
from forum.summaries import services
from tests.factories import bearer
from tests.summaries.helpers import ROLES, advance, make_closed_consultation

RESPONSE = {"decision": "adopted_in_part", "body": "We will build **both**.",
            "points": [{"section": "Against", "decision": "deferred", "body": "Buses next year."},
                       {"section": "For", "decision": "adopted", "body": "Cafés licensed."}]}


def _headers(people, role, session):  # noqa: ANN001, ANN202
    return bearer(people[role], session) if people[role] else {}


def _submitted(session, people, title: str, days_ago: int):  # noqa: ANN001, ANN202
    thread = make_closed_consultation(session, people["councillor"], title=title,
                                      closed_days_ago=days_ago + 1)
    summary = services.create_summary(session, people["moderator"], thread, body="Text.",
                                      now=utcnow())
    advance(session, summary, "submitted", people, now=utcnow() - timedelta(days=days_ago))
    return summary


# Inbox ---------------------------------------------------------------------------------------

def test_the_inbox_lists_submitted_summaries_oldest_first_with_overdue_marked(
        client, login, session, people, app):
    app.config["RESPONSE_DUE_DAYS"] = 30
    recent = _submitted(session, people, "Recent consultation", 3)
    old = _submitted(session, people, "Old consultation", 45)
    answered = _submitted(session, people, "Answered consultation", 60)
    advance(session, answered, "responded", people)
    session.commit()
    data = client.get("/api/v1/council/inbox", headers=bearer(people["councillor"], session)).json
    assert [s["id"] for s in data["summaries"]] == [old.id, recent.id]
    assert [(s["days_waiting"], s["overdue"]) for s in data["summaries"]] == [(45, True),
                                                                           (3, False)]
    login(people["councillor"])
    page = client.get("/council").text
    assert page.index("Old consultation") < page.index("Recent consultation")
    assert "Answered consultation" not in page
    assert page.count('<span class="overdue">Overdue</span>') == 1
    assert "45 days" in page and "3 days" in page


def test_the_due_date_follows_the_setting(client, session, people, app):
    app.config["RESPONSE_DUE_DAYS"] = 2
    _submitted(session, people, "Quick one", 3)
    session.commit()
    data = client.get("/api/v1/council/inbox", headers=bearer(people["admin"], session)).json
    assert data["summaries"][0]["overdue"] is True


@pytest.mark.parametrize("role", ROLES)
def test_only_councillors_and_admins_see_the_inbox(client, login, session, people, role):
    session.commit()
    if people[role]:
        login(people[role])
    response = client.get("/council")
    allowed = role in ("councillor", "admin")
    assert response.status_code == (200 if allowed else 302 if role == "anonymous" else 403)
    api = client.get("/api/v1/council/inbox", headers=_headers(people, role, session))
    assert api.status_code == (200 if allowed else 401 if role == "anonymous" else 403)


# Response ------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_recording_the_response_by_role(client, session, people, draft, role):
    advance(session, draft, "submitted", people)
    session.commit()
    response = client.post(f"/api/v1/summaries/{draft.id}/response", json=RESPONSE,
                           headers=_headers(people, role, session))
    if role in ("councillor", "admin"):
        assert response.status_code == 201
        assert response.json["decision"] == "adopted_in_part"
        # points come back in the order of the summary's sections
        assert [(p["section"], p["decision"]) for p in response.json["points"]] == [
            ("For", "adopted"), ("Against", "deferred")]
        assert "<strong>both</strong>" in response.json["body_html"]
    else:
        assert response.status_code == (401 if role == "anonymous" else 403)
    session.expire_all()
    assert (services.summary_of(session, draft.thread).response is not None) == \
        (role in ("councillor", "admin"))


@pytest.mark.parametrize(("state", "message"), [
    ("published", "has not been submitted"),
    ("responded", "already responded"),
])
def test_a_response_needs_a_submitted_unanswered_summary(client, session, people, draft, state,
                                                         message):
    advance(session, draft, state, people)
    session.commit()
    response = client.post(f"/api/v1/summaries/{draft.id}/response", json=RESPONSE,
                           headers=bearer(people["councillor"], session))
    assert response.status_code == 409 and message in response.json["error"]["message"]


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"decision": "maybe"}, "decision", "Choose a decision"),
    ({"body": ""}, "body", "Enter some text"),
    ({"points": "For"}, "points", "must be a list"),
    ({"points": [{"section": "Elsewhere", "decision": "adopted", "body": "x"}]}, "points",
     "is not a section of this summary"),
    ({"points": [{"section": "For", "decision": "adopted", "body": "x"}] * 2}, "points",
     "answered twice"),
    ({"points": [{"section": "For", "decision": "nope", "body": "x"}]}, "points",
     "Choose a decision"),
    ({"points": [{"section": "For", "decision": "adopted", "body": " "}]}, "points",
     "Write a sentence"),
    ({"points": [{"section": "For", "decision": "adopted"}]}, "points", "as strings"),
])
def test_bad_responses_are_refused(client, session, people, draft, change, field, message):
    advance(session, draft, "submitted", people)
    session.commit()
    response = client.post(f"/api/v1/summaries/{draft.id}/response",
                           json={**RESPONSE, **change},
                           headers=bearer(people["councillor"], session))
    assert response.status_code == 422
    assert response.json["error"]["field"] == field
    assert message in response.json["error"]["message"]
    session.expire_all()
    assert services.summary_of(session, draft.thread).responded_at is None


def test_points_are_optional_in_the_api(client, session, people, draft):
    advance(session, draft, "submitted", people)
    session.commit()
    response = client.post(f"/api/v1/summaries/{draft.id}/response",
                           json={"decision": "deferred", "body": "Next budget round."},
                           headers=bearer(people["councillor"], session))
    assert response.status_code == 201 and response.json["points"] == []


def test_participants_are_notified_of_the_response(client, session, people, draft):
    advance(session, draft, "submitted", people)
    session.commit()
    session.execute(Notification.__table__.delete())
    session.commit()
    client.post(f"/api/v1/summaries/{draft.id}/response", json=RESPONSE,
                headers=bearer(people["admin"], session))
    rows = session.execute(select(Notification.user_id, Notification.kind, Notification.link)
                           ).all()
    authors = set(session.scalars(select(Post.author_id).where(
        Post.thread_id == draft.thread_id)))
    assert len(authors) == 2  # the two residents who argued
    assert {r.user_id for r in rows} == authors | {people["councillor"].id}  # + its author
    assert {(r.kind, r.link) for r in rows} == {("council_responded", f"/summaries/{draft.id}")}


def test_the_html_form_asks_for_a_decision_and_a_sentence_per_section(client, login, session,
                                                                       people, draft):
    advance(session, draft, "submitted", people)
    session.commit()
    login(people["councillor"])
    url = f"/summaries/{draft.id}/respond"
    form = client.get(url)
    assert form.status_code == 200
    assert 'for="point_0_decision">Decision on “For”' in form.text
    assert 'for="point_1_body">Why, in one sentence (“Against”)' in form.text
    missing = client.post(url, data={"decision": "adopted", "body": "Yes.",
                                     "point_0_decision": "adopted", "point_0_body": "Good."})
    assert missing.status_code == 422
    assert "Choose the council&#39;s decision on “Against”." in missing.text
    assert "Yes.</textarea>" in missing.text and 'value="Good."' in missing.text
    done = client.post(url, data={"decision": "adopted", "body": "Yes.",
                                  "point_0_decision": "adopted", "point_0_body": "Good.",
                                  "point_1_decision": "not_adopted", "point_1_body": "No money."})
    assert done.status_code == 302
    page = client.get(f"/summaries/{draft.id}").text
    assert "<strong>Decision:</strong> <span class=\"decision decision-adopted\">Adopted" in page
    assert "<dt>Against</dt><dd><span class=\"decision decision-not_adopted\">Not adopted</span>" \
        " No money.</dd>" in page
    thread_page = client.get(f"/threads/{draft.thread_id}").text
    assert "The council's response" in thread_page and "No money." in thread_page


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_others_cannot_open_the_response_form(client, login, session, people, draft, role):
    advance(session, draft, "submitted", people)
    session.commit()
    login(people[role])
    assert client.get(f"/summaries/{draft.id}/respond").status_code == 403


# Progress updates ----------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_progress_updates_by_role(client, session, people, draft, role):
    advance(session, draft, "responded", people)
    session.commit()
    response = client.post(f"/api/v1/summaries/{draft.id}/response/updates",
                           json={"body": "Cycle lane consultation opened"},
                           headers=_headers(people, role, session))
    allowed = role in ("councillor", "admin")
    assert response.status_code == (201 if allowed else 401 if role == "anonymous" else 403)
    if allowed:
        assert [u["body"] for u in response.json["updates"]] == ["Cycle lane consultation opened"]


def test_updates_accumulate_until_the_response_is_marked_complete(client, session, people,
                                                                  draft):
    advance(session, draft, "submitted", people)
    session.commit()
    headers = bearer(people["councillor"], session)
    url = f"/api/v1/summaries/{draft.id}/response/updates"
    early = client.post(url, json={"body": "Too soon"}, headers=headers)
    assert early.status_code == 409 and "Record the council" in early.json["error"]["message"]
    client.post(f"/api/v1/summaries/{draft.id}/response", json=RESPONSE, headers=headers)
    assert client.post(url, json={"body": "Budget approved"}, headers=headers).status_code == 201
    bad = client.post(url, json={"body": "x", "complete": "yes"}, headers=headers)
    assert bad.status_code == 422 and bad.json["error"]["field"] == "complete"
    last = client.post(url, json={"body": "Lane opened", "complete": True}, headers=headers)
    assert last.status_code == 201
    assert last.json["complete"] is True
    assert [u["body"] for u in last.json["updates"]] == ["Budget approved", "Lane opened"]
    after = client.post(url, json={"body": "One more"}, headers=headers)
    assert after.status_code == 409 and after.json["error"]["code"] == "response_complete"


def test_the_html_update_form_marks_complete(client, login, session, people, draft):
    advance(session, draft, "responded", people)
    session.commit()
    login(people["councillor"])
    url = f"/summaries/{draft.id}/updates/new"
    assert client.post(url, data={"body": ""}).status_code == 422
    assert client.post(url, data={"body": "Budget approved", "complete": "y"}).status_code == 302
    page = client.get(f"/summaries/{draft.id}").text
    assert "Budget approved" in page and "<strong>Complete:</strong>" in page
    assert "Add a progress update" not in page
    refused = client.post(url, data={"body": "Late news"})
    assert refused.status_code == 409 and "Late news</textarea>" in refused.text


# Refusals come first -------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/summaries/{}/respond", "/summaries/{}/updates/new"])
def test_a_refused_role_gets_403_even_when_the_form_is_wrong_and_keeps_the_text(
        client, login, session, people, path):
    summary = _submitted(session, people, "Parking consultation", 3)
    if "updates" in path:
        advance(session, summary, "responded", people)
    session.commit()
    login(people["citizen"])
    url = path.format(summary.id)
    assert client.get(url).status_code == 403
    # an empty decision would be a field error (422); the refusal is said first, once
    response = client.post(url, data={"body": "My own account of what happened."})
    assert response.status_code == 403
    assert "My own account of what happened." in response.text
    assert 'class="error-summary"' in response.text
