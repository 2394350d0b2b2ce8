"""The same post sent twice at once is stored once; previews do not count against the limit.

With CSRF and rate limits on, as in production.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from forum.db import utcnow
from forum.posts.models import Post
from forum.threads.models import Thread
from tests.factories import bearer, make_thread, make_user
from tests.hardening.parallel import requests_at_once, statuses


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """Limits and CSRF on, as in production."""
    return {**app_config, "RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def thread(session):  # noqa: ANN001
    """A thread, committed so other connections see it."""
    thread = make_thread(session)
    session.commit()
    return thread


def _stored(session, thread_id: int) -> tuple[int, int, int]:  # noqa: ANN001
    """(post rows, the thread's post counter, its "for" counter)."""
    session.expire_all()
    rows = session.scalar(select(func.count()).select_from(Post)
                          .where(Post.thread_id == thread_id))
    found = session.get(Thread, thread_id)
    return rows, found.post_count, found.stance_for


def _token(client, thread_id: int) -> str:  # noqa: ANN001
    page = client.get(f"/threads/{thread_id}").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("times", [2, 5])
def test_11_10_the_same_post_sent_at_once_through_the_api_is_stored_once(fresh_app, session,
                                                                        thread, times):
    headers = bearer(make_user(session), session)
    url = f"/api/v1/threads/{thread.id}/posts"
    body = {"body": "Open the library on Sundays.", "stance": "for"}
    responses = requests_at_once(fresh_app, [lambda c: c.post(url, json=body,
                                                              headers=headers)] * times)
    assert statuses(responses) == [201] + [409] * (times - 1)
    first = next(r.get_json()["id"] for r in responses if r.status_code == 201)
    assert {r.get_json()["error"]["post_id"] for r in responses if r.status_code == 409} \
        <= {first}
    assert _stored(session, thread.id) == (1, 1, 1)


def test_11_10_the_same_form_sent_twice_at_once_is_stored_once(fresh_app, session, login,
                                                              thread):
    author = make_user(session)
    session.commit()
    clients = [login(author, fresh_app.test_client()) for _ in range(2)]
    tokens = [_token(client, thread.id) for client in clients]
    url = f"/threads/{thread.id}/posts"
    calls = [lambda c, token=token: c.post(url, data={"csrf_token": token, "stance": "for",
                                                      "body": "Open it on Sundays."})
             for token in tokens]
    responses = requests_at_once(fresh_app, calls, clients=clients)
    assert statuses(responses) == [302, 422]
    refused = next(r for r in responses if r.status_code == 422).get_data(as_text=True)
    first = session.scalar(select(Post.id).where(Post.thread_id == thread.id))
    assert f'href="/posts/{first}"' in refused and "Open it on Sundays.</textarea>" in refused
    assert _stored(session, thread.id) == (1, 1, 1)


def test_11_10_previews_are_not_counted_as_posts(fresh_app, session, login, thread):
    newcomer = make_user(session, created_at=utcnow())  # 2 posts a minute
    session.commit()
    client = login(newcomer, fresh_app.test_client())
    token = _token(client, thread.id)
    url = f"/threads/{thread.id}/posts"
    for n in range(4):
        previewed = client.post(url, data={"csrf_token": token, "preview": "1",
                                           "body": f"Draft number {n}."})
        assert previewed.status_code == 200 and "Preview of your argument" in previewed.get_data(as_text=True)
    posted = client.post(url, data={"csrf_token": token, "stance": "against",
                                    "body": "The final text."})
    assert posted.status_code == 302
    assert _stored(session, thread.id)[0] == 1
