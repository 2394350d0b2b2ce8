"""The follow buttons, the follows page, the auto-follow setting and the notifications list."""
from __future__ import annotations

from sqlalchemy import select

from forum.db import utcnow
from forum.notifications import follows
from forum.notifications.follows import is_following
from forum.notifications.models import FollowKind, Notification
from tests.factories import make_post, make_user

THREAD, TOPIC, PERSON = FollowKind.THREAD, FollowKind.TOPIC, FollowKind.PERSON


def test_anonymous_readers_see_no_follow_button(client, forum):  # noqa: ANN001
    page = client.get(f"/threads/{forum.thread.id}").get_data(as_text=True)
    assert "Follow this thread" not in page
    assert "Follow this topic" not in client.get("/topics/transport").get_data(as_text=True)


def test_follow_and_unfollow_a_thread_without_javascript(client, login, session, forum):  # noqa: ANN001
    login(forum.ana)
    page = client.get(f"/threads/{forum.thread.id}").get_data(as_text=True)
    assert "Follow this thread" in page
    response = client.post(f"/follows/thread/{forum.thread.id}",
                           data={"next": f"/threads/{forum.thread.id}"})
    assert response.status_code == 302 and response.location == f"/threads/{forum.thread.id}"
    assert is_following(session, forum.ana, THREAD, forum.thread.id)
    page = client.get(f"/threads/{forum.thread.id}").get_data(as_text=True)
    assert "Following this thread — unfollow" in page
    assert client.post(f"/follows/thread/{forum.thread.id}").status_code == 302  # again: no-op
    client.post(f"/follows/thread/{forum.thread.id}/unfollow")
    assert not is_following(session, forum.ana, THREAD, forum.thread.id)


def test_topic_and_person_pages_have_their_buttons(client, login, session, forum):  # noqa: ANN001
    login(forum.ana)
    assert "Follow this topic" in client.get("/topics/transport").get_data(as_text=True)
    client.post(f"/follows/topic/{forum.topic.id}", data={"next": "/topics/transport"})
    assert "Following this topic — unfollow" in client.get("/topics/transport").get_data(
        as_text=True)
    person = client.get(f"/people/{forum.author.id}").get_data(as_text=True)
    assert "Follow this person’s contributions" in person
    own = client.get(f"/people/{forum.ana.id}").get_data(as_text=True)
    assert "Follow this person" not in own


def test_following_bad_targets(client, login, forum):  # noqa: ANN001
    login(forum.ana)
    assert client.post("/follows/thread/987654").status_code == 404
    assert client.post("/follows/planet/1").status_code == 404
    assert client.post(f"/follows/person/{forum.ana.id}").status_code == 422


def test_the_follows_page_lists_and_unfollows(client, login, session, forum):  # noqa: ANN001
    follows.follow(session, forum.ana, TOPIC, forum.topic.id, now=utcnow())
    follows.follow(session, forum.ana, PERSON, forum.author.id, now=utcnow())
    session.commit()
    login(forum.ana)
    page = client.get("/account/follows").get_data(as_text=True)
    assert "<h1>What you follow</h1>" in page and "Transport" in page and "Ada Author" in page
    assert f'action="/follows/topic/{forum.topic.id}/unfollow"' in page
    client.post(f"/follows/topic/{forum.topic.id}/unfollow", data={"next": "/account/follows"})
    assert "Transport" not in client.get("/account/follows").get_data(as_text=True)


def test_the_auto_follow_setting(client, login, session, forum):  # noqa: ANN001
    login(forum.ana)
    assert "Stop following automatically" in client.get("/account").get_data(as_text=True)
    assert client.post("/account/auto-follow", data={"on": "0"}).status_code == 302
    session.refresh(forum.ana)
    assert forum.ana.auto_follow is False
    assert "Follow automatically" in client.get("/account/follows").get_data(as_text=True)
    client.post("/account/auto-follow", data={"on": "maybe"})
    session.refresh(forum.ana)
    assert forum.ana.auto_follow is False  # refused, unchanged
    client.post("/account/auto-follow", data={"on": "1"})
    session.refresh(forum.ana)
    assert forum.ana.auto_follow is True


def test_the_list_groups_by_thread_and_marks_read(client, login, session, forum):  # noqa: ANN001
    argument = make_post(session, thread=forum.thread, author=forum.ana, stance="for")
    reply = make_post(session, thread=forum.thread, author=forum.ben, parent=argument)
    session.commit()
    login(forum.author)
    page = client.get("/notifications").get_data(as_text=True)
    assert page.count("<h2 ") == 1 and "Buses on Sundays?</a></h2>" in page
    assert f'href="/posts/{reply.id}"' in page and f'href="/posts/{argument.id}"' in page
    assert page.count('<strong class="badge">Unread</strong>') == 2
    first = session.scalars(select(Notification).where(
        Notification.user_id == forum.author.id)).first()
    client.post(f"/notifications/{first.id}/read")
    page = client.get("/notifications").get_data(as_text=True)
    assert page.count('<strong class="badge">Unread</strong>') == 1
    client.post("/notifications/read")
    assert "Unread</strong>" not in client.get("/notifications").get_data(as_text=True)
