"""Issue 8, item 5: starting a thread counts against the post limit and obeys the link cap."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.db import utcnow
from forum.errors import Invalid
from forum.threads.models import Thread
from forum.threads.services import edit_thread, start_thread
from tests.conftest import NOW
from tests.factories import bearer, make_post, make_thread, make_topic, make_user
from tests.security.conftest import TEST_LIMITS

THREE_LINKS = "See https://a.example, https://b.example and [this](https://c.example)."


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """Limits on (3 posts per minute; new accounts 5, to reach the link cap first)."""
    return {**app_config, **TEST_LIMITS, "LIMIT_POSTS_NEW_ACCOUNT": "5 per minute"}


def test_08_05_threads_and_posts_share_one_limit_on_pages_and_api(client, session, login):
    author = make_user(session)
    topic = make_topic(session)
    thread = make_thread(session, topic=topic)
    headers = bearer(author, session)
    login(author)
    new = f"/topics/{topic.slug}/threads/new"
    assert client.post(f"/threads/{thread.id}/posts",
                       data={"body": "A post.", "stance": "for"}).status_code == 302
    assert client.post(new, data={"title": "First new thread", "body": "Text."}).status_code == 302
    assert client.post("/api/v1/threads", headers=headers, json={
        "topic": topic.slug, "title": "Second new thread", "body": "Text."}).status_code == 201
    api = client.post("/api/v1/threads", headers=headers, json={
        "topic": topic.slug, "title": "Third new thread", "body": "Text."})
    assert api.status_code == 429 and api.get_json()["error"]["code"] == "rate_limited"
    page = client.post(new, data={"title": "Fourth new thread", "body": "My long opening."})
    assert page.status_code == 429 and b"My long opening." in page.data
    assert client.get(new).status_code == 200  # reading the form is not counted
    assert session.scalar(select(func.count()).select_from(Thread)
                          .where(Thread.author_id == author.id)) == 2


def test_08_05_new_accounts_cannot_open_a_thread_with_three_links(client, session, login):
    newcomer = make_user(session, created_at=utcnow() - timedelta(hours=2))
    topic = make_topic(session)
    headers = bearer(newcomer, session)
    login(newcomer)
    page = client.post(f"/topics/{topic.slug}/threads/new",
                       data={"title": "Links for everyone", "body": THREE_LINKS})
    assert page.status_code == 422 and b"at most 2 links" in page.data
    assert b"https://c.example" in page.data  # what was typed is kept
    api = client.post("/api/v1/threads", headers=headers, json={
        "topic": topic.slug, "title": "Links for everyone", "body": THREE_LINKS})
    assert api.status_code == 422 and api.get_json()["error"]["field"] == "body"
    assert session.scalar(select(func.count()).select_from(Thread)) == 0


def test_08_05_the_link_cap_holds_in_the_service_for_start_and_edit(session):
    newcomer = make_user(session, created_at=NOW - timedelta(hours=2))
    topic = make_topic(session)
    with pytest.raises(Invalid) as error:
        start_thread(session, newcomer, topic, title="Links for everyone", body=THREE_LINKS,
                     now=NOW)
    assert error.value.field == "body"
    thread = start_thread(session, newcomer, topic, title="A quiet start", body="No links.",
                          now=NOW)
    with pytest.raises(Invalid):
        edit_thread(session, newcomer, thread, body=THREE_LINKS, now=NOW)
    later = NOW + timedelta(days=2)  # a day old: links are free
    assert edit_thread(session, newcomer, thread, body=THREE_LINKS, now=later).body == THREE_LINKS
    assert make_post(session, thread=thread, author=newcomer, body="Fine.", now=later).id
