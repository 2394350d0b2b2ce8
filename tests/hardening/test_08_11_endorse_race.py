"""The same person endorsing one post twice at once: one endorsement, no server error."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from forum.posts.models import Endorsement, Post
from tests.factories import bearer, make_post, make_thread, make_user
from tests.hardening.parallel import requests_at_once, statuses


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """Limits and CSRF on, as in production."""
    return {**app_config, "RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def post(session):  # noqa: ANN001
    """Someone's argument, committed so other connections see it."""
    post = make_post(session, thread=make_thread(session), body="Open the library on Sundays.")
    session.commit()
    return post


def _counted(session, post_id: int) -> tuple[int, int]:  # noqa: ANN001
    """(endorsement rows, the post's endorsement counter)."""
    session.expire_all()
    rows = session.scalar(select(func.count()).select_from(Endorsement)
                          .where(Endorsement.post_id == post_id))
    return rows, session.get(Post, post_id).endorsement_count


def _signed_in_with_token(app, login, user, post_id: int):  # noqa: ANN001, ANN202
    """A client signed in as ``user`` and the CSRF token of the thread page's forms."""
    client = login(user, app.test_client())
    page = client.get(f"/posts/{post_id}/reply").get_data(as_text=True)
    return client, re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("times", [2, 10])
def test_08_11_endorsing_at_once_through_the_api_counts_once(fresh_app, session, post, times):
    headers = bearer(make_user(session), session)
    url = f"/api/v1/posts/{post.id}/endorsement"
    responses = requests_at_once(fresh_app, [lambda c: c.post(url, headers=headers)] * times)
    assert statuses(responses) == [201] + [409] * (times - 1)
    assert {r.get_json()["error"]["code"] for r in responses if r.status_code == 409} <= \
        {"already_endorsed"}
    assert _counted(session, post.id) == (1, 1)


@pytest.mark.parametrize("times", [2, 10])
def test_08_11_pressing_endorse_at_once_counts_once(fresh_app, session, login, post, times):
    fan = make_user(session)
    session.commit()
    signed_in = [_signed_in_with_token(fresh_app, login, fan, post.id) for _ in range(times)]
    url = f"/posts/{post.id}/endorse"
    calls = [lambda c, token=token: c.post(url,
                                           data={"csrf_token": token, "endorse": "1"})
             for _, token in signed_in]
    responses = requests_at_once(fresh_app, calls, clients=[client for client, _ in signed_in])
    assert statuses(responses) == [302] * times
    assert _counted(session, post.id) == (1, 1)


def test_08_11_toggling_at_once_keeps_the_count_exact(fresh_app, session, login, post):
    fan = make_user(session)
    session.commit()
    signed_in = [_signed_in_with_token(fresh_app, login, fan, post.id) for _ in range(6)]
    url = f"/posts/{post.id}/endorse"
    calls = [lambda c, token=token: c.post(url,
                                           data={"csrf_token": token})
             for _, token in signed_in]
    responses = requests_at_once(fresh_app, calls, clients=[client for client, _ in signed_in])
    assert statuses(responses) == [302] * 6
    rows, counter = _counted(session, post.id)
    assert rows in (0, 1) and counter == rows


def test_08_11_the_buttons_say_what_they_do(app, session, login, post):
    fan = make_user(session)
    session.commit()
    client, token = _signed_in_with_token(app, login, fan, post.id)
    page = client.get(f"/threads/{post.thread_id}").get_data(as_text=True)
    assert 'name="endorse" value="1"' in page
    for _ in range(2):  # pressed twice
        client.post(f"/posts/{post.id}/endorse", data={"csrf_token": token, "endorse": "1"})
    assert _counted(session, post.id) == (1, 1)
    page = client.get(f"/threads/{post.thread_id}").get_data(as_text=True)
    assert 'name="endorse" value="0"' in page
    for _ in range(2):
        client.post(f"/posts/{post.id}/endorse", data={"csrf_token": token, "endorse": "0"})
    assert _counted(session, post.id) == (0, 0)
