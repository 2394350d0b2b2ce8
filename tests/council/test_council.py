"""The council inbox, the response with its points, progress updates and completion."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.notifications.models import Notification
from forum.posts.models import Post
from forum.summaries import services
from tests.factories import bearer
from tests.summaries.helpers import ROLES, advance, answer_all, make_closed_consultation

def response_for(summary, **change):  # noqa: ANN001, ANN201
    """A whole response (every point answered) to ``summary``, with ``change`` applied."""
    first, second = summary.points
    return {"decision": "agreed_in_part", "body": "We will build **both**.",
            "points": [{"point_id": second.id, "decision": "needs_more_work",
                        "body": "Buses next year."},
                       {"point_id": first.id, "decision": "agreed", "body": "Cafés licensed."}],
            **change}


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


# Points ---------------------------------------------------------------------------------------

def test_submitting_makes_the_points_with_their_citations(session, people, draft):
    advance(session, draft, "submitted", people)
    session.commit()
    points = draft.points
    assert [(p.position, p.section, p.text) for p in points] == [
        (0, "For", "People want cafés."), (1, "Against", "Buses first.")]
    assert [len(p.cited_post_ids) for p in points] == [1, 1]
    assert points[0].cited_post_ids != points[1].cited_post_ids


# Drafts, preview, publish --------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_saving_the_draft_response_by_role(client, session, people, draft, role):
    advance(session, draft, "submitted", people)
    session.commit()
    response = client.post(f"/api/v1/summaries/{draft.id}/response", json=response_for(draft),
                           headers=_headers(people, role, session))
    if role in ("councillor", "admin"):
        assert response.status_code == 201
        assert response.json["state"] == "draft" and response.json["published_at"] is None
        # answers come back in the order of the summary's points
        assert [p["decision"] for p in response.json["points"]] == ["agreed", "needs_more_work"]
        assert "<strong>both</strong>" in response.json["body_html"]
    else:
        assert response.status_code == (401 if role == "anonymous" else 403)
    session.expire_all()
    assert (services.summary_of(session, draft.thread).response is not None) == \
        (role in ("councillor", "admin"))


def test_a_draft_is_seen_by_councillors_only_and_notifies_nobody(client, login, session, people,
                                                                 draft):
    advance(session, draft, "submitted", people)
    session.commit()
    session.execute(Notification.__table__.delete())
    session.commit()
    headers = bearer(people["councillor"], session)
    client.post(f"/api/v1/summaries/{draft.id}/response", json=response_for(draft),
                headers=headers)
    assert session.scalars(select(Notification)).all() == []
    for who in ("anonymous", "citizen", "moderator"):
        api = client.get(f"/api/v1/summaries/{draft.id}/response",
                         headers=_headers(people, who, session))
        assert api.status_code == 404
        summary = client.get(f"/api/v1/summaries/{draft.id}", headers=_headers(people, who,
                                                                              session)).json
        assert summary["response"] is None
    assert client.get(f"/api/v1/summaries/{draft.id}/response", headers=headers).json[
        "state"] == "draft"
    login(people["citizen"])
    assert "Buses next year." not in client.get(f"/summaries/{draft.id}").text
    assert "Buses next year." not in client.get(f"/threads/{draft.thread_id}").text
    assert "Buses next year." not in client.get("/outcomes").text


def test_publishing_notifies_participants_and_shows_the_points(client, session, people, draft):
    advance(session, draft, "submitted", people)
    session.commit()
    session.execute(Notification.__table__.delete())
    session.commit()
    headers = bearer(people["admin"], session)
    client.post(f"/api/v1/summaries/{draft.id}/response", json=response_for(draft),
                headers=headers)
    published = client.post(f"/api/v1/summaries/{draft.id}/response/publish", headers=headers)
    assert published.status_code == 200 and published.json["state"] == "published"
    again = client.post(f"/api/v1/summaries/{draft.id}/response/publish", headers=headers)
    assert again.status_code == 409
    rows = session.execute(select(Notification.user_id, Notification.kind)).all()
    authors = set(session.scalars(select(Post.author_id).where(
        Post.thread_id == draft.thread_id)))
    assert {r.user_id for r in rows} == authors | {people["councillor"].id}
    assert {r.kind for r in rows} == {"council_responded"} and len(rows) == len(authors) + 1
    page = client.get(f"/summaries/{draft.id}").text
    assert "You said" in page and "We decided" in page and "We did" in page
    assert "Buses next year." in page and "Needs more work" in page
    assert "Ana Lopez, contribution #" in page and 'href="/posts/' in page


def test_publishing_needs_every_point_answered(client, session, people, draft):
    advance(session, draft, "submitted", people)
    session.commit()
    headers = bearer(people["councillor"], session)
    partial_ = response_for(draft)
    partial_["points"] = partial_["points"][:1]
    assert client.post(f"/api/v1/summaries/{draft.id}/response", json=partial_,
                       headers=headers).status_code == 201
    refused = client.post(f"/api/v1/summaries/{draft.id}/response/publish", headers=headers)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "unanswered_points"
    assert "1 of 2 points" in refused.json["error"]["message"]
    done = client.put(f"/api/v1/summaries/{draft.id}/response", json=response_for(
        draft, publish=True), headers=headers)
    assert done.status_code == 200 and done.json["state"] == "published"


@pytest.mark.parametrize(("state", "message"), [
    ("published", "has not been submitted"),
    ("responded", "already responded"),
])
def test_a_new_response_needs_a_submitted_unanswered_summary(client, session, people, draft,
                                                             state, message):
    advance(session, draft, state, people)
    session.commit()
    body = response_for(draft) if draft.points else {"decision": "agreed", "body": "x"}
    response = client.post(f"/api/v1/summaries/{draft.id}/response/publish",
                           headers=bearer(people["councillor"], session)) \
        if state == "responded" else client.post(f"/api/v1/summaries/{draft.id}/response",
                                                 json=body,
                                                 headers=bearer(people["councillor"], session))
    assert response.status_code == 409
    assert message in response.json["error"]["message"] or state == "responded"


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"decision": "maybe"}, "decision", "Choose a decision"),
    ({"body": ""}, "body", "Enter some text"),
    ({"points": "For"}, "points", "must be a list"),
    ({"points": [{"point_id": 999999, "decision": "agreed", "body": "x"}]}, "points",
     "is not the id of a point"),
    ({"publish": "yes"}, "publish", "true or false"),
    ({"points": [{"point_id": None, "decision": "agreed", "body": "x"}]}, "points",
     "as a number"),
    ({"points": [{"point_id": 0, "decision": "agreed"}]}, "points", "as strings"),
])
def test_bad_responses_are_refused(client, session, people, draft, change, field, message):
    advance(session, draft, "submitted", people)
    session.commit()
    response = client.post(f"/api/v1/summaries/{draft.id}/response",
                           json=response_for(draft, **change),
                           headers=bearer(people["councillor"], session))
    assert response.status_code == 422
    assert response.json["error"]["field"] == field
    assert message in response.json["error"]["message"]
    session.expire_all()
    assert services.summary_of(session, draft.thread).response is None


@pytest.mark.parametrize(("answer", "suffix", "message"), [
    ({"decision": "nope", "body": "x"}, "decision", "Choose a decision"),
    ({"decision": "agreed", "body": " "}, "body", "Write a sentence"),
    ({"decision": "", "body": "Why"}, "decision", "Choose the council's decision on point 1"),
    ({"decision": "agreed", "body": "x", "next_update_due": "2099-01-01"}, "due",
     "can only be set when"),
    ({"decision": "needs_more_work", "body": "x", "next_update_due": "2000-01-01"}, "due",
     "in the past"),
])
def test_bad_answers_name_the_point(client, session, people, draft, answer, suffix, message):
    advance(session, draft, "submitted", people)
    session.commit()
    point = draft.points[0]
    response = client.post(f"/api/v1/summaries/{draft.id}/response", json=response_for(
        draft, points=[{"point_id": point.id, **answer}]),
        headers=bearer(people["councillor"], session))
    assert response.status_code == 422, response.json
    assert response.json["error"]["field"] == f"point_{point.id}_{suffix}"
    assert message in response.json["error"]["message"]


def test_a_bad_due_date_in_the_api_is_a_clear_422(client, session, people, draft):
    advance(session, draft, "submitted", people)
    session.commit()
    body = response_for(draft)
    body["points"][0]["next_update_due"] = "next week"
    response = client.post(f"/api/v1/summaries/{draft.id}/response", json=body,
                           headers=bearer(people["councillor"], session))
    assert response.status_code == 422 and "YYYY-MM-DD" in response.json["error"]["message"]


# Corrections ---------------------------------------------------------------------------------

def test_a_published_response_is_corrected_in_public(client, session, people, draft):
    advance(session, draft, "submitted", people)
    session.commit()
    headers = bearer(people["councillor"], session)
    client.post(f"/api/v1/summaries/{draft.id}/response",
                json=response_for(draft, publish=True), headers=headers)
    missing = response_for(draft)
    missing["points"] = missing["points"][:1]
    refused = client.put(f"/api/v1/summaries/{draft.id}/response", json=missing,
                         headers=headers)
    assert refused.status_code == 422 and "answers every point" in refused.json["error"][
        "message"]
    fixed = client.put(f"/api/v1/summaries/{draft.id}/response", json=response_for(
        draft, body="We will build **both**, in two phases."), headers=headers)
    assert fixed.status_code == 200 and fixed.json["corrected_at"] is not None
    history = client.get(f"/api/v1/summaries/{draft.id}/response/revisions").json
    assert [r["number"] for r in history["revisions"]] == [2, 1]
    assert "two phases" in history["revisions"][0]["body"]
    assert "two phases" not in history["revisions"][1]["body"]
    page = client.get(f"/summaries/{draft.id}").text
    assert "corrected on" in page and f"/summaries/{draft.id}/response/revisions" in page
    versions = client.get(f"/summaries/{draft.id}/response/revisions").text
    assert "Version 2 (correction)" in versions and "Version 1 (as published)" in versions


def test_a_draft_has_no_public_revisions(client, session, people, draft):
    advance(session, draft, "submitted", people)
    session.commit()
    client.post(f"/api/v1/summaries/{draft.id}/response", json=response_for(draft),
                headers=bearer(people["councillor"], session))
    assert client.get(f"/summaries/{draft.id}/response/revisions").status_code == 404
    assert client.get(f"/api/v1/summaries/{draft.id}/response/revisions").status_code == 404


def test_a_submitted_summary_is_corrected_point_by_point(client, session, people, draft):
    advance(session, draft, "responded", people)
    session.commit()
    headers = bearer(people["moderator"], session)
    body = draft.body
    more = client.put(f"/api/v1/summaries/{draft.id}", headers=headers,
                      json={"body": body + "\n\nA new point.", "revision": draft.revision})
    assert more.status_code == 422 and "with 2 points" in more.json["error"]["message"]
    point_ids = [p.id for p in draft.points]
    fixed = client.put(f"/api/v1/summaries/{draft.id}", headers=headers, json={
        "body": body.replace("Buses first", "Better buses first"), "revision": draft.revision})
    assert fixed.status_code == 200, fixed.json
    assert fixed.json["corrected_at"] is not None
    assert [p["id"] for p in fixed.json["points"]] == point_ids  # the same points
    assert fixed.json["points"][1]["text"] == "Better buses first."
    assert fixed.json["points"][1]["submitted_text"] == "Buses first."
    assert fixed.json["points"][0]["corrected_at"] is None
    page = client.get(f"/summaries/{draft.id}").text
    assert "As submitted to the council: “Buses first.”" in page
    assert 'class="summary-corrected">Corrected on' in page


# Due dates -----------------------------------------------------------------------------------

def _promise(client, session, people, draft, due: date):  # noqa: ANN001, ANN202
    advance(session, draft, "submitted", people)
    session.commit()
    body = response_for(draft, publish=True)
    body["points"][0]["next_update_due"] = due.isoformat()  # "Buses next year": needs more work
    response = client.post(f"/api/v1/summaries/{draft.id}/response", json=body,
                           headers=bearer(people["councillor"], session))
    assert response.status_code == 201, response.json
    return draft.points[1]


def test_an_overdue_promised_update_is_marked_everywhere(client, login, session, people, draft):
    point = _promise(client, session, people, draft, utcnow().date())
    answer = draft.response.answer_to(point.id)
    answer.next_update_due = utcnow().date() - timedelta(days=2)  # the date has passed since
    session.commit()
    outcomes = client.get("/outcomes").text
    assert "Update overdue" in outcomes and "1 of 2 points" in outcomes
    assert "Update overdue" in client.get(f"/summaries/{draft.id}").text
    login(people["councillor"])
    inbox = client.get("/council").text
    assert "Promised updates that are overdue" in inbox and f"point-{point.id}" in inbox
    api = client.get("/api/v1/council/inbox", headers=bearer(people["councillor"], session))
    assert [(u["point_id"]) for u in api.json["overdue_updates"]] == [point.id]
    page = client.get("/transparency").text
    assert "Promised updates on points</th><td>0</td><td>0</td><td>1</td><td>0</td>" in page
    # an update on the point keeps the promise, late
    client.post(f"/api/v1/summaries/{draft.id}/response/updates",
                json={"body": "Timetable agreed.", "point_id": point.id},
                headers=bearer(people["councillor"], session))
    assert client.get("/api/v1/council/inbox", headers=bearer(
        people["councillor"], session)).json["overdue_updates"] == []
    page = client.get("/transparency").text
    assert "Promised updates on points</th><td>0</td><td>1</td><td>0</td><td>0</td>" in page
    assert "Responses to summaries</th><td>1</td>" in page


def test_an_update_before_the_date_is_on_time(client, session, people, draft):
    point = _promise(client, session, people, draft, utcnow().date() + timedelta(days=30))
    response = client.post(f"/api/v1/summaries/{draft.id}/response/updates",
                           json={"body": "Timetable agreed.", "point_id": point.id},
                           headers=bearer(people["councillor"], session))
    assert response.status_code == 201
    answer = next(p for p in response.json["points"] if p["point_id"] == point.id)
    assert answer["update_due_state"] == "on_time"
    assert [u["point_id"] for u in response.json["updates"]] == [point.id]
    page = client.get(f"/summaries/{draft.id}").text
    assert "The update came on time." in page and "Timetable agreed." in page


def test_an_update_on_a_point_of_another_summary_is_refused(client, session, people, draft):
    _promise(client, session, people, draft, utcnow().date() + timedelta(days=3))
    response = client.post(f"/api/v1/summaries/{draft.id}/response/updates",
                           json={"body": "x", "point_id": 99999999},
                           headers=bearer(people["councillor"], session))
    assert response.status_code == 422 and response.json["error"]["field"] == "point"


# The HTML journey ------------------------------------------------------------------------------

def test_the_html_draft_preview_publish_and_correct(client, login, session, people, draft):
    advance(session, draft, "submitted", people)
    session.commit()
    login(people["councillor"])
    url = f"/summaries/{draft.id}/respond"
    first, second = draft.points
    form = client.get(url)
    assert form.status_code == 200
    assert f'for="point_{first.id}_decision">Decision on point 1' in form.text
    assert f'for="point_{second.id}_due">Date of the next update' in form.text
    bad = client.post(url, data={"decision": "agreed", "body": "Yes.",
                                 f"point_{first.id}_body": "Good."})
    assert bad.status_code == 422
    assert "Choose the council&#39;s decision on point 1." in bad.text
    assert "Yes.</textarea>" in bad.text and 'value="Good."' in bad.text
    bad_date = client.post(url, data={"decision": "agreed", "body": "Yes.",
                                      f"point_{second.id}_due": "31/02/2027"})
    assert bad_date.status_code == 422 and "as a real date" in bad_date.text
    saved = client.post(url, data={"decision": "agreed", "body": "Yes.",
                                   f"point_{first.id}_decision": "agreed",
                                   f"point_{first.id}_body": "Good."})
    assert saved.status_code == 302 and saved.headers["Location"].endswith(
        f"/summaries/{draft.id}/response/preview")
    preview = client.get(f"/summaries/{draft.id}/response/preview").text
    assert "only councillors can see it" in preview and "1 of 2 points have no decision" in preview
    assert "Publish the response" not in preview
    again = client.get(url).text  # the draft is in the form again
    assert 'value="Good."' in again
    client.post(url, data={"decision": "agreed", "body": "Yes.",
                           f"point_{first.id}_decision": "agreed",
                           f"point_{first.id}_body": "Good.",
                           f"point_{second.id}_decision": "needs_more_work",
                           f"point_{second.id}_body": "No money yet.",
                           f"point_{second.id}_due": (utcnow().date() + timedelta(days=9))
                           .isoformat()})
    preview = client.get(f"/summaries/{draft.id}/response/preview").text
    assert "Publish the response" in preview and "Next update due by" in preview
    assert client.post(f"/summaries/{draft.id}/response/publish").status_code == 302
    page = client.get(f"/summaries/{draft.id}").text
    assert "No money yet." in page and "Correct the response" in page
    assert client.get(f"/summaries/{draft.id}/response/preview").status_code == 409
    corrected = client.post(url, data={"decision": "agreed_in_part", "body": "Partly.",
                                       f"point_{first.id}_decision": "agreed",
                                       f"point_{first.id}_body": "Good.",
                                       f"point_{second.id}_decision": "not_agreed",
                                       f"point_{second.id}_body": "No money."})
    assert corrected.status_code == 302
    page = client.get(f"/summaries/{draft.id}").text
    assert "corrected on" in page and "No money." in page and "No money yet." not in page
    thread_page = client.get(f"/threads/{draft.thread_id}").text
    assert "The council's response" in thread_page and "No money." in thread_page


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_others_cannot_open_the_response_pages(client, login, session, people, draft, role):
    advance(session, draft, "submitted", people)
    answer_all(session, people["councillor"], draft, now=utcnow(), publish=False)
    session.commit()
    login(people[role])
    assert client.get(f"/summaries/{draft.id}/respond").status_code == 403
    assert client.get(f"/summaries/{draft.id}/response/preview").status_code == 403
    assert client.post(f"/summaries/{draft.id}/response/publish").status_code == 403


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
    client.post(f"/api/v1/summaries/{draft.id}/response", json=response_for(draft),
                headers=headers)
    draft_only = client.post(url, json={"body": "Too soon"}, headers=headers)
    assert draft_only.status_code == 409  # a draft takes no updates
    client.post(f"/api/v1/summaries/{draft.id}/response/publish", headers=headers)
    assert client.post(url, json={"body": "Budget approved"}, headers=headers).status_code == 201
    bad = client.post(url, json={"body": "x", "complete": "yes"}, headers=headers)
    assert bad.status_code == 422 and bad.json["error"]["field"] == "complete"
    last = client.post(url, json={"body": "Lane opened", "complete": True}, headers=headers)
    assert last.status_code == 201
    assert last.json["complete"] is True
    assert [u["body"] for u in last.json["updates"]] == ["Budget approved", "Lane opened"]
    after = client.post(url, json={"body": "One more"}, headers=headers)
    assert after.status_code == 409 and after.json["error"]["code"] == "response_complete"


def test_the_html_update_form_reports_on_a_point_and_marks_complete(client, login, session,
                                                                    people, draft):
    advance(session, draft, "responded", people)
    session.commit()
    login(people["councillor"])
    point = draft.points[1]
    url = f"/summaries/{draft.id}/updates/new"
    form = client.get(f"{url}?point={point.id}").text
    assert f'<option selected value="{point.id}">Point 2: Buses first.</option>' in form
    assert client.post(url, data={"body": ""}).status_code == 422
    assert client.post(url, data={"body": "Budget approved", "point": str(point.id),
                                  "complete": "y"}).status_code == 302
    page = client.get(f"/summaries/{draft.id}").text
    said = page.index(f'id="point-{point.id}"')
    assert page.index("Budget approved") > said and "<strong>Complete:</strong>" in page
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
