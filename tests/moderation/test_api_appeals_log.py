"""The moderation API: appeals and the moderation log, for every role."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from forum.db import utcnow
from forum.moderation import appeals
from forum.moderation.flags import flag_post
from forum.moderation.models import AuditEntry
from forum.moderation.services import hide_post, lock_thread
from tests.factories import bearer
from tests.moderation.conftest import ROLES
from tests.moderation.test_api import MODERATORS, expected, headers


def test_appeals_flow(client, session, people, post, author):
    hide_post(session, people["moderator"], post, reason="Abuse.", now=utcnow())
    session.commit()
    auth = bearer(author)
    created = client.post("/api/v1/appeals", json={"post_id": post.id, "statement": "Fair."},
                          headers=auth)
    assert created.status_code == 201
    appeal_id = created.get_json()["id"]
    assert created.get_json()["status"] == "pending"
    twice = client.post("/api/v1/appeals", json={"post_id": post.id, "statement": "Again."},
                        headers=auth)
    assert twice.status_code == 409
    same = client.post(f"/api/v1/appeals/{appeal_id}/decide",
                       json={"granted": True, "reason": "x"}, headers=bearer(people["moderator"]))
    assert same.status_code == 403 and same.get_json()["error"]["code"] == "same_moderator"
    citizen = client.post(f"/api/v1/appeals/{appeal_id}/decide",
                          json={"granted": True, "reason": "x"},
                          headers=bearer(people["citizen"]))
    assert citizen.status_code == 403
    decided = client.post(f"/api/v1/appeals/{appeal_id}/decide",
                          json={"granted": True, "reason": "Fair in context."},
                          headers=bearer(people["admin"]))
    assert decided.status_code == 200 and decided.get_json()["status"] == "granted"
    mine = client.get("/api/v1/appeals", headers=auth).get_json()["appeals"]
    assert [(a["id"], a["decision_reason"]) for a in mine] == [(appeal_id, "Fair in context.")]
    assert client.get(f"/api/v1/appeals/{appeal_id}",
                      headers=bearer(people["citizen"])).status_code == 404
    assert client.get(f"/api/v1/appeals/{appeal_id}", headers=auth).status_code == 200
    assert client.get(f"/api/v1/appeals/{appeal_id}",
                      headers=bearer(people["moderator"])).status_code == 200
    session.expire_all()
    assert post.is_visible


def test_suspension_appeal(client, session, people):
    user = people["suspended"]
    response = client.post("/api/v1/appeals", json={"suspension": True, "statement": "Sorry."},
                           headers=bearer(user))
    assert response.status_code == 201 and response.get_json()["kind"] == "suspension"
    decided = client.post(f"/api/v1/appeals/{response.get_json()['id']}/decide",
                          json={"granted": True, "reason": "Accepted."},
                          headers=bearer(people["moderator"]))
    assert decided.status_code == 200
    session.expire_all()
    assert not user.is_suspended(utcnow())


@pytest.mark.parametrize("body,field", [({"statement": "x"}, "post_id"),
                                        ({"post_id": "1", "statement": "x"}, "post_id"),
                                        ({"post_id": 1, "suspension": True, "statement": "x"},
                                         "post_id"),
                                        ({"suspension": True}, "statement")])
def test_appeal_bad_input(client, session, people, body, field):
    response = client.post("/api/v1/appeals", json=body, headers=bearer(people["suspended"]))
    assert response.status_code == 422 and response.get_json()["error"]["field"] == field


def test_decide_needs_boolean(client, session, people, post, author):
    hide_post(session, people["moderator"], post, reason="Abuse.", now=utcnow())
    appeal = appeals.appeal_post(session, author, post, statement="x", now=utcnow())
    session.commit()
    response = client.post(f"/api/v1/appeals/{appeal.id}/decide",
                           json={"granted": "yes", "reason": "x"}, headers=bearer(people["admin"]))
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "granted"


@pytest.mark.parametrize("role", ROLES)
def test_log(client, session, people, post, role):
    hide_post(session, people["moderator"], post, reason="Abuse.", now=utcnow())
    session.commit()
    response = client.get("/api/v1/moderation/log", headers=headers(people, role))
    assert response.status_code == expected(role, MODERATORS, 200)
    assert response.headers["Cache-Control"] == "no-store"
    if response.status_code == 200:
        entry = response.get_json()["entries"][0]
        assert (entry["action"], entry["actor"]["id"], entry["target"]["id"], entry["reason"]) \
            == ("post_hidden", people["moderator"].id, post.id, "Abuse.")


def test_log_filters_and_pages(client, session, people, post, thread):
    hide_post(session, people["moderator"], post, reason="a", now=utcnow())
    lock_thread(session, people["admin"], thread, reason="b", now=utcnow())
    session.commit()
    auth = bearer(people["admin"])

    def actions(query: str) -> list[str]:
        return [e["action"] for e in
                client.get(f"/api/v1/moderation/log?{query}", headers=auth).get_json()["entries"]]

    assert actions("") == ["thread_locked", "post_hidden"]
    assert actions(f"actor_id={people['moderator'].id}") == ["post_hidden"]
    assert actions("action=thread_locked") == ["thread_locked"]
    today = date.today()
    assert actions(f"from={today - timedelta(days=1)}&to={today + timedelta(days=1)}") == \
        ["thread_locked", "post_hidden"]
    assert actions("from=2001-01-01&to=2001-01-02") == []
    page = client.get("/api/v1/moderation/log?per_page=1&page=2", headers=auth).get_json()
    assert (page["total"], page["pages"], page["entries"][0]["action"]) == (2, 2, "post_hidden")
    for query, field in (("action=nope", "action"), ("from=2026-13-01", "from"),
                         ("from=2026-03-02&to=2026-03-01", "to"), ("actor_id=x", "actor_id")):
        bad = client.get(f"/api/v1/moderation/log?{query}", headers=auth)
        assert bad.status_code == 422 and bad.get_json()["error"]["field"] == field


def test_every_api_action_is_logged(client, session, people, post, thread, author, reporters):
    flag_post(session, reporters[0], post, reason="spam", threshold=3, now=utcnow())
    session.commit()
    auth = bearer(people["admin"])
    until = (date.today() + timedelta(days=3)).isoformat()
    for method, url, body in (
            ("post", f"/api/v1/flags/{post.id}/uphold", {"reason": "a"}),
            ("post", f"/api/v1/posts/{post.id}/restore", {}),
            ("post", f"/api/v1/posts/{post.id}/hide", {"reason": "b"}),
            ("post", f"/api/v1/threads/{thread.id}/lock", {"reason": "c"}),
            ("post", f"/api/v1/threads/{thread.id}/unlock", {}),
            ("post", f"/api/v1/users/{author.id}/suspension", {"until": until, "reason": "d"}),
            ("delete", f"/api/v1/users/{author.id}/suspension", None)):
        response = getattr(client, method)(url, json=body, headers=auth)
        assert response.status_code < 300, (url, response.get_json())
    assert session.scalar(select(func.count()).select_from(AuditEntry)) == 8
