"""Every state move by every role, allowed and refused, through the API and the HTML forms."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.db import utcnow
from forum.summaries import services
from forum.summaries.models import SummaryState
from tests.factories import bearer, make_thread
from tests.summaries.helpers import ROLES, advance

#: (move, state the summary is in, roles allowed)
MOVES = [
    ("publish", "draft", {"moderator", "admin"}),
    ("submit", "published", {"moderator", "admin"}),
]
#: what the roles that may not make a move get, when the summary is a draft (it is invisible)
DRAFT_REFUSAL = {"anonymous": 401, "citizen": 404, "suspended": 404, "councillor": 404}


def _headers(people, role, session):  # noqa: ANN001, ANN202
    return bearer(people[role], session) if people[role] else {}


def _prepare(session, people, draft, state):  # noqa: ANN001, ANN202
    if state != "draft":
        advance(session, draft, state, people)
    session.commit()
    return draft


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("move", "state", "allowed"), MOVES)
def test_api_moves_by_role(client, session, people, draft, role, move, state, allowed):
    summary = _prepare(session, people, draft, state)
    response = client.post(f"/api/v1/summaries/{summary.id}/{move}",
                           headers=_headers(people, role, session))
    if role in allowed:
        assert response.status_code == 200, response.json
        assert response.json["state"] == {"publish": "published", "submit": "submitted"}[move]
        by = {"publish": "published_by", "submit": "submitted_by"}[move]
        assert response.json[by]["id"] == people[role].id
    elif role == "anonymous":
        assert response.status_code == 401
    elif state == "draft":
        assert response.status_code == DRAFT_REFUSAL[role]
    else:
        assert response.status_code == 403
        assert "Only moderators" in response.json["error"]["message"]
    session.expire_all()
    expected = {"publish": SummaryState.PUBLISHED, "submit": SummaryState.SUBMITTED}[move]
    assert (services.summary_of(session, summary.thread).state == expected) == (role in allowed)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("move", "state", "allowed"), MOVES)
def test_html_moves_by_role(client, login, session, people, draft, role, move, state, allowed):
    summary = _prepare(session, people, draft, state)
    if people[role]:
        login(people[role])
    response = client.post(f"/summaries/{summary.id}/{move}")
    if role in allowed:
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/summaries/{summary.id}")
    elif role == "anonymous":
        assert response.status_code in (302, 401)
    elif state == "draft":
        assert response.status_code == 404
    else:
        assert response.status_code == 403
        assert b"Only moderators" in response.data
    session.expire_all()
    moved = services.summary_of(session, summary.thread).state != SummaryState(
        "published" if state == "published" else "draft")
    assert moved == (role in allowed)


@pytest.mark.parametrize(("move", "state", "message"), [
    ("publish", "published", "already published"),
    ("publish", "submitted", "already published and submitted"),
    ("submit", "draft", "Publish the summary before submitting it"),
    ("submit", "submitted", "already been submitted"),
    ("submit", "responded", "already responded"),
])
def test_moves_from_the_wrong_state_are_conflicts(client, session, people, draft, move, state,
                                                  message):
    summary = _prepare(session, people, draft, state)
    response = client.post(f"/api/v1/summaries/{summary.id}/{move}",
                           headers=bearer(people["moderator"], session))
    assert response.status_code == 409
    assert message in response.json["error"]["message"]
    assert response.json["error"]["code"] == "wrong_state"


def test_the_summary_of_an_open_consultation_cannot_be_submitted(client, session, people):
    from forum.consultations.services import post_consultation
    from tests.factories import make_topic
    thread = post_consultation(session, people["councillor"], make_topic(session),
                               title="Open consultation", question="Yes or no?", body="Text.",
                               closes_at=utcnow() + timedelta(days=3), now=utcnow())
    summary = services.create_summary(session, people["moderator"], thread, body="Interim.",
                                      now=utcnow())
    services.publish_summary(session, people["moderator"], summary, now=utcnow())
    session.commit()
    response = client.post(f"/api/v1/summaries/{summary.id}/submit",
                           headers=bearer(people["moderator"], session))
    assert response.status_code == 409
    assert response.json["error"]["code"] == "consultation_open"


def test_a_discussion_summary_can_be_submitted_at_any_time(client, session, people, debate):
    summary = services.create_summary(session, people["moderator"], debate.thread, body="S.",
                                      now=utcnow())
    services.publish_summary(session, people["moderator"], summary, now=utcnow())
    session.commit()
    response = client.post(f"/api/v1/summaries/{summary.id}/submit",
                           headers=bearer(people["moderator"], session))
    assert response.status_code == 200


@pytest.mark.parametrize("state", ["submitted", "responded"])
def test_a_submitted_summary_is_only_corrected_keeping_its_points(client, session, people,
                                                                 draft, state):
    summary = _prepare(session, people, draft, state)
    response = client.put(f"/api/v1/summaries/{summary.id}", json={"body": "Changed.",
                                                                    "revision": 1},
                          headers=bearer(people["moderator"], session))
    assert response.status_code == 422
    assert "submitted to the council with 2 points" in response.json["error"]["message"]
    kept = client.put(f"/api/v1/summaries/{summary.id}", headers=bearer(people["moderator"],
                                                                         session),
                      json={"body": summary.body.replace("cafés", "cafés and benches"),
                            "revision": 1})
    assert kept.status_code == 200 and kept.json["points"][0]["corrected_at"] is not None


def test_each_move_is_timestamped_with_who_made_it(session, people, draft):
    advance(session, draft, "responded", people)
    assert draft.published_by_id == draft.submitted_by_id == people["moderator"].id
    assert draft.responded_by_id == people["councillor"].id
    assert draft.published_at <= draft.submitted_at <= draft.responded_at
    assert draft.state == SummaryState.RESPONDED


@pytest.mark.parametrize("role", ROLES)
def test_only_moderators_can_start_a_summary(client, session, people, role):
    thread = make_thread(session)
    session.commit()
    response = client.post(f"/api/v1/threads/{thread.id}/summaries", json={"body": "Mine."},
                           headers=_headers(people, role, session))
    expected = 201 if role in ("moderator", "admin") else 401 if role == "anonymous" else 403
    assert response.status_code == expected
