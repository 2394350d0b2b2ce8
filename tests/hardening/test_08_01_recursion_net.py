"""Item 1: the RecursionError safety net (unreachable by known input now nesting is capped)
still answers 400 and writes nothing, should a parser ever recurse too deeply again."""
from __future__ import annotations

from sqlalchemy import func, select

import forum.posts.mentions as post_services  # where posts are rendered
from forum.errors import TOO_DEEP_MESSAGE
from forum.posts.models import Post
from tests.factories import bearer, make_user
from tests.security.authz_world import World


def _too_deep(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
    raise RecursionError("maximum recursion depth exceeded")


def test_08_01_recursion_error_is_a_400_that_writes_nothing(client, session, login,
                                                            monkeypatch):
    user = make_user(session)
    world = World(session, user)
    session.commit()
    before = session.scalar(select(func.count()).select_from(Post))
    login(user)
    monkeypatch.setattr(post_services, "render_markdown", _too_deep)
    response = client.post(f"/threads/{world.thread.id}/posts",
                           data={"body": "An argument.", "stance": "for"})
    assert response.status_code == 400
    assert "nested too deeply" in response.get_data(as_text=True)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Post)) == before


def test_08_01_recursion_error_in_the_api(client, session, monkeypatch):
    user = make_user(session)
    world = World(session, user)
    headers = bearer(user, session)
    session.commit()
    monkeypatch.setattr(post_services, "render_markdown", _too_deep)
    response = client.post(f"/api/v1/threads/{world.thread.id}/posts",
                           json={"body": "An argument.", "stance": "for"}, headers=headers)
    assert response.status_code == 400
    assert response.json["error"] == {"code": "too_deep", "message": TOO_DEEP_MESSAGE}
