"""The moderation API: reports, the queue, hiding, locking and suspending, for every role."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.moderation.flags import flag_post
from forum.moderation.models import Flag
from forum.moderation.services import hide_post, lock_thread
from tests.factories import bearer
from tests.moderation.conftest import ROLES

MODERATORS = {"moderator", "admin"}


def headers(people, role) -> dict:  # noqa: ANN001
    return bearer(people[role]) if people[role] is not None else {}


def expected(role: str, allowed: set[str], ok: int) -> int:
    if role == "anonymous":
        return 401
    return ok if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_flag(client, session, people, post, role):
    response = client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "spam"},
                           headers=headers(people, role))
    assert response.status_code == expected(role, {"citizen", "councillor", "moderator", "admin"},
                                            201)
    if response.status_code == 201:
        body = response.get_json()
        assert (body["post_id"], body["reason"], body["status"]) == (post.id, "spam", "open")
    if role == "suspended":
        assert response.get_json()["error"]["code"] == "suspended"


def test_flag_twice_is_409_and_own_post_403(client, session, people, post, author):
    auth = bearer(people["citizen"])
    assert client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "spam"},
                       headers=auth).status_code == 201
    again = client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "offensive"},
                        headers=auth)
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "already_flagged"
    own = client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "spam"},
                      headers=bearer(author))
    assert own.status_code == 403 and own.get_json()["error"]["code"] == "own_post"


@pytest.mark.parametrize("body,field", [({"reason": "rude"}, "reason"), ({}, "reason"),
                                        ({"reason": "other"}, "text"),
                                        ({"reason": "spam", "text": 5}, "text")])
def test_flag_bad_input(client, session, people, post, body, field):
    response = client.post(f"/api/v1/posts/{post.id}/flags", json=body,
                           headers=bearer(people["citizen"]))
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == field


def test_third_distinct_flag_hides(client, session, post, reporters):
    for i, user in enumerate(reporters[:3]):
        client.post(f"/api/v1/posts/{post.id}/flags", json={"reason": "spam"},
                    headers=bearer(user))
        session.expire_all()
        assert post.is_hidden is (i == 2)
    shown = client.get(f"/api/v1/posts/{post.id}").get_json()
    assert shown["hidden"] is True and shown["body_html"] is None


@pytest.mark.parametrize("role", ROLES)
def test_queue(client, session, people, post, reporters, role):
    flag_post(session, reporters[0], post, reason="other", text="Wrong.", threshold=3,
              now=utcnow())
    response = client.get("/api/v1/moderation/queue", headers=headers(people, role))
    assert response.status_code == expected(role, MODERATORS, 200)
    assert response.headers["Cache-Control"] == "no-store"
    if response.status_code == 200:
        data = response.get_json()
        assert data["total"] == 1
        item = data["items"][0]
        assert (item["post"]["id"], item["open_flags"], item["thread"]["id"]) == \
            (post.id, 1, post.thread_id)
        assert item["flags"][0]["text"] == "Wrong."
        assert item["flags"][0]["reporter"]["id"] == reporters[0].id


@pytest.mark.parametrize("role", ROLES)
def test_hide_and_restore(client, session, people, post, role):
    session.commit()  # a refused request rolls back what is not committed
    auth = headers(people, role)
    hidden = client.post(f"/api/v1/posts/{post.id}/hide", json={"reason": "Abuse."},
                         headers=auth)
    assert hidden.status_code == expected(role, MODERATORS, 200)
    if role in MODERATORS:
        body = hidden.get_json()
        assert body["hidden"] is True and body["hidden_reason"] == "Abuse."
        assert "Sunday opening" in body["body_html"]  # moderators keep seeing the text
    else:
        hide_post(session, people["admin"], post, reason="x", now=utcnow())
        session.commit()
    restored = client.post(f"/api/v1/posts/{post.id}/restore", headers=auth)
    assert restored.status_code == expected(role, MODERATORS, 200)
    session.expire_all()
    assert post.is_hidden is (role not in MODERATORS)


def test_hide_needs_a_reason(client, session, people, post):
    response = client.post(f"/api/v1/posts/{post.id}/hide", json={},
                           headers=bearer(people["moderator"]))
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "reason"


@pytest.mark.parametrize("role", ROLES)
def test_lock_and_unlock(client, session, people, thread, role):
    session.commit()  # a refused request rolls back what is not committed
    auth = headers(people, role)
    locked = client.post(f"/api/v1/threads/{thread.id}/lock", json={"reason": "Heated."},
                         headers=auth)
    assert locked.status_code == expected(role, MODERATORS, 200)
    if role in MODERATORS:
        assert locked.get_json()["locked"] is True
        refused = client.post(f"/api/v1/threads/{thread.id}/posts",
                              json={"body": "Hello.", "stance": "for"},
                              headers=bearer(people["citizen"]))
        assert refused.status_code == 403
        assert refused.get_json()["error"]["code"] == "thread_locked"
    else:
        lock_thread(session, people["admin"], thread, reason="x", now=utcnow())
        session.commit()
    unlocked = client.post(f"/api/v1/threads/{thread.id}/unlock", headers=auth)
    assert unlocked.status_code == expected(role, MODERATORS, 200)


@pytest.mark.parametrize("role", ROLES)
def test_suspend_and_lift(client, session, people, author, role):
    auth = headers(people, role)
    until = (date.today() + timedelta(days=7)).isoformat()
    response = client.post(f"/api/v1/users/{author.id}/suspension",
                           json={"until": until, "reason": "Spam."}, headers=auth)
    assert response.status_code == expected(role, MODERATORS, 201)
    if role in MODERATORS:
        assert response.get_json()["reason"] == "Spam."
    lifted = client.delete(f"/api/v1/users/{people['suspended'].id}/suspension", headers=auth)
    assert lifted.status_code == expected(role, {"admin"}, 200)
    session.expire_all()
    assert people["suspended"].is_suspended(utcnow()) is (role != "admin")


@pytest.mark.parametrize("until", ["tomorrow", "2026-04-30T10:00:00", "2001-01-01", None])
def test_suspend_bad_until(client, session, people, author, until):
    response = client.post(f"/api/v1/users/{author.id}/suspension",
                           json={"until": until, "reason": "x"},
                           headers=bearer(people["moderator"]))
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "until"


def test_suspend_with_an_offset_time(client, session, people, author):
    until = (utcnow() + timedelta(days=2)).replace(microsecond=0).isoformat()
    response = client.post(f"/api/v1/users/{author.id}/suspension",
                           json={"until": until, "reason": "x"},
                           headers=bearer(people["moderator"]))
    assert response.status_code == 201
    assert response.get_json()["suspended_until"] == until


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("decision", ["uphold", "dismiss"])
def test_uphold_dismiss(client, session, people, post, reporters, role, decision):
    flag_post(session, reporters[0], post, reason="spam", threshold=3, now=utcnow())
    response = client.post(f"/api/v1/flags/{post.id}/{decision}", json={"reason": "Decided."},
                           headers=headers(people, role))
    assert response.status_code == expected(role, MODERATORS, 200)
    session.expire_all()
    if role in MODERATORS:
        assert post.is_hidden is (decision == "uphold")
        assert session.scalar(select(Flag.resolution)).value == \
            ("upheld" if decision == "uphold" else "dismissed")
    else:
        assert session.scalar(select(Flag.resolved_at)) is None


def test_uphold_without_reason_is_422_dismiss_without_body_is_fine(client, session, people, post,
                                                                  reporters):
    flag_post(session, reporters[0], post, reason="spam", threshold=3, now=utcnow())
    auth = bearer(people["moderator"])
    assert client.post(f"/api/v1/flags/{post.id}/uphold", json={},
                       headers=auth).status_code == 422
    assert client.post(f"/api/v1/flags/{post.id}/dismiss", headers=auth).status_code == 200
    again = client.post(f"/api/v1/flags/{post.id}/dismiss", headers=auth)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "no_open_flags"
