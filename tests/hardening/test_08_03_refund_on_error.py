"""Issue 8, item 3: the refund runs on answers a view raised and on 429s, not only on returns."""
from __future__ import annotations

import pytest

from tests.factories import bearer, make_post, make_thread, make_user
from tests.security.conftest import TEST_LIMITS


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """Limits on (2 flags per minute)."""
    return {**app_config, **TEST_LIMITS}


def test_08_03_a_refused_flag_raised_by_the_view_is_taken_back(client, session):
    thread = make_thread(session)
    posts = [make_post(session, thread=thread) for _ in range(3)]
    headers = bearer(make_user(session), session)
    session.commit()

    def report(post_id: int) -> int:
        return client.post(f"/api/v1/posts/{post_id}/flags", json={"reason": "spam"},
                           headers=headers).status_code

    missing = [report(posts[-1].id + 1000) for _ in range(4)]  # the view raises NotFound
    assert missing == [404] * 4
    assert report(posts[0].id) == 201
    assert report(posts[0].id) == 409  # raised by the service: taken back as well
    assert [report(p.id) for p in posts[1:]] == [201, 429]
