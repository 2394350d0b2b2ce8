"""Following and unfollowing: once only, what may be followed, automatic following."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.consultations.services import post_consultation
from forum.db import utcnow
from forum.errors import Invalid, NotFound
from forum.notifications import follows
from forum.notifications.follows import add_follow, is_following
from forum.notifications.models import Follow, FollowKind
from forum.posts.services import endorse
from tests.factories import make_post, make_thread, make_user

THREAD, TOPIC, PERSON = FollowKind.THREAD, FollowKind.TOPIC, FollowKind.PERSON


def _count(session, user) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(Follow)
                          .where(Follow.user_id == user.id))


def test_following_twice_is_one_follow(session, forum):  # noqa: ANN001
    now = utcnow()
    assert follows.follow(session, forum.ana, THREAD, forum.thread.id, now=now) is True
    assert follows.follow(session, forum.ana, THREAD, forum.thread.id, now=now) is False
    assert add_follow(session, forum.ana, THREAD, forum.thread.id, now=now) is False
    assert _count(session, forum.ana) == 1
    assert is_following(session, forum.ana, THREAD, forum.thread.id)
    assert not is_following(session, forum.ben, THREAD, forum.thread.id)


def test_unfollow_and_unfollowing_nothing(session, forum):  # noqa: ANN001
    follows.follow(session, forum.ana, TOPIC, forum.topic.id, now=utcnow())
    assert follows.unfollow(session, forum.ana, TOPIC, forum.topic.id) is True
    assert follows.unfollow(session, forum.ana, TOPIC, forum.topic.id) is False
    assert _count(session, forum.ana) == 0


def test_following_a_person_and_not_oneself(session, forum):  # noqa: ANN001
    assert follows.follow(session, forum.ana, PERSON, forum.author.id, now=utcnow())
    with pytest.raises(Invalid, match="cannot follow yourself"):
        follows.follow(session, forum.ana, PERSON, forum.ana.id, now=utcnow())


@pytest.mark.parametrize("kind", [THREAD, TOPIC, PERSON])
def test_what_does_not_exist_cannot_be_followed(session, forum, kind):  # noqa: ANN001
    with pytest.raises(NotFound):
        follows.follow(session, forum.ana, kind, 987_654, now=utcnow())


def test_an_upcoming_consultation_is_followed_only_by_who_can_see_it(session, forum):  # noqa: ANN001
    now = utcnow()
    councillor = make_user(session, role="councillor")
    upcoming = post_consultation(session, councillor, forum.topic, title="Library hours soon",
                                 question="Should libraries open on Sundays?", body="Background.",
                                 opens_at=now + timedelta(days=3),
                                 closes_at=now + timedelta(days=20), now=now)
    with pytest.raises(NotFound):
        follows.follow(session, forum.ana, THREAD, upcoming.id, now=now)
    assert is_following(session, councillor, THREAD, upcoming.id)  # its author, automatically


def test_unknown_kind_is_not_found():
    with pytest.raises(NotFound):
        follows.parse_kind("planet")


def test_starting_replying_and_endorsing_follow_the_thread(session, forum):  # noqa: ANN001
    now = utcnow()
    assert is_following(session, forum.author, THREAD, forum.thread.id)
    post = make_post(session, thread=forum.thread, author=forum.ana, stance="for", now=now)
    assert is_following(session, forum.ana, THREAD, forum.thread.id)
    endorse(session, forum.ben, post, now=now)
    assert is_following(session, forum.ben, THREAD, forum.thread.id)
    make_post(session, thread=forum.thread, author=forum.ana, parent=post, now=now)
    assert _count(session, forum.ana) == 1


def test_auto_follow_turned_off_follows_nothing(session, forum):  # noqa: ANN001
    follows.set_auto_follow(session, forum.ana, False)
    thread = make_thread(session, author=forum.ana, topic=forum.topic, title="Cycle lanes now")
    post = make_post(session, thread=forum.thread, author=forum.ana, stance="for")
    endorse(session, forum.ana, make_post(session, thread=thread, author=forum.ben,
                                          stance="against"), now=utcnow())
    assert post is not None
    assert _count(session, forum.ana) == 0


def test_the_follows_list_names_each_thing(session, forum):  # noqa: ANN001
    now = utcnow()
    follows.follow(session, forum.ana, TOPIC, forum.topic.id, now=now)
    follows.follow(session, forum.ana, PERSON, forum.author.id, now=now + timedelta(seconds=1))
    follows.follow(session, forum.ana, THREAD, forum.thread.id, now=now + timedelta(seconds=2))
    rows = follows.followed(session, forum.ana)
    assert [(r.follow.target_kind, r.label, r.link) for r in rows] == [
        (THREAD, "Buses on Sundays?", f"/threads/{forum.thread.id}"),
        (PERSON, "Ada Author", f"/people/{forum.author.id}"),
        (TOPIC, "Transport", "/topics/transport")]
