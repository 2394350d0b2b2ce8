"""Item 11: hostile input gets a clear 4xx, never a 500, and nothing is written.

Every test runs on SQLite and, when configured, PostgreSQL (the ``database`` fixture).
"""
from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import func, select

from forum.accounts.models import Role, User
from forum.posts.models import Post
from forum.threads.models import Thread
from tests.factories import bearer, make_post, make_thread, make_topic, make_user
from tests.security.authz_world import World


def _cursor(*values: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _count(session, model) -> int:  # noqa: ANN001
    session.rollback()
    return session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("url", [
    "/threads/2147483648", "/threads/9223372036854775808", "/posts/2147483648/history",
    "/api/v1/posts/9223372036854775808", "/api/v1/threads/2147483648/posts",
    "/summaries/1/revisions/9223372036854775808", "/threads/%C2%B2", "/threads/0",
])
def test_08_11_id_over_range_is_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("field", ["parent_id"])
@pytest.mark.parametrize("value", [2**63, 2**31, 0, -1, True, "1", 1.0])
def test_08_11_json_id_out_of_range_is_422(client, session, field, value):
    author = make_user(session)
    thread = make_thread(session, author=author)
    headers = bearer(author, session)
    before = _count(session, Post)
    response = client.post(f"/api/v1/threads/{thread.id}/posts", headers=headers,
                           json={"body": "A reply.", field: value})
    assert response.status_code == 422
    assert response.json["error"]["field"] == field
    assert _count(session, Post) == before


def test_08_11_appeal_post_id_out_of_range_is_422(client, session):
    user = make_user(session)
    response = client.post("/api/v1/appeals", headers=bearer(user, session),
                           json={"post_id": 2**63, "statement": "Unfair."})
    assert response.status_code == 422
    assert response.json["error"]["field"] == "post_id"


@pytest.mark.parametrize("page", ["%C2%B2", "%D9%A1", "1" + "0" * 25, "9223372036854775808",
                                  "-1", "0", "x"])
@pytest.mark.parametrize("path", ["/topics/{slug}", "/threads/{thread}", "/outcomes",
                                  "/notifications", "/admin/users", "/moderation/log"])
def test_08_11_superscript_page(client, session, login, path, page):
    admin = make_user(session, role=Role.ADMIN)
    thread = make_thread(session)
    session.commit()
    login(admin)
    url = path.format(slug=thread.topic.slug, thread=thread.id)
    response = client.get(f"{url}?page={page}")
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["%C2%B2", "1" + "0" * 25])
def test_08_11_superscript_page_in_the_api_is_422(client, session, page):
    moderator = make_user(session, role=Role.MODERATOR)
    response = client.get(f"/api/v1/moderation/log?page={page}",
                          headers=bearer(moderator, session))
    assert response.status_code == 422
    assert response.json["error"]["field"] == "page"


DEEP = 100_000


@pytest.mark.parametrize("body", ["[" * DEEP + "]" * DEEP,
                                  '{"a":' * (DEEP // 2) + "1" + "}" * (DEEP // 2),
                                  '{"title": ' + "[" * 40 + "]" * 40 + "}"])
def test_08_11_deep_json(client, session, body):
    user = make_user(session)
    topic = make_topic(session)
    headers = bearer(user, session)
    before = _count(session, Thread)
    response = client.post("/api/v1/threads", data=body, headers=headers,
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "bad_json"
    assert "nested too deeply" in response.json["error"]["message"]
    assert _count(session, Thread) == before
    assert topic.id


@pytest.fixture
def limited(app_config):  # noqa: ANN001
    return {**app_config, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"}


def test_08_11_deep_json_in_the_sign_in_key(app_config, tmp_path):  # noqa: ANN001
    """The sign-in limiter reads the email from the JSON body: deep nesting is refused, with
    rate limits and CSRF on."""
    from forum import create_app
    from forum.db import db
    app = create_app({**app_config, "RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": True,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'limited.sqlite3'}",
                      "INSTANCE_PATH": str(tmp_path / "limited")})
    with app.app_context():
        db.create_all()
        response = app.test_client().post("/api/v1/tokens", data="[" * DEEP + "]" * DEEP,
                                          content_type="application/json")
        assert response.status_code == 400
        assert response.json["error"]["code"] == "bad_json"
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("body", ['{"topic": "t", "title": "\\ud800 title", "body": "Body."}',
                                  '{"topic": "t", "title": "A title", "body": "x\\udfff"}',
                                  '{"\\ud800": 1, "title": "A title", "body": "Body."}'])
def test_08_11_lone_surrogate(client, session, body):
    user = make_user(session)
    make_topic(session, slug="t")
    headers = bearer(user, session)
    before = _count(session, Thread)
    response = client.post("/api/v1/threads", data=body, headers=headers,
                           content_type="application/json")
    assert response.status_code == 400
    assert "lone surrogate" in response.json["error"]["message"]
    assert _count(session, Thread) == before


def _nul_cases(world: World) -> dict[str, tuple[str, dict[str, str]]]:
    return {
        "sign-in": ("/login", {"email": "a\x00@example.org", "password": "long-enough-pw"}),
        "register": ("/register", {"email": "new@example.org", "display_name": "New\x00",
                                   "password": "long-enough-pw"}),
        "forgot": ("/password/forgot", {"email": "someone\x00@example.org"}),
        "post": (f"/threads/{world.thread.id}/posts", {"body": "An\x00 argument.",
                                                        "stance": "for"}),
        "thread": (f"/topics/{world.topic.slug}/threads/new",
                   {"title": "A title with a NUL\x00", "body": "Opening text."}),
    }


@pytest.mark.parametrize("case", ["sign-in", "register", "forgot", "post", "thread"])
def test_08_11_nul_bytes(client, session, login, case):
    user = make_user(session)
    world = World(session, user)
    url, form = _nul_cases(world)[case]
    session.commit()
    if case in ("post", "thread"):
        login(user)
    before = (_count(session, User), _count(session, Thread), _count(session, Post))
    response = client.post(url, data=form)
    assert response.status_code == 400
    assert b"control character" in response.data
    if case in ("post", "thread"):
        assert b"Opening text." in response.data or b"An argument." in response.data
    assert (_count(session, User), _count(session, Thread), _count(session, Post)) == before


@pytest.mark.parametrize("field", ["title", "body"])
def test_08_11_nul_bytes_in_the_api(client, session, field):
    user = make_user(session)
    topic = make_topic(session)
    headers = bearer(user, session)
    body = {"topic": topic.slug, "title": "A title", "body": "Opening text."}
    body[field] += "\x00"
    response = client.post("/api/v1/threads", json=body, headers=headers)
    assert response.status_code == 400
    assert "control character" in response.json["error"]["message"]
    assert _count(session, Thread) == 0


def test_08_11_thread_title_nul_is_not_stored(client, session, login):
    user = make_user(session)
    topic = make_topic(session)
    session.commit()
    login(user)
    client.post(f"/topics/{topic.slug}/threads/new",
                data={"title": "Bus lanes\x00 on the ring road", "body": "Should we?"})
    titles = session.scalars(select(Thread.title)).all()
    assert not any("\x00" in title for title in titles)


@pytest.mark.parametrize("cursor", [_cursor("x", "y"), _cursor("2026-03-01T12:00:00+00:00", "7"),
                                    _cursor(1.5, None), _cursor("2026-03-01T12:00:00", 1),
                                    _cursor("9999-12-31T23:59:59-05:00", 1),
                                    _cursor("2026-03-01T12:00:00+00:00", 2**63), "!!!"])
def test_08_11_cursor_types(client, session, cursor):
    thread = make_thread(session)
    session.commit()
    response = client.get(f"/api/v1/topics/{thread.topic.slug}/threads?cursor={cursor}")
    assert response.status_code == 422
    assert response.json["error"]["field"] == "cursor"


def test_08_11_a_real_cursor_still_pages(client, session):
    topic = make_topic(session)
    for n in range(3):
        make_thread(session, topic=topic, title=f"Thread number {n}")
    session.commit()
    first = client.get(f"/api/v1/topics/{topic.slug}/threads?limit=2").json
    second = client.get(f"/api/v1/topics/{topic.slug}/threads?limit=2"
                        f"&cursor={first['next_cursor']}")
    assert second.status_code == 200
    assert len(second.json["threads"]) == 1


def test_08_11_year_9999_in_the_api(client, session):
    world = World(session, None)
    headers = bearer(world.councillor, session)
    response = client.post(f"/api/v1/threads/{world.consultation.id}/extend", headers=headers,
                           json={"closes_at": "9999-12-31T23:59:00-05:00"})
    assert response.status_code == 422
    assert response.json["error"]["field"] == "closes_at"
    assert "real date" in response.json["error"]["message"]


def test_08_11_year_9999_in_a_form(client, session, login):
    world = World(session, None)
    session.commit()
    login(world.councillor)
    response = client.post(f"/threads/{world.consultation.id}/extend",
                           data={"closes_at": "9999-12-31 23:59"})
    assert response.status_code == 422
    assert b"real date" in response.data
    assert b"9999-12-31 23:59" in response.data


@pytest.mark.parametrize("query", ["from=9999-12-31", "to=9999-12-31", "from=0001-01-01"])
def test_08_11_year_9999_in_the_moderation_log(client, session, login, query):
    moderator = make_user(session, role=Role.MODERATOR)
    api = client.get(f"/api/v1/moderation/log?{query}", headers=bearer(moderator, session))
    assert api.status_code == 422
    login(moderator)
    page = client.get(f"/moderation/log?{query.replace('from', 'start').replace('to', 'end')}")
    assert page.status_code == 422


@pytest.mark.parametrize("until", ["9999-12-31", "9999-12-31T23:00:00-05:00"])
def test_08_11_year_9999_suspension(client, session, until):
    moderator = make_user(session, role=Role.MODERATOR)
    citizen = make_user(session)
    response = client.post(f"/api/v1/users/{citizen.id}/suspension",
                           headers=bearer(moderator, session),
                           json={"until": until, "reason": "Repeated attacks."})
    assert response.status_code == 422
    assert response.json["error"]["field"] == "until"


@pytest.mark.parametrize("body", ["- " * 500, "- " * 500 + "x", "> " * 500 + "x",
                                  "* " * 500 + "x", "1. " * 500])
def test_08_11_dash_list(client, session, login, body):
    user = make_user(session)
    thread = make_thread(session)
    post = make_post(session, thread=thread, author=user)
    session.commit()
    login(user)
    response = client.post(f"/threads/{thread.id}/posts", data={"body": body, "stance": "for"})
    assert response.status_code < 500
    response = client.post(f"/posts/{post.id}/edit", data={"body": body})
    assert response.status_code < 500
