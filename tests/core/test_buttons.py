"""Buttons (a POST from another page, nothing typed) go through one round trip, with CSRF on:
an expired page says so and changes nothing, a refusal is the error page or a flash, a valid
press is committed."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from forum.forms import EXPIRED_BUTTON
from forum.posts.models import Endorsement
from tests.factories import make_post, make_thread, make_user


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """CSRF on, as in production."""
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.fixture
def post(session):  # noqa: ANN001
    """Someone's argument, committed."""
    post = make_post(session, thread=make_thread(session), author=make_user(session),
                     body="The market should stay on the square.")
    session.commit()
    return post


def _token(client, path: str) -> str:  # noqa: ANN001
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def _endorsements(session) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(Endorsement))


def test_an_expired_button_says_so_and_changes_nothing(client, login, session, post):
    login(make_user(session))
    response = client.post(f"/posts/{post.id}/endorse", data={"csrf_token": "stale"})
    assert response.status_code == 302
    assert str(EXPIRED_BUTTON) in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _endorsements(session) == 0


def test_a_valid_press_is_committed(client, login, session, post):
    login(make_user(session))
    token = _token(client, f"/threads/{post.thread_id}")
    response = client.post(f"/posts/{post.id}/endorse", data={"csrf_token": token, "endorse": "1"})
    assert response.status_code == 302
    session.expire_all()
    assert _endorsements(session) == 1


def test_a_refused_press_is_the_error_page_and_nothing_is_written(client, login, session, post):
    login(post.author)
    token = _token(client, f"/threads/{post.thread_id}")
    response = client.post(f"/posts/{post.id}/endorse", data={"csrf_token": token, "endorse": "1"})
    assert response.status_code == 403
    assert _endorsements(session) == 0
