"""Proposals in the JSON API: start, edit and publish a draft, support and withdraw, the list
and one proposal, and the council's answer; each refusal in the error envelope."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.jsonapi import encode_cursor
from forum.proposals.answer import publish_answer, save_answer
from forum.proposals.models import Proposal, ProposalState, ProposalSupport
from forum.proposals.services import support
from tests.factories import bearer, make_topic, make_user
from tests.proposals.conftest import make_proposal

DRAFT = {"title": "Safer crossing on Mill Road", "problem": "Children cross a busy road.",
         "body": "Build a zebra crossing by the school gate.", "area": "Romsey",
         "cost_estimate": 12000}


def _error(response) -> dict:  # noqa: ANN001
    return response.get_json()["error"]


# --- drafts -------------------------------------------------------------------------------

def test_start_a_draft_then_read_it(client, session, people, topic):  # noqa: ANN001
    created = client.post("/api/v1/topics/transport/proposals", json=DRAFT,
                          headers=bearer(people["author"], session))
    assert created.status_code == 201
    body = created.get_json()
    assert (body["kind"], body["state"], body["stage"]) == ("proposal", "draft", "draft")
    assert (body["title"], body["problem"], body["body"], body["area"],
            body["cost_estimate"]) == (DRAFT["title"], DRAFT["problem"], DRAFT["body"],
                                       "Romsey", 12000)
    assert body["threshold"] == 100 and body["supported"] is False
    assert body["author"]["id"] == people["author"].id and body["answer"] is None
    assert session.get(Proposal, body["id"]).proposal_state == ProposalState.DRAFT


@pytest.mark.parametrize("role, status", [("anonymous", 401), ("unconfirmed", 403),
                                          ("suspended", 403)])
def test_who_may_not_start_a_draft(client, session, people, topic, role, status):  # noqa: ANN001
    headers = bearer(people[role], session) if people[role] else {}
    response = client.post("/api/v1/topics/transport/proposals", json=DRAFT, headers=headers)
    assert response.status_code == status
    assert session.scalar(select(Proposal)) is None


def test_a_draft_in_an_unknown_or_archived_topic_is_refused(client, session, people):  # noqa: ANN001
    headers = bearer(people["author"], session)
    assert client.post("/api/v1/topics/nowhere/proposals", json=DRAFT,
                       headers=headers).status_code == 404
    make_topic(session, slug="old", archived=True)
    assert client.post("/api/v1/topics/old/proposals", json=DRAFT,
                       headers=headers).status_code == 403


@pytest.mark.parametrize("change, field", [
    ({"title": None}, "title"), ({"problem": None}, "problem"), ({"body": None}, "body"),
    ({"title": 12}, "title"), ({"area": ["Romsey"]}, "area"), ({"area": "x" * 101}, "area"),
    ({"cost_estimate": True}, "cost_estimate"), ({"cost_estimate": "12000"}, "cost_estimate"),
    ({"cost_estimate": 12.5}, "cost_estimate"), ({"cost_estimate": -1}, "cost_estimate"),
    ({"cost_estimate": 2 ** 63}, "cost_estimate"), ({"title": "Hi"}, "title"),
])
def test_a_bad_draft_field_is_a_422_naming_it(client, session, people, topic, change,  # noqa: ANN001
                                              field):
    response = client.post("/api/v1/topics/transport/proposals", json={**DRAFT, **change},
                           headers=bearer(people["author"], session))
    assert response.status_code == 422, response.get_json()
    assert _error(response)["field"] == field
    assert session.scalar(select(Proposal)) is None


@pytest.mark.parametrize("raw", ["[]", "not json", '"text"'])
def test_a_body_that_is_not_an_object_is_a_400(client, session, people, topic, raw):  # noqa: ANN001
    response = client.post("/api/v1/topics/transport/proposals", data=raw,
                           content_type="application/json",
                           headers=bearer(people["author"], session))
    assert response.status_code == 400 and _error(response)["code"] == "bad_json"


@pytest.mark.parametrize("role, status", [
    ("anonymous", 404), ("citizen", 404), ("suspended", 404), ("author", 200),
    ("coauthor", 200), ("councillor", 200), ("moderator", 200), ("admin", 200)])
def test_a_draft_is_seen_by_its_authors_and_staff_only(client, session, people, draft,  # noqa: ANN001
                                                       role, status):
    headers = bearer(people[role], session) if people[role] else {}
    response = client.get(f"/api/v1/proposals/{draft.id}", headers=headers)
    assert response.status_code == status
    if status == 200:
        assert [c["id"] for c in response.get_json()["coauthors"]] == [people["coauthor"].id]


@pytest.mark.parametrize("role, status", [
    ("anonymous", 401), ("citizen", 404), ("suspended", 404), ("moderator", 403),
    ("author", 200), ("coauthor", 200)])
def test_only_the_authors_edit_a_draft(client, session, people, draft, role, status):  # noqa: ANN001
    headers = bearer(people[role], session) if people[role] else {}
    session.commit()  # a refusal rolls back: the draft must remain
    response = client.put(f"/api/v1/proposals/{draft.id}",
                          json={**DRAFT, "title": "A zebra crossing by the school"},
                          headers=headers)
    assert response.status_code == status
    session.refresh(draft)
    edited = draft.title == "A zebra crossing by the school"
    assert edited is (status == 200)
    if edited:
        assert (draft.area, draft.cost_estimate) == ("Romsey", 12000)


def test_editing_a_draft_checks_its_fields(client, session, people, draft):  # noqa: ANN001
    headers = bearer(people["author"], session)
    response = client.put(f"/api/v1/proposals/{draft.id}",
                          json={**DRAFT, "cost_estimate": False}, headers=headers)
    assert response.status_code == 422 and _error(response)["field"] == "cost_estimate"
    cleared = client.put(f"/api/v1/proposals/{draft.id}",
                         json={"title": DRAFT["title"], "problem": DRAFT["problem"],
                               "body": DRAFT["body"]}, headers=headers)
    assert cleared.status_code == 200
    assert (cleared.get_json()["area"], cleared.get_json()["cost_estimate"]) == (None, None)


def test_the_author_publishes_the_draft(client, session, people, draft):  # noqa: ANN001
    refused = client.post(f"/api/v1/proposals/{draft.id}/publish",
                          headers=bearer(people["coauthor"], session))
    assert refused.status_code == 403 and _error(refused)["code"] == "not_author"
    published = client.post(f"/api/v1/proposals/{draft.id}/publish",
                            headers=bearer(people["author"], session))
    assert published.status_code == 200
    body = published.get_json()
    assert (body["state"], body["stage"], body["days_left"]) == ("collecting", "collecting", 90)
    assert body["deadline"] == body["closes_at"] is not None
    assert [step["state"] for step in body["timeline"]] == ["collecting"]
    again = client.post(f"/api/v1/proposals/{draft.id}/publish",
                        headers=bearer(people["author"], session))
    assert again.status_code == 404  # as on the page: there is no draft any more
    edit = client.put(f"/api/v1/proposals/{draft.id}", json=DRAFT,
                      headers=bearer(people["author"], session))
    assert edit.status_code == 404


# --- supports -----------------------------------------------------------------------------

def test_support_then_withdraw(client, session, people, collecting):  # noqa: ANN001
    headers = bearer(people["citizen"], session)
    url = f"/api/v1/proposals/{collecting.id}/support"
    added = client.post(url, headers=headers)
    assert added.status_code == 201
    assert (added.get_json()["supported"], added.get_json()["supports"],
            added.get_json()["total_supports"]) == (True, 1, 1)
    again = client.post(url, headers=headers)
    assert again.status_code == 200 and again.get_json()["supports"] == 1
    withdrawn = client.delete(url, headers=headers)
    assert withdrawn.status_code == 200
    assert (withdrawn.get_json()["supported"], withdrawn.get_json()["supports"]) == (False, 0)
    assert client.delete(url, headers=headers).status_code == 200
    assert session.scalar(select(ProposalSupport)) is None


@pytest.mark.parametrize("role, status", [("anonymous", 401), ("suspended", 403),
                                          ("unconfirmed", 403), ("councillor", 201)])
def test_who_may_support(client, session, people, collecting, role, status):  # noqa: ANN001
    headers = bearer(people[role], session) if people[role] else {}
    response = client.post(f"/api/v1/proposals/{collecting.id}/support", headers=headers)
    assert response.status_code == status


def test_no_support_once_it_stops_collecting(client, session, people, collecting):  # noqa: ANN001
    collecting.collect_until = utcnow() - timedelta(minutes=1)
    session.flush()
    headers = bearer(people["citizen"], session)
    for method in ("POST", "DELETE"):
        response = client.open(f"/api/v1/proposals/{collecting.id}/support", method=method,
                               headers=headers)
        assert response.status_code == 409 and _error(response)["code"] == "not_collecting"


def test_support_of_a_draft_or_a_thread_that_is_no_proposal(client, session, people, draft):  # noqa: ANN001
    from tests.factories import make_thread
    headers = bearer(people["citizen"], session)
    thread = make_thread(session)
    assert client.post(f"/api/v1/proposals/{thread.id}/support",
                       headers=headers).status_code == 404
    assert client.post(f"/api/v1/proposals/{draft.id}/support",
                       headers=headers).status_code == 409


def test_the_postcode_is_asked_when_the_site_lists_areas(app, client, session, people,  # noqa: ANN001
                                                         collecting):
    app.config["PROPOSAL_POSTCODE_AREAS"] = {"CB1": "Romsey"}
    headers = bearer(people["citizen"], session)
    url = f"/api/v1/proposals/{collecting.id}/support"
    assert client.post(url, headers=headers).status_code == 400  # no body: nothing to read
    for body, field in (({}, "postcode"), ({"postcode": 1}, "postcode"),
                        ({"postcode": "ZZ9 9ZZ"}, "postcode")):
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 422 and _error(response)["field"] == field
    assert client.post(url, json={"postcode": "cb1 2ab"}, headers=headers).status_code == 201
    assert session.scalar(select(ProposalSupport.area)) == "Romsey"


# --- the list and one proposal ---------------------------------------------------------------

def test_the_list_filters_sorts_and_pages(client, session, people, topic, draft):  # noqa: ANN001
    other = make_topic(session, slug="parks", title="Parks")
    made = [make_proposal(session, author=people["author"], topic=topic if n % 2 else other,
                          title=f"Proposal number {n}", area="Romsey" if n < 3 else None)
            for n in range(5)]
    for n, proposal in enumerate(made):
        proposal.support_count = n
    session.flush()
    first = client.get("/api/v1/proposals?limit=2").get_json()
    assert [p["id"] for p in first["proposals"]] == [made[4].id, made[3].id]
    second = client.get(f"/api/v1/proposals?limit=2&cursor={first['next_cursor']}").get_json()
    assert [p["id"] for p in second["proposals"]] == [made[2].id, made[1].id]
    last = client.get(f"/api/v1/proposals?limit=2&cursor={second['next_cursor']}").get_json()
    assert [p["id"] for p in last["proposals"]] == [made[0].id]
    assert last["next_cursor"] is None and draft.id not in [p["id"] for p in last["proposals"]]
    parks = client.get("/api/v1/proposals?topic=parks&area=romsey").get_json()["proposals"]
    assert [p["id"] for p in parks] == [made[2].id, made[0].id]
    assert parks[0]["topic"] == "parks" and parks[0]["total_supports"] == 2
    newest = client.get("/api/v1/proposals?sort=newest&state=collecting").get_json()
    assert len(newest["proposals"]) == 5


def test_the_answered_order_lists_answered_proposals(client, session, people, qualified):  # noqa: ANN001
    save_answer(session, people["councillor"], qualified, decision="accepted",
                body="We will install six.", now=utcnow())
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    make_proposal(session, author=people["author"])
    listed = client.get("/api/v1/proposals?sort=answered").get_json()["proposals"]
    assert [p["id"] for p in listed] == [qualified.id]
    assert listed[0]["answered_at"] is not None and listed[0]["stage"] == "answered"


@pytest.mark.parametrize("query, field", [
    ("sort=loudest", "sort"), ("state=rejected", "state"), ("cursor=zzz", "cursor"),
    ("limit=0", "limit"), ("limit=101", "limit"), ("limit=1e3", "limit"),
    (f"cursor={encode_cursor('1' + '0' * 30, 1)}", "cursor"),
    (f"cursor={encode_cursor('9999-12-31T23:59:59-05:00', 1)}&sort=newest", "cursor"),
    (f"cursor={encode_cursor('2026-01-01T00:00:00', 1)}&sort=newest", "cursor"),
    (f"cursor={encode_cursor('12', 1)}&sort=closing", "cursor"),
])
def test_bad_list_parameters_are_a_422(client, query, field):  # noqa: ANN001
    response = client.get(f"/api/v1/proposals?{query}")
    assert response.status_code == 422 and _error(response)["field"] == field


def test_an_unknown_topic_filter_is_a_404(client):  # noqa: ANN001
    assert client.get("/api/v1/proposals?topic=nowhere").status_code == 404


def test_one_proposal_with_its_answer_and_timeline(client, session, people, qualified):  # noqa: ANN001
    save_answer(session, people["councillor"], qualified, decision="accepted",
                body="We will install **six**.", now=utcnow())
    url = f"/api/v1/proposals/{qualified.id}"
    assert client.get(url).get_json()["answer"] is None  # a draft: councillors only
    seen = client.get(url, headers=bearer(people["admin"], session)).get_json()["answer"]
    assert seen["state"] == "draft"
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    body = client.get(url).get_json()
    assert body["answer"]["state"] == "published" and body["answer"]["decision"] == "accepted"
    assert "<strong>six</strong>" in body["answer"]["body_html"]
    assert body["answer_timing"] == "on_time" and body["answer_due_at"] is not None
    assert [s["state"] for s in body["timeline"]] == ["collecting", "qualified", "answered"]
    assert body["timeline"][-1]["actor"]["id"] == people["councillor"].id
    assert body["url"].endswith(f"/threads/{qualified.id}")
    assert body["problem_html"].startswith("<p>") and body["supported"] is False


def test_one_proposal_knows_who_supports_it(client, session, people, collecting):  # noqa: ANN001
    support(session, people["citizen"], collecting, now=utcnow())
    url = f"/api/v1/proposals/{collecting.id}"
    assert client.get(url, headers=bearer(people["citizen"], session)).get_json()["supported"]
    assert not client.get(url, headers=bearer(people["admin"], session)).get_json()["supported"]


def test_a_thread_that_is_no_proposal_is_a_404(client, session):  # noqa: ANN001
    from tests.factories import make_thread
    response = client.get(f"/api/v1/proposals/{make_thread(session).id}")
    assert response.status_code == 404 and _error(response)["code"] == "not_found"


def test_the_list_and_one_proposal_take_a_bounded_number_of_queries(client, session,  # noqa: ANN001
                                                                    people, topic,
                                                                    count_queries):
    def make(n: int) -> None:  # each by someone else, in a topic of its own
        make_proposal(session, author=make_user(session), topic=make_topic(session),
                      title=f"Proposal number {n}")

    for n in range(2):
        make(n)
    session.commit()
    session.expire_all()
    with count_queries() as few:
        assert len(client.get("/api/v1/proposals?limit=1").get_json()["proposals"]) == 1
    for n in range(2, 12):
        make(n)
    session.commit()
    session.expire_all()
    with count_queries() as many:
        assert len(client.get("/api/v1/proposals?limit=10").get_json()["proposals"]) == 10
    assert len(many) == len(few)


# --- the council's answer -------------------------------------------------------------------

def test_a_councillor_answers_publishes_updates_and_completes(client, session, people,  # noqa: ANN001
                                                              qualified):
    headers = bearer(people["councillor"], session)
    url = f"/api/v1/proposals/{qualified.id}/answer"
    drafted = client.post(url, json={"decision": "accepted", "body": "We will install six."},
                          headers=headers)
    assert drafted.status_code == 201
    assert (drafted.get_json()["state"], drafted.get_json()["decision"]) == ("draft", "accepted")
    rewritten = client.put(url, json={"decision": "accepted_in_part", "body": "Four of six."},
                           headers=headers)
    assert rewritten.status_code == 200 and rewritten.get_json()["decision"] == \
        "accepted_in_part"
    published = client.post(f"{url}/publish", headers=headers)
    assert published.status_code == 200 and published.get_json()["state"] == "published"
    session.refresh(qualified)
    assert qualified.proposal_state == ProposalState.ANSWERED
    again = client.post(f"{url}/publish", headers=headers)
    assert again.status_code == 409 and _error(again)["code"] == "wrong_state"
    corrected = client.put(url, json={"decision": "accepted_in_part", "body": "Five of six."},
                           headers=headers)
    assert corrected.status_code == 200 and corrected.get_json()["corrected_at"] is not None
    update = client.post(f"{url}/updates", json={"body": "The benches are ordered."},
                         headers=headers)
    assert update.status_code == 201
    assert [u["body"] for u in update.get_json()["updates"]] == ["The benches are ordered."]
    done = client.post(f"{url}/updates", json={"body": "They are in.", "complete": True},
                       headers=headers)
    assert done.status_code == 201 and done.get_json()["complete"] is True
    session.refresh(qualified)
    assert qualified.proposal_state == ProposalState.DONE
    late = client.post(f"{url}/updates", json={"body": "More news."}, headers=headers)
    assert late.status_code == 409 and _error(late)["code"] == "response_complete"


def test_publish_with_the_draft(client, session, people, qualified):  # noqa: ANN001
    response = client.post(f"/api/v1/proposals/{qualified.id}/answer",
                           json={"decision": "not_accepted", "body": "There is no budget.",
                                 "publish": True},
                           headers=bearer(people["admin"], session))
    assert response.status_code == 201 and response.get_json()["state"] == "published"
    session.refresh(qualified)
    assert qualified.proposal_state == ProposalState.ANSWERED


@pytest.mark.parametrize("role, status", [("anonymous", 401), ("citizen", 403),
                                          ("author", 403), ("moderator", 403),
                                          ("councillor", 201)])
def test_only_councillors_answer(client, session, people, qualified, role, status):  # noqa: ANN001
    headers = bearer(people[role], session) if people[role] else {}
    response = client.post(f"/api/v1/proposals/{qualified.id}/answer",
                           json={"decision": "accepted", "body": "Yes."}, headers=headers)
    assert response.status_code == status


def test_the_answer_waits_for_the_threshold_and_for_publication(client, session, people,  # noqa: ANN001
                                                                collecting, qualified):
    headers = bearer(people["councillor"], session)
    early = client.post(f"/api/v1/proposals/{collecting.id}/answer",
                        json={"decision": "accepted", "body": "Yes."}, headers=headers)
    assert early.status_code == 409 and _error(early)["code"] == "not_qualified"
    nothing = client.post(f"/api/v1/proposals/{qualified.id}/answer/publish", headers=headers)
    assert nothing.status_code == 409 and _error(nothing)["code"] == "wrong_state"
    update = client.post(f"/api/v1/proposals/{qualified.id}/answer/updates",
                         json={"body": "Soon."}, headers=headers)
    assert update.status_code == 409 and _error(update)["code"] == "wrong_state"


@pytest.mark.parametrize("body, field", [
    ({"body": "Yes."}, "decision"), ({"decision": "accepted"}, "body"),
    ({"decision": "agreed", "body": "Yes."}, "decision"),
    ({"decision": 1, "body": "Yes."}, "decision"),
    ({"decision": "accepted", "body": "Yes.", "publish": "yes"}, "publish"),
    ({"decision": "accepted", "body": "Yes.", "consultation_id": True}, "consultation_id"),
    ({"decision": "accepted", "body": "Yes.", "consultation_id": 2 ** 63}, "consultation_id"),
    ({"decision": "consultation", "body": "Yes."}, "consultation"),
    ({"decision": "consultation", "body": "Yes.", "consultation_id": 2 ** 31 - 1},
     "consultation"),
])
def test_a_bad_answer_field_is_a_422(client, session, people, qualified, body, field):  # noqa: ANN001
    response = client.post(f"/api/v1/proposals/{qualified.id}/answer", json=body,
                           headers=bearer(people["councillor"], session))
    assert response.status_code == 422 and _error(response)["field"] == field
    assert qualified.council_response is None


@pytest.mark.parametrize("body, field", [({}, "body"), ({"body": 5}, "body"),
                                         ({"body": "News.", "complete": 1}, "complete")])
def test_a_bad_update_field_is_a_422(client, session, people, qualified, body, field):  # noqa: ANN001
    save_answer(session, people["councillor"], qualified, decision="accepted", body="Yes.",
                now=utcnow())
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    response = client.post(f"/api/v1/proposals/{qualified.id}/answer/updates", json=body,
                           headers=bearer(people["councillor"], session))
    assert response.status_code == 422 and _error(response)["field"] == field


def test_the_inbox_lists_waiting_proposals_by_id_and_kind(client, session, people,  # noqa: ANN001
                                                          qualified):
    body = client.get("/api/v1/council/inbox",
                      headers=bearer(people["councillor"], session)).get_json()
    assert set(body) == {"summaries", "overdue_updates", "threads"}
    [item] = body["threads"]
    assert (item["thread_id"], item["kind"], item["title"]) == (
        qualified.id, "proposal", "Benches along the canal")
    assert item["has_draft"] is False and item["overdue"] is False
    assert item["respond_link"] == f"/proposals/{qualified.id}/answer"
    assert client.get("/api/v1/council/inbox",
                      headers=bearer(people["citizen"], session)).status_code == 403


# --- CSRF on cookie calls -------------------------------------------------------------------

def test_a_cookie_call_needs_the_csrf_header(app, client, session, login, people,  # noqa: ANN001
                                             collecting):
    app.config["WTF_CSRF_ENABLED"] = True
    login(people["citizen"])
    url = f"/api/v1/proposals/{collecting.id}/support"
    refused = client.post(url)
    assert refused.status_code == 400 and _error(refused)["code"] == "csrf_failed"
    assert session.scalar(select(ProposalSupport)) is None
    page = client.get(f"/threads/{collecting.id}").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    assert client.post(url, headers={"X-CSRFToken": token}).status_code == 201
    created = client.post("/api/v1/topics/transport/proposals", json=DRAFT)
    assert created.status_code == 400 and _error(created)["code"] == "csrf_failed"
    assert client.post("/api/v1/topics/transport/proposals", json=DRAFT,
                       headers={"X-CSRFToken": token}).status_code == 201
