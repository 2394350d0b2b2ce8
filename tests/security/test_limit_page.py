"""The rate-limit page says why the limit exists and how long is left (server-rendered; a
script counts it down)."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from forum.db import utcnow
from tests.factories import make_post, make_thread, make_user


@pytest.fixture
def app_config(app_config, limit_storage):  # noqa: ANN001
    """Limits on, small, on the storage under test (memory, then Redis)."""
    return {**app_config, **limit_storage}


def _post_until_limited(client, thread) -> str:  # noqa: ANN001
    url = f"/threads/{thread.id}/posts"
    for n in range(5):
        response = client.post(url, data={"body": f"Argument number {n}.", "stance": "for"})
        if response.status_code == 429:
            return response.data.decode()
    raise AssertionError("the post limit was never reached")


def test_a_new_account_is_told_it_is_limited_for_its_first_day(client, session, login):
    created = utcnow() - timedelta(hours=2)
    newcomer = make_user(session, created_at=created)
    thread = make_thread(session)
    session.commit()
    login(newcomer)
    page = _post_until_limited(client, thread)
    assert "New accounts can post less often during their first day" in page
    assert "Your account is a day old on" in page
    wait = re.search(r'data-countdown="(\d+)"', page)
    assert wait and 0 < int(wait.group(1)) <= 60  # the 1-per-minute window of the tests
    assert re.search(r"Try again in \d+ (second|minute)s?\.", page)
    assert "js/countdown.js" in page


def test_an_established_account_is_told_the_general_rule(client, session, login):
    regular = make_user(session, created_at=utcnow() - timedelta(days=40))
    thread = make_thread(session)
    make_post(session, thread=thread)
    session.commit()
    login(regular)
    page = _post_until_limited(client, thread)
    assert "Everyone can post only so many times a minute and an hour" in page
    assert "New accounts" not in page


def test_failed_sign_ins_say_why_signing_in_is_paused(client, session):
    make_user(session, email="paused@example.org")
    session.commit()
    for _ in range(4):
        response = client.post("/login", data={"email": "paused@example.org",
                                                "password": "not-the-password"})
    assert response.status_code == 429
    assert b"to protect accounts from password guessing" in response.data
