"""Issue 8, item 4: ``Retry-After`` names the longest wait, in seconds and in words."""
from __future__ import annotations

import math
from datetime import timedelta

import pytest

from forum.db import utcnow
from forum.limits import try_again_sentence
from tests.factories import bearer, make_thread, make_user
from tests.security.conftest import limit_storage  # noqa: F401  (memory, then Redis)


@pytest.fixture
def app_config(app_config, limit_storage):  # noqa: ANN001, F811
    """New accounts: 5 posts a minute but only 3 an hour; sign-ins over two windows."""
    return {**app_config, **limit_storage, "LIMIT_POSTS_NEW_ACCOUNT": "5 per minute; 3 per hour",
            "LIMIT_SIGN_IN_ACCOUNT": "2 per minute; 2 per hour"}


def _seconds(response) -> int:  # noqa: ANN001
    value = response.headers.get("Retry-After", "")
    assert value.isdigit(), value
    return int(value)


def test_08_04_a_new_account_over_its_hourly_limit_is_told_the_hour(client, session, login):
    newcomer = make_user(session, created_at=utcnow() - timedelta(hours=1))
    thread = make_thread(session)
    headers = bearer(newcomer, session)
    login(newcomer)
    url = f"/threads/{thread.id}/posts"
    for n in range(3):
        assert client.post(url, data={"body": f"Post {n}.", "stance": "for"}).status_code == 302
    for _ in range(3):  # asked again and again, the answer stays the hour
        page = client.post(url, data={"body": "Once more.", "stance": "for"})
        assert page.status_code == 429
        wait = _seconds(page)
        assert 3500 < wait <= 3600
        assert f"Try again in {math.ceil(wait / 60)} minutes.".encode() in page.data
    api = client.post(f"/api/v1/threads/{thread.id}/posts", json={"body": "Again."},
                      headers=headers)
    error = api.get_json()["error"]
    assert api.status_code == 429 and error["retry_after"] == _seconds(api)
    assert 3500 < error["retry_after"] <= 3600
    assert error["message"].endswith(f"Try again in {math.ceil(error['retry_after'] / 60)} "
                                     "minutes.")


def test_08_04_the_longest_of_several_exhausted_windows_is_reported(client, session):
    make_user(session, email="two-windows@example.org")
    session.commit()
    body = {"email": "two-windows@example.org", "password": "wrong"}
    for _ in range(2):
        assert client.post("/api/v1/tokens", json=body).status_code == 401
    response = client.post("/api/v1/tokens", json=body)  # over the minute and the hour
    assert response.status_code == 429
    assert 3500 < _seconds(response) == response.get_json()["error"]["retry_after"]


@pytest.mark.parametrize("seconds,sentence", [
    (1, "Try again in 1 second."), (30, "Try again in 30 seconds."),
    (59, "Try again in 59 seconds."), (60, "Try again in 1 minute."),
    (61, "Try again in 2 minutes."), (2520, "Try again in 42 minutes."),
    (3599, "Try again in 60 minutes."), (7200, "Try again in 2 hours."),
    (86400, "Try again in 24 hours."), (3 * 86400, "Try again in 3 days.")])
def test_08_04_the_wait_is_said_in_words(seconds, sentence):
    assert try_again_sentence(seconds) == sentence
