"""The people journeys with CSRF protection and rate limits on, as in production."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.notifications.models import Notification
from tests.factories import make_post, make_thread, make_user


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """Limits and CSRF on, as in production."""
    return {**app_config, "RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": True}


def _token(client, path: str) -> str:  # noqa: ANN001
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_rename_needs_the_forms_token(client, session, login):
    person = make_user(session, name="Before")
    session.commit()
    login(person)
    refused = client.post("/account/name", data={"display_name": "After"})
    assert refused.status_code == 422 and person.display_name == "Before"
    assert 'value="After"' in refused.get_data(as_text=True)  # what was typed is kept
    token = _token(client, "/account/name")
    done = client.post("/account/name", data={"display_name": "After", "csrf_token": token})
    assert done.status_code == 302 and person.display_name == "After"


def test_quote_and_mention_with_the_forms_token(client, session, login):
    quoted = make_user(session, name="Grace Hughes")
    thread = make_thread(session)
    post = make_post(session, thread=thread, author=quoted, body="Shade in the park.")
    writer = make_user(session)
    session.commit()
    login(writer)
    token = _token(client, f"/posts/{post.id}/reply?quote={post.id}")
    sent = client.post(f"/posts/{post.id}/reply",
                       data={"body": "> Shade in the park.\n\nYes, @Grace Hughes.",
                             "csrf_token": token})
    assert sent.status_code == 302
    told = session.scalars(select(Notification).where(Notification.user_id == quoted.id,
                                                      Notification.kind == "mentioned")).all()
    assert len(told) == 1
