"""Consultations in the JSON API: create, serialise, extend, close, list; closed means 403."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from forum.db import utcnow
from tests.consultations.conftest import ROLES, make_consultation
from tests.factories import bearer, make_post, make_thread

HOUR = timedelta(hours=1)
LATER = (utcnow() + timedelta(days=14)).replace(microsecond=0)


def headers(people, role):  # noqa: ANN001
    return bearer(people[role]) if people[role] is not None else {}


def body(**changes) -> dict:
    values = {"kind": "consultation", "topic": "transport", "title": "Proposed 20 mph limit",
              "question": "Should streets be 20 mph?", "body": "Background.",
              "closes_at": LATER.isoformat()}
    values.update(changes)
    return {k: v for k, v in values.items() if v is not ...}


def test_a_councillor_posts_a_consultation(client, people, topic):
    response = client.post("/api/v1/threads", json=body(), headers=bearer(people["author"]))
    assert response.status_code == 201
    data = response.json
    assert data["kind"] == "consultation" and data["status"] == "open"
    assert data["question"] == "Should streets be 20 mph?"
    assert datetime.fromisoformat(data["closes_at"]) == LATER
    assert data["closes_at"].endswith("+00:00") and data["opens_at"].endswith("+00:00")
    assert abs(datetime.fromisoformat(data["opens_at"]) - utcnow()) < timedelta(minutes=1)
    assert data["closed_early_reason"] is None and data["body_html"] == "<p>Background.</p>"


def test_offsets_are_honoured(client, people, topic):
    opens = (utcnow() + timedelta(days=1)).replace(microsecond=0)
    india = timezone(timedelta(hours=5, minutes=30))
    response = client.post("/api/v1/threads", headers=bearer(people["admin"]), json=body(
        opens_at=opens.astimezone(india).isoformat(),
        closes_at=LATER.strftime("%Y-%m-%dT%H:%M:%SZ")))
    assert response.status_code == 201, response.json
    assert response.json["opens_at"] == opens.isoformat()  # the same instant, given in UTC
    assert datetime.fromisoformat(response.json["closes_at"]) == LATER
    assert response.json["status"] == "upcoming"


@pytest.mark.parametrize(("changes", "field"), [
    ({"closes_at": ...}, "closes_at"),
    ({"closes_at": None}, "closes_at"),
    ({"closes_at": "next friday"}, "closes_at"),
    ({"closes_at": "2030-01-01T10:00:00"}, "closes_at"),   # no offset
    ({"closes_at": 1767225600}, "closes_at"),
    ({"closes_at": "2020-01-01T10:00:00+00:00"}, "closes_at"),
    ({"opens_at": "tomorrow"}, "opens_at"),
    ({"opens_at": "2020-01-01T10:00:00+00:00"}, "opens_at"),
    ({"opens_at": (LATER + HOUR).isoformat()}, "closes_at"),
    ({"question": ...}, "question"),
    ({"question": "Why?"}, "question"),
    ({"title": "Hi"}, "title"),
    ({"body": ...}, "body"),
])
def test_bad_input_is_a_422_naming_the_field(client, session, people, topic, changes, field):
    response = client.post("/api/v1/threads", json=body(**changes),
                           headers=bearer(people["author"]))
    assert response.status_code == 422, response.json
    assert response.json["error"]["field"] == field
    assert response.json["error"]["message"]


@pytest.mark.parametrize(("role", "status", "code"), [
    ("anonymous", 401, "unauthorized"), ("citizen", 403, "not_councillor"),
    ("suspended", 403, "not_councillor"), ("moderator", 403, "not_councillor")])
def test_others_may_not_post_consultations(client, people, topic, role, status, code):
    response = client.post("/api/v1/threads", json=body(), headers=headers(people, role))
    assert response.status_code == status and response.json["error"]["code"] == code


def test_a_thread_serialises_its_consultation_fields(client, people, closed_consultation):
    data = client.get(f"/api/v1/threads/{closed_consultation.id}").json
    assert data["status"] == "closed" and data["kind"] == "consultation"
    assert data["question"] == closed_consultation.question
    assert datetime.fromisoformat(data["opens_at"]) == closed_consultation.opens_at
    assert datetime.fromisoformat(data["closes_at"]) == closed_consultation.closes_at


def test_a_discussion_has_no_consultation_fields(client, session):
    thread = make_thread(session)
    session.commit()
    data = client.get(f"/api/v1/threads/{thread.id}").json
    assert data["kind"] == "discussion" and data["status"] is None and data["closes_at"] is None
    assert "question" not in data


@pytest.mark.parametrize(("role", "status"), [("anonymous", 404), ("citizen", 404),
                                              ("suspended", 404), ("author", 200),
                                              ("councillor", 200), ("moderator", 200),
                                              ("admin", 200)])
def test_an_upcoming_consultation_is_hidden_from_the_public(client, people,
                                                            upcoming_consultation, role, status):
    response = client.get(f"/api/v1/threads/{upcoming_consultation.id}",
                          headers=headers(people, role))
    assert response.status_code == status
    if status == 200:
        assert response.json["status"] == "upcoming"


# Closed: reading yes, contributing no ------------------------------------------------------

@pytest.mark.parametrize("role", ["citizen", "author", "councillor", "moderator", "admin"])
def test_a_closed_consultation_refuses_every_contribution(client, session, people,
                                                          closed_consultation, role):
    other = people["citizen"] if role != "citizen" else people["councillor"]
    post = make_post(session, thread=closed_consultation, author=other, stance="for",
                     now=closed_consultation.opens_at + HOUR)
    session.commit()
    auth = bearer(people[role])
    attempts = [
        client.post(f"/api/v1/threads/{closed_consultation.id}/posts", headers=auth,
                    json={"body": "Late argument.", "stance": "against"}),
        client.post(f"/api/v1/threads/{closed_consultation.id}/posts", headers=auth,
                    json={"body": "Late reply.", "parent_id": post.id}),
        client.post(f"/api/v1/posts/{post.id}/endorsement", headers=auth),
    ]
    for response in attempts:
        assert response.status_code == 403, response.json
        assert response.json["error"]["code"] == "consultation_closed"
    listed = client.get(f"/api/v1/threads/{closed_consultation.id}/posts").json["posts"]
    assert [p["id"] for p in listed] == [post.id] and listed[0]["endorsements"] == 0


def test_the_suspended_are_told_they_are_suspended(client, people, closed_consultation):
    response = client.post(f"/api/v1/threads/{closed_consultation.id}/posts",
                           headers=bearer(people["suspended"]), json={"body": "Hi there."})
    assert response.status_code == 403 and response.json["error"]["code"] == "suspended"


def test_the_clock_alone_closes_it(client, session, people, topic):
    thread = make_consultation(session, people["author"], topic, created=utcnow() - HOUR,
                               closes_in=HOUR - timedelta(seconds=1))
    session.commit()
    response = client.post(f"/api/v1/threads/{thread.id}/posts",
                           headers=bearer(people["citizen"]), json={"body": "Still open?"})
    assert response.status_code == 403 and response.json["error"]["code"] == "consultation_closed"
    assert client.get(f"/api/v1/threads/{thread.id}").json["status"] == "closed"


def test_an_open_consultation_takes_contributions(client, people, open_consultation):
    response = client.post(f"/api/v1/threads/{open_consultation.id}/posts",
                           headers=bearer(people["citizen"]),
                           json={"body": "Yes please.", "stance": "for"})
    assert response.status_code == 201


# Extend and close ---------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "status"), [(r, 200 if r in ("author", "admin") else
                                               401 if r == "anonymous" else 403) for r in ROLES])
def test_who_may_extend(client, session, people, open_consultation, role, status):
    before = open_consultation.closes_at
    response = client.post(f"/api/v1/threads/{open_consultation.id}/extend",
                           json={"closes_at": LATER.isoformat()}, headers=headers(people, role))
    assert response.status_code == status
    session.refresh(open_consultation)
    if status == 200:
        assert datetime.fromisoformat(response.json["closes_at"]) == LATER
        assert open_consultation.closes_at == LATER
    else:
        assert open_consultation.closes_at == before


@pytest.mark.parametrize("value", [None, "soon", "2030-01-01T10:00:00", "2020-01-01T10:00:00Z"])
def test_a_bad_extension_is_a_422(client, people, open_consultation, value):
    response = client.post(f"/api/v1/threads/{open_consultation.id}/extend",
                           json={"closes_at": value}, headers=bearer(people["author"]))
    assert response.status_code == 422 and response.json["error"]["field"] == "closes_at"


def test_an_earlier_deadline_is_not_an_extension(client, people, open_consultation):
    earlier = open_consultation.closes_at - HOUR
    response = client.post(f"/api/v1/threads/{open_consultation.id}/extend",
                           json={"closes_at": earlier.isoformat()},
                           headers=bearer(people["author"]))
    assert response.status_code == 422 and "later than the current" in \
        response.json["error"]["message"]


@pytest.mark.parametrize("action", [("extend", {"closes_at": LATER.isoformat()}),
                                    ("close", {"reason": "Closing it a second time."})])
def test_a_closed_consultation_keeps_its_dates(client, people, closed_consultation, action):
    name, payload = action
    response = client.post(f"/api/v1/threads/{closed_consultation.id}/{name}", json=payload,
                           headers=bearer(people["author"]))
    assert response.status_code == 403 and response.json["error"]["code"] == "consultation_closed"


def test_a_discussion_cannot_be_extended(client, session, people):
    thread = make_thread(session, author=people["author"])
    session.commit()
    response = client.post(f"/api/v1/threads/{thread.id}/extend",
                           json={"closes_at": LATER.isoformat()}, headers=bearer(people["admin"]))
    assert response.status_code == 403 and response.json["error"]["code"] == "not_consultation"


@pytest.mark.parametrize(("role", "status"), [(r, 200 if r in ("author", "admin") else
                                               401 if r == "anonymous" else 403) for r in ROLES])
def test_who_may_close_early(client, people, open_consultation, role, status):
    response = client.post(f"/api/v1/threads/{open_consultation.id}/close",
                           json={"reason": "The county withdrew the scheme."},
                           headers=headers(people, role))
    assert response.status_code == status
    if status == 200:
        assert response.json["status"] == "closed"
        assert response.json["closed_early_reason"] == "The county withdrew the scheme."
        assert datetime.fromisoformat(response.json["closes_at"]) <= utcnow()


@pytest.mark.parametrize("reason", [None, "", "Short", 42])
def test_closing_early_needs_a_reason(client, people, open_consultation, reason):
    response = client.post(f"/api/v1/threads/{open_consultation.id}/close",
                           json={"reason": reason}, headers=bearer(people["author"]))
    assert response.status_code == 422 and response.json["error"]["field"] == "reason"


def test_extend_and_close_need_json(client, people, open_consultation):
    response = client.post(f"/api/v1/threads/{open_consultation.id}/close", data="reason",
                           headers=bearer(people["author"]))
    assert response.status_code == 400 and response.json["error"]["code"] == "bad_json"


# Listing ------------------------------------------------------------------------------------

def test_open_consultations_are_listed_closing_soonest_first(client, session, people, topic,
                                                             closed_consultation,
                                                             upcoming_consultation):
    later = make_consultation(session, people["author"], topic, title="Closes later",
                              closes_in=timedelta(days=20))
    sooner = make_consultation(session, people["author"], topic, title="Closes sooner",
                               closes_in=timedelta(days=2))
    session.commit()
    listed = client.get("/api/v1/consultations").json["consultations"]
    assert [c["id"] for c in listed] == [sooner.id, later.id]
    assert all(c["status"] == "open" and c["question"] for c in listed)
    closed = client.get("/api/v1/consultations?status=closed").json["consultations"]
    assert [c["id"] for c in closed] == [closed_consultation.id]


@pytest.mark.parametrize("query", ["status=upcoming", "status=", "limit=0", "limit=x"])
def test_bad_list_queries_are_a_422(client, query):
    response = client.get(f"/api/v1/consultations?{query}")
    assert response.status_code == 422
