"""Who is told of what: replies, followed threads, topics and people, summaries, the council,
staff work; once each, never the actor, never about what they cannot see."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from forum.accounts.models import Role
from forum.consultations.services import post_consultation
from forum.council import services as council
from forum.db import utcnow
from forum.moderation.appeals import appeal_post
from forum.moderation.flags import flag_post
from forum.moderation.services import hide_post
from forum.notifications import follows
from forum.notifications.events import readers
from forum.notifications.models import FollowKind, Notification
from forum.summaries import services as summaries
from tests.factories import make_post, make_thread, make_user
from tests.summaries.helpers import answer_all, make_closed_consultation

THREAD, TOPIC, PERSON = FollowKind.THREAD, FollowKind.TOPIC, FollowKind.PERSON


def test_a_reply_tells_the_parent_author_and_followers_once(session, forum, told):  # noqa: ANN001
    now = utcnow()
    follows.follow(session, forum.cat, THREAD, forum.thread.id, now=now)
    argument = make_post(session, thread=forum.thread, author=forum.ana, stance="for")
    reply = make_post(session, thread=forum.thread, author=forum.ben, parent=argument)
    assert told("reply") == {forum.ana.id: f"/posts/{reply.id}"}
    # the author (auto-followed when starting) and Cat heard of both posts; Ana (who followed
    # by posting) got the reply instead; nobody hears of their own post
    followed = told_all(session, "followed_thread")
    assert followed[argument.id] == {forum.author.id, forum.cat.id}
    assert followed[reply.id] == {forum.author.id, forum.cat.id}


def told_all(session, kind: str) -> dict[int, set[int]]:  # noqa: ANN001
    """``{post_id: {user ids}}`` for notifications of ``kind`` linking to posts."""
    found: dict[int, set[int]] = {}
    for user_id, link in session.execute(select(Notification.user_id, Notification.link)
                                         .where(Notification.kind == kind)):
        found.setdefault(int(link.rsplit("/", 1)[1]), set()).add(user_id)
    return found


def test_someone_mentioned_is_not_told_again_as_a_follower(session, forum, told):  # noqa: ANN001
    follows.follow(session, forum.cat, THREAD, forum.thread.id, now=utcnow())
    post = make_post(session, thread=forum.thread, author=forum.ana, stance="for",
                     body="I agree with @Cat Reader on this.")
    assert told("mentioned") == {forum.cat.id: f"/posts/{post.id}"}
    assert forum.cat.id not in told("followed_thread")


def test_a_followed_person_is_heard_of_wherever_they_post(session, forum, told):  # noqa: ANN001
    now = utcnow()
    follows.follow(session, forum.cat, PERSON, forum.ana.id, now=now)
    follows.follow(session, forum.ben, PERSON, forum.ana.id, now=now)
    follows.follow(session, forum.ben, THREAD, forum.thread.id, now=now)
    post = make_post(session, thread=forum.thread, author=forum.ana, stance="for")
    assert told("followed_person") == {forum.cat.id: f"/posts/{post.id}"}
    assert forum.ben.id in told("followed_thread")
    thread = make_thread(session, author=forum.ana, topic=forum.topic, title="Trams next year")
    assert {forum.ben.id, forum.cat.id} <= {
        user_id for user_id, link in told_links(session, "followed_person")
        if link == f"/threads/{thread.id}"}


def told_links(session, kind: str) -> list[tuple[int, str]]:  # noqa: ANN001
    """Every ``(user_id, link)`` of ``kind``."""
    rows = session.execute(select(Notification.user_id, Notification.link)
                           .where(Notification.kind == kind))
    return [tuple(row) for row in rows]


def test_a_new_thread_or_consultation_in_a_followed_topic(session, forum, told):  # noqa: ANN001
    now = utcnow()
    follows.follow(session, forum.ana, TOPIC, forum.topic.id, now=now)
    thread = make_thread(session, author=forum.ben, topic=forum.topic, title="Night buses")
    assert told("followed_topic") == {forum.ana.id: f"/threads/{thread.id}"}
    councillor = make_user(session, role=Role.COUNCILLOR)
    upcoming = post_consultation(session, councillor, forum.topic, title="Library hours soon",
                                 question="Should libraries open on Sundays?", body="Why.",
                                 opens_at=now + timedelta(days=2),
                                 closes_at=now + timedelta(days=20), now=now)
    assert f"/threads/{upcoming.id}" not in told("followed_topic").values()  # not open yet
    opened = post_consultation(session, councillor, forum.topic, title="Bus routes review",
                               question="Which routes should change first?", body="Why.",
                               opens_at=None, closes_at=now + timedelta(days=20), now=now)
    assert (forum.ana.id, f"/threads/{opened.id}") in told_links(session, "followed_topic")


def test_nobody_is_told_about_a_thread_they_cannot_see(session, forum):  # noqa: ANN001
    now = utcnow()
    councillor = make_user(session, role=Role.COUNCILLOR)
    moderator = make_user(session, role=Role.MODERATOR)
    upcoming = post_consultation(session, councillor, forum.topic, title="Library hours soon",
                                 question="Should libraries open on Sundays?", body="Why.",
                                 opens_at=now + timedelta(days=2),
                                 closes_at=now + timedelta(days=20), now=now)
    assert readers(session, [forum.ana.id, moderator.id, councillor.id], upcoming, now) == {
        moderator.id, councillor.id}
    assert readers(session, [forum.ana.id], forum.thread, now) == {forum.ana.id}


def _published(session, people_thread, moderator, *, cite):  # noqa: ANN001
    body = f"Most want Sunday buses [#{cite.id}]."
    summary = summaries.create_summary(session, moderator, people_thread, body=body,
                                       now=utcnow())
    summaries.publish_summary(session, moderator, summary, now=utcnow())
    return summary


def test_a_summary_tells_the_cited_where_and_everyone_else_it_is_out(session, told):  # noqa: ANN001
    councillor = make_user(session, role=Role.COUNCILLOR)
    moderator = make_user(session, role=Role.MODERATOR)
    follower = make_user(session, name="Fay Follower")
    thread = make_closed_consultation(session, councillor)
    follows.add_follow(session, follower, THREAD, thread.id, now=utcnow())
    cited = make_user(session, name="Cy Cited")
    post = thread_post(session, thread, cited)
    summary = _published(session, thread, moderator, cite=post)
    assert told("cited") == {cited.id: f"/summaries/{summary.id}"}
    published = told("summary_published")
    assert follower.id in published and councillor.id in published
    assert cited.id not in published and moderator.id not in published
    # submitted: the councillors hear of it; the points exist from now on
    summaries.submit_summary(session, moderator, summary, now=utcnow())
    assert told("summary_submitted").keys() >= {councillor.id}
    point = summary.points[0]
    answer_all(session, councillor, summary, now=utcnow())
    responded = told("council_responded")
    assert responded[cited.id] == f"/summaries/{summary.id}#point-{point.id}"
    assert responded[follower.id] == f"/summaries/{summary.id}"
    council.add_update(session, councillor, summary, body="Work started.", point_id=point.id,
                       now=utcnow())
    updates = told("point_update")
    assert updates[cited.id] == updates[follower.id] == f"/summaries/{summary.id}#point-{point.id}"
    assert councillor.id not in updates


def thread_post(session, thread, author):  # noqa: ANN001
    """A post ``author`` wrote while ``thread`` (a closed consultation) was open."""
    when = thread.closes_at - timedelta(days=2)
    return make_post(session, thread=thread, author=author, stance="for", now=when,
                     body="Sunday buses would help shift workers.")


def test_a_correction_tells_the_same_people(session, told):  # noqa: ANN001
    councillor = make_user(session, role=Role.COUNCILLOR)
    moderator = make_user(session, role=Role.MODERATOR)
    thread = make_closed_consultation(session, councillor)
    cited = make_user(session, name="Cy Cited")
    post = thread_post(session, thread, cited)
    summary = _published(session, thread, moderator, cite=post)
    before = told("summary_published")
    session.execute(delete(Notification))
    summaries.edit_summary(session, moderator, summary, revision=summary.revision,
                           body=f"Most want Sunday buses, some weekdays [#{post.id}].",
                           now=utcnow())
    after = told("summary_published")
    assert set(after) == set(before) | {cited.id}
    assert all(link == f"/summaries/{summary.id}" for link in after.values())


def test_staff_hear_of_reports_and_appeals(session, forum, told):  # noqa: ANN001
    now = utcnow()
    moderator = make_user(session, role=Role.MODERATOR)
    admin = make_user(session, role=Role.ADMIN)
    post = make_post(session, thread=forum.thread, author=forum.ana, stance="for")
    flag_post(session, forum.ben, post, reason="spam", threshold=5, now=now)
    assert told("report_waiting") == {moderator.id: "/moderation", admin.id: "/moderation"}
    flag_post(session, forum.cat, post, reason="spam", threshold=5, now=now)
    assert len(told("report_waiting")) == 2  # a second report of the same post: no news
    hide_post(session, moderator, post, reason="Spam.", now=now)
    appeal = appeal_post(session, forum.ana, post, statement="It was not spam.", now=now)
    assert told("appeal_waiting") == {moderator.id: f"/moderation/appeals/{appeal.id}",
                                      admin.id: f"/moderation/appeals/{appeal.id}"}
