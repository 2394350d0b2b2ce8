"""Issue 8, item 1 (last sentence): failed writes count against the post limit too."""
from __future__ import annotations

import pytest

from tests.factories import bearer, make_thread, make_user
from tests.security.conftest import TEST_LIMITS


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """Limits on (3 posts per minute)."""
    return {**app_config, **TEST_LIMITS}


def test_08_01_failed_posts_count_against_the_post_limit(client, session, login):
    author = make_user(session)
    thread = make_thread(session)
    headers = bearer(author, session)
    login(author)
    url = f"/threads/{thread.id}/posts"
    pathological = "x" * 20_001
    assert client.post(url, data={"body": pathological, "stance": "for"}).status_code == 422
    assert client.post(url, data={"body": "", "stance": "for"}).status_code == 422
    api = f"/api/v1/threads/{thread.id}/posts"
    assert client.post(api, json={"body": pathological}, headers=headers).status_code == 422
    response = client.post(api, json={"body": pathological}, headers=headers)
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert client.post(url, data={"body": "A fine post.", "stance": "for"}).status_code == 429
