"""Policy topics: listing with counts, admin management, archiving."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.errors import Invalid, NotAllowed
from forum.threads.services import topics_with_stats
from forum.topics.models import Topic
from forum.topics.services import create_topic, update_topic
from tests.factories import make_post, make_thread, make_topic, make_user

ROLES = ["anonymous", "citizen", "councillor", "moderator", "admin"]


def test_topic_list_counts_threads_posts_and_activity(client, session):
    topic = make_topic(session, title="Transport")
    empty = make_topic(session, title="Empty")
    t0 = utcnow() - timedelta(days=2)
    first = make_thread(session, topic=topic, now=t0)
    make_thread(session, topic=topic, now=t0 + timedelta(hours=1))
    make_post(session, thread=first, now=t0 + timedelta(hours=5))
    make_post(session, thread=first, now=t0 + timedelta(hours=6))
    session.commit()
    lone = make_topic(session, title="Lone")
    make_thread(session, topic=lone, now=t0)
    session.commit()
    rows = {t.slug: (n, p, last) for t, n, p, last in topics_with_stats(session)}
    assert rows[topic.slug][:2] == (2, 4)  # two opening posts and two replies
    assert rows[topic.slug][2] == t0 + timedelta(hours=6)
    assert rows[empty.slug] == (0, 0, None)
    assert rows[lone.slug][:2] == (1, 1)
    html = client.get("/topics").data.decode()
    assert "2 threads · 4 posts" in html and "0 threads · 0 posts" in html
    assert "1 thread · 1 post" in html and "1 thread · 0 posts" not in html
    topic_page = client.get(f"/topics/{lone.slug}").data.decode()
    assert "· 1 post ·" in topic_page


def test_topic_page_lists_threads_by_latest_activity_and_paginates(client, session):
    topic = make_topic(session)
    t0 = utcnow() - timedelta(days=30)
    threads = [make_thread(session, topic=topic, title=f"Thread number {i:02}",
                           now=t0 + timedelta(hours=i)) for i in range(25)]
    make_post(session, thread=threads[0], now=utcnow())  # oldest thread becomes most active
    session.commit()
    page1 = client.get(f"/topics/{topic.slug}").data.decode()
    assert page1.index("Thread number 00") < page1.index("Thread number 24")
    assert "Thread number 04" not in page1 and "Page 1 of 2" in page1
    page2 = client.get(f"/topics/{topic.slug}?page=2").data.decode()
    assert "Thread number 04" in page2
    assert client.get(f"/topics/{topic.slug}?page=abc").status_code == 200


def test_unknown_topic_is_404(client):
    assert client.get("/topics/nope").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_create_topics(client, session, login, role):
    if role != "anonymous":
        login(make_user(session, role=role))
    session.commit()
    response = client.post("/topics/new", data={"title": "Waste", "slug": "",
                                                 "description": "Bins"})
    created = session.scalar(select(Topic).where(Topic.slug == "waste"))
    if role == "admin":
        assert response.status_code == 302 and created.description_html == "<p>Bins</p>"
    else:
        assert response.status_code == (401 if role == "anonymous" else 403) and created is None


def test_slug_must_be_unique_and_valid(session):
    admin = make_user(session, role="admin")
    create_topic(session, admin, title="Parks", slug="parks", now=utcnow())
    with pytest.raises(Invalid) as error:
        create_topic(session, admin, title="Parks again", slug="parks", now=utcnow())
    assert error.value.field == "slug"
    with pytest.raises(Invalid):
        create_topic(session, admin, title="Bad", slug="Not A Slug!", now=utcnow())
    with pytest.raises(NotAllowed):
        create_topic(session, make_user(session), title="Mine", now=utcnow())


def test_edit_topic_keeps_input_on_error(client, session, login):
    admin = make_user(session, role="admin")
    make_topic(session, slug="taken")
    topic = make_topic(session, slug="mine")
    login(admin)
    session.commit()
    response = client.post(f"/topics/{topic.slug}/edit",
                           data={"title": "New title", "slug": "taken", "description": "Kept"})
    assert response.status_code == 422
    assert b"already uses this slug" in response.data and b"Kept" in response.data
    response = client.post(f"/topics/{topic.slug}/edit",
                           data={"title": "New title", "slug": "mine", "description": "*x*"})
    assert response.status_code == 302
    session.refresh(topic)
    assert topic.title == "New title" and topic.description_html == "<p><em>x</em></p>"


def test_update_topic_requires_admin(session):
    topic = make_topic(session)
    with pytest.raises(NotAllowed):
        update_topic(session, make_user(session, role="moderator"), topic, title="x" * 5,
                     slug=topic.slug, description="", now=utcnow())


def test_archived_topic_takes_no_new_threads_or_posts(client, session, login):
    admin = make_user(session, role="admin")
    topic = make_topic(session)
    thread = make_thread(session, topic=topic)
    citizen = make_user(session)
    session.commit()
    login(admin)
    assert client.post(f"/topics/{topic.slug}/archive").status_code == 302
    session.refresh(topic)
    assert topic.is_archived
    login(citizen)
    response = client.post(f"/topics/{topic.slug}/threads/new",
                           data={"title": "A new thread", "body": "Text"})
    assert response.status_code == 403
    response = client.post(f"/threads/{thread.id}/posts", data={"body": "Hi", "stance": "for"})
    assert response.status_code == 403 and b"archived" in response.data
    assert client.get(f"/threads/{thread.id}").status_code == 200  # still readable
