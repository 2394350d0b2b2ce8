"""The JSON API v1: tokens, errors, topics, threads, posts, endorsements."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.posts.models import Post
from tests.factories import PASSWORD, bearer, make_post, make_thread, make_topic, make_user


def test_token_exchange(client, session):
    user = make_user(session, email="api@example.org", role="moderator")
    session.commit()
    response = client.post("/api/v1/tokens", json={"email": "API@example.org",
                                                   "password": PASSWORD})
    assert response.status_code == 201
    body = response.get_json()
    assert body["user"] == {"id": user.id, "display_name": user.display_name,
                            "role": "moderator"}
    me = client.post("/api/v1/threads", json={"topic": "none", "title": "x", "body": "y"},
                     headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 404  # authenticated; the topic does not exist
    wrong = client.post("/api/v1/tokens", json={"email": "api@example.org", "password": "no"})
    assert wrong.status_code == 401
    assert wrong.get_json()["error"]["code"] == "invalid_credentials"


@pytest.mark.parametrize("headers", [{"Authorization": "Bearer nonsense"},
                                     {"Authorization": "Basic abc"}])
def test_bad_token_is_401(client, headers):
    response = client.get("/api/v1/topics", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_error_envelope_for_http_errors(client):
    assert client.get("/api/v1/nothing").get_json()["error"]["code"] == "not_found"
    response = client.put("/api/v1/topics")
    assert response.status_code == 405 and response.get_json()["error"]["code"] == \
        "method_not_allowed"
    response = client.post("/api/v1/tokens", data="not json", content_type="text/plain")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_json"


def test_oversized_request_is_413(client, session):
    user = make_user(session)
    response = client.post("/api/v1/tokens", data="x" * (600 * 1024),
                           content_type="application/json", headers=bearer(user))
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_topics_api(client, session):
    topic = make_topic(session, title="Parks", slug="parks")
    make_thread(session, topic=topic)
    admin = make_user(session, role="admin")
    session.commit()
    listed = client.get("/api/v1/topics").get_json()["topics"]
    assert listed[0]["slug"] == "parks" and listed[0]["thread_count"] == 1
    assert client.get("/api/v1/topics/parks").get_json()["title"] == "Parks"
    created = client.post("/api/v1/topics", json={"title": "Waste", "description": "Bins"},
                          headers=bearer(admin))
    assert created.status_code == 201 and created.get_json()["slug"] == "waste"
    citizen = client.post("/api/v1/topics", json={"title": "Mine"},
                          headers=bearer(make_user(session)))
    assert citizen.status_code == 403
    anon = client.post("/api/v1/topics", json={"title": "Mine"})
    assert anon.status_code == 401


def test_topic_threads_cursor_pagination(client, session):
    from datetime import timedelta
    from forum.db import utcnow
    topic = make_topic(session)
    t0 = utcnow() - timedelta(days=1)
    made = [make_thread(session, topic=topic, title=f"Thread {i:02}",
                        now=t0 + timedelta(minutes=i)) for i in range(7)]
    session.commit()
    seen, cursor = [], None
    while True:
        url = f"/api/v1/topics/{topic.slug}/threads?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = client.get(url).get_json()
        seen += [t["id"] for t in body["threads"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [t.id for t in reversed(made)]
    bad = client.get(f"/api/v1/topics/{topic.slug}/threads?cursor=garbage")
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "cursor"
    assert client.get(f"/api/v1/topics/{topic.slug}/threads?limit=0").status_code == 422


def test_create_thread_and_read_it(client, session):
    topic = make_topic(session)
    user = make_user(session)
    session.commit()
    response = client.post("/api/v1/threads", json={"topic": topic.slug, "title": "Cycle lanes",
                                                     "body": "Where?"}, headers=bearer(user))
    assert response.status_code == 201
    thread = response.get_json()
    assert thread["kind"] == "discussion" and thread["status"] is None
    assert thread["body_html"] == "<p>Where?</p>"
    shown = client.get(f"/api/v1/threads/{thread['id']}").get_json()
    assert set(shown) >= {"id", "topic", "title", "kind", "body_html", "author", "created_at",
                          "post_count", "stance_tally"}
    assert shown["stance_tally"] == {"for": 0, "against": 0, "neutral": 0, "question": 0}
    bad = client.post("/api/v1/threads", json={"topic": topic.slug, "title": "x", "body": "y"},
                      headers=bearer(user))
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "title"
    wrong_type = client.post("/api/v1/threads", json={"topic": topic.slug, "title": 5,
                                                      "body": "y"}, headers=bearer(user))
    assert wrong_type.status_code == 422


def test_posts_api_tree_order_and_rules(client, session):
    thread = make_thread(session)
    user, other = make_user(session), make_user(session)
    session.commit()
    auth = bearer(user)
    a1 = client.post(f"/api/v1/threads/{thread.id}/posts", json={"body": "First"}, headers=auth)
    assert a1.status_code == 201 and a1.get_json()["stance"] == "neutral"
    a2 = client.post(f"/api/v1/threads/{thread.id}/posts", json={"body": "Second",
                                                                 "stance": "against"},
                     headers=auth).get_json()
    r1 = client.post(f"/api/v1/threads/{thread.id}/posts",
                     json={"body": "Reply", "parent_id": a1.get_json()["id"]},
                     headers=bearer(other)).get_json()
    assert r1["depth"] == 1 and r1["stance"] is None
    refused = client.post(f"/api/v1/threads/{thread.id}/posts",
                          json={"body": "Reply", "parent_id": r1["id"], "stance": "for"},
                          headers=auth)
    assert refused.status_code == 422 and refused.get_json()["error"]["field"] == "stance"
    bad_stance = client.post(f"/api/v1/threads/{thread.id}/posts",
                             json={"body": "x", "stance": "sideways"}, headers=auth)
    assert bad_stance.status_code == 422
    posts = client.get(f"/api/v1/threads/{thread.id}/posts").get_json()["posts"]
    assert [p["id"] for p in posts] == [a1.get_json()["id"], r1["id"], a2["id"]]
    assert set(posts[0]) >= {"id", "parent_id", "depth", "author", "stance", "body_html",
                             "endorsements", "created_at", "edited_at", "deleted"}
    assert posts[1]["parent_id"] == posts[0]["id"]


def test_edit_delete_revisions_endorse_via_api(client, session):
    thread = make_thread(session)
    author, fan = make_user(session), make_user(session)
    post = make_post(session, thread=thread, author=author, body="One")
    session.commit()
    assert client.patch(f"/api/v1/posts/{post.id}", json={"body": "Two"},
                        headers=bearer(fan)).status_code == 403
    edited = client.patch(f"/api/v1/posts/{post.id}", json={"body": "Two"},
                          headers=bearer(author))
    assert edited.status_code == 200 and edited.get_json()["edited_at"]
    revisions = client.get(f"/api/v1/posts/{post.id}/revisions").get_json()["revisions"]
    assert [r["body"] for r in revisions] == ["Two", "One"]
    fan_auth = bearer(fan)
    assert client.post(f"/api/v1/posts/{post.id}/endorsement", headers=fan_auth).status_code == 201
    again = client.post(f"/api/v1/posts/{post.id}/endorsement", headers=fan_auth)
    assert again.status_code == 409
    own = client.post(f"/api/v1/posts/{post.id}/endorsement", headers=bearer(author))
    assert own.status_code == 403
    withdrawn = client.delete(f"/api/v1/posts/{post.id}/endorsement", headers=fan_auth)
    assert withdrawn.get_json()["endorsements"] == 0
    assert client.delete(f"/api/v1/posts/{post.id}/endorsement",
                         headers=fan_auth).status_code == 404
    assert client.delete(f"/api/v1/posts/{post.id}", headers=bearer(fan)).status_code == 403
    deleted = client.delete(f"/api/v1/posts/{post.id}", headers=bearer(author)).get_json()
    assert deleted["deleted"] is True and deleted["body_html"] is None
    assert session.scalar(select(Post.deleted_at)) is not None


def test_cookie_session_api_needs_csrf(app, client, session, login):
    app.config["WTF_CSRF_ENABLED"] = True
    thread = make_thread(session)
    login(make_user(session))
    session.commit()
    response = client.post(f"/api/v1/threads/{thread.id}/posts", json={"body": "x"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"
    assert session.scalar(select(Post)) is None


def test_api_lists_every_invalid_field(app, session):
    from forum.accounts.services import register_user
    from forum.db import utcnow
    from forum.errors import Invalid
    with pytest.raises(Invalid) as error:
        register_user(session, email="bad", display_name="", password="x", now=utcnow())
    assert [e.field for e in (error.value, *error.value.others)] == \
        ["email", "display_name", "password"]
