"""HTML: the queue, reviewing reports, appeals, the log, and what each visitor sees."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.moderation import appeals
from forum.moderation.flags import flag_post
from forum.moderation.models import Appeal, Flag, Resolution
from forum.moderation.services import hide_post, lock_thread, suspend_user
from tests.factories import PASSWORD, make_post
from tests.moderation.conftest import ROLES
from tests.moderation.test_views_actions import MODERATORS, expected_status, visit

MODERATION_PAGES = ["/moderation", "/moderation/log", "/moderation/suspensions"]


def report(session, users, post) -> None:  # noqa: ANN001
    for user in users:
        flag_post(session, user, post, reason="offensive", text=None, threshold=3, now=utcnow())


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", MODERATION_PAGES)
def test_moderation_pages_are_for_moderators(client, login, session, people, role, url):
    session.commit()
    response = visit(client, login, people, role).get(url)
    assert response.status_code == expected_status(role, MODERATORS, 200)
    assert response.headers["Cache-Control"] == "no-store"


def test_queue_shows_posts_with_context_and_reports(client, login, session, people, thread,
                                                    post, reporters):
    reply = make_post(session, thread=thread, parent=post, body="You are all **idiots**.")
    report(session, reporters[:2], reply)
    flag_post(session, reporters[3], post, reason="other", text="Wrong facts.", threshold=3,
              now=utcnow())
    session.commit()
    login(people["moderator"])
    html = client.get("/moderation").get_data(as_text=True)
    assert "Reported posts (2)" in html
    assert html.index("<strong>idiots</strong>") < html.index("Wrong facts.")  # most first
    assert "Sunday opening would help working families." in html  # the parent, as context
    assert thread.title in html and reporters[0].display_name in html


def test_review_uphold_and_dismiss(client, login, session, people, thread, post, reporters):
    other = make_post(session, thread=thread, body="Buy cheap watches.")
    report(session, reporters[:3], post)
    report(session, reporters[:1], other)
    session.commit()
    login(people["moderator"])
    missing = client.post(f"/moderation/posts/{other.id}/review",
                          data={"decision": "uphold", "reason": ""})
    assert missing.status_code == 422 and "Give a reason" in missing.get_data(as_text=True)
    assert client.post(f"/moderation/posts/{other.id}/review",
                       data={"decision": "uphold", "reason": "Advertising."}).status_code == 302
    assert client.post(f"/moderation/posts/{post.id}/review",
                       data={"decision": "dismiss", "reason": ""}).status_code == 302
    session.expire_all()
    assert other.is_hidden and other.hidden_reason == "Advertising."
    assert post.is_visible
    assert {f.resolution for f in session.scalars(select(Flag).where(Flag.post_id == post.id))} \
        == {Resolution.DISMISSED}


def test_review_needs_a_decision(client, login, session, people, post, reporters):
    report(session, reporters[:1], post)
    session.commit()
    login(people["moderator"])
    response = client.post(f"/moderation/posts/{post.id}/review", data={"reason": "x"})
    assert response.status_code == 422
    assert "uphold or dismiss" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["citizen", "suspended", "councillor"])
def test_review_refused_to_non_moderators(client, login, session, people, post, reporters, role):
    report(session, reporters[:1], post)
    session.commit()
    login(people[role])
    response = client.post(f"/moderation/posts/{post.id}/review",
                           data={"decision": "dismiss"})
    assert response.status_code == 403
    assert session.scalar(select(Flag.resolved_at)) is None


def test_thread_page_report_link_and_placeholders(client, login, session, people, thread, post,
                                                  reporters):
    pending = make_post(session, thread=thread, body="Reported text.")
    report(session, reporters[:3], pending)
    hidden = make_post(session, thread=thread, body="Abusive text.")
    hide_post(session, people["moderator"], hidden, reason="Personal abuse.", now=utcnow())
    session.commit()
    anonymous = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Hidden by a moderator: Personal abuse." in anonymous
    assert "Hidden pending review" in anonymous
    assert "Abusive text." not in anonymous and "Reported text." not in anonymous
    assert f"/posts/{post.id}/flag" not in anonymous
    login(people["citizen"])
    citizen = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert f"/posts/{post.id}/flag" in citizen and f"/posts/{post.id}/hide" not in citizen
    login(people["moderator"])
    moderator = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "Abusive text." in moderator  # moderators still read the text
    assert f"/posts/{post.id}/hide" in moderator and f"/posts/{hidden.id}/restore" in moderator
    assert f"/moderation/posts/{pending.id}/review" in moderator
    assert f"/threads/{thread.id}/lock" in moderator


def test_hidden_post_author_sees_text_and_appeal_link(client, login, session, people, post,
                                                      author):
    hide_post(session, people["moderator"], post, reason="Abuse.", now=utcnow())
    session.commit()
    login(author)
    html = client.get(f"/threads/{post.thread_id}").get_data(as_text=True)
    assert "Sunday opening would help working families." in html
    assert f"/posts/{post.id}/appeal" in html


def test_post_appeal_once_then_outcome(client, login, session, people, post, author):
    hide_post(session, people["moderator"], post, reason="Abuse.", now=utcnow())
    session.commit()
    login(author)
    assert 'name="statement"' in client.get(f"/posts/{post.id}/appeal").get_data(as_text=True)
    empty = client.post(f"/posts/{post.id}/appeal", data={"statement": ""})
    assert empty.status_code == 422
    assert client.post(f"/posts/{post.id}/appeal",
                       data={"statement": "It was fair."}).status_code == 302
    page = client.get(f"/posts/{post.id}/appeal").get_data(as_text=True)
    assert "Waiting for a decision" in page and 'name="statement"' not in page
    again = client.post(f"/posts/{post.id}/appeal", data={"statement": "Again."})
    assert again.status_code == 200 and session.scalar(select(Appeal.statement)) == "It was fair."
    appeal = session.scalar(select(Appeal))
    appeals.decide_appeal(session, people["admin"], appeal, granted=False,
                          reason="It attacks a person.", now=utcnow())
    session.commit()
    page = client.get(f"/posts/{post.id}/appeal").get_data(as_text=True)
    assert "Your appeal was refused" in page and "It attacks a person." in page
    assert "It attacks a person." in client.get("/appeals").get_data(as_text=True)


def test_someone_else_cannot_open_the_appeal_page(client, login, session, people, post):
    hide_post(session, people["moderator"], post, reason="Abuse.", now=utcnow())
    session.commit()
    login(people["citizen"])
    assert client.get(f"/posts/{post.id}/appeal").status_code == 404


def test_decide_appeal_page(client, login, session, people, post, author):
    hide_post(session, people["moderator"], post, reason="Abuse.", now=utcnow())
    appeal = appeals.appeal_post(session, author, post, statement="Please.", now=utcnow())
    session.commit()
    login(people["moderator"])
    queue = client.get("/moderation").get_data(as_text=True)
    assert "another moderator must decide" in queue
    refused = client.post(f"/moderation/appeals/{appeal.id}",
                          data={"decision": "grant", "reason": "Mine."})
    assert refused.status_code == 403
    assert "different moderator" in refused.get_data(as_text=True)
    login(people["admin"])
    assert f"/moderation/appeals/{appeal.id}" in client.get("/moderation").get_data(as_text=True)
    no_reason = client.post(f"/moderation/appeals/{appeal.id}", data={"decision": "grant"})
    assert no_reason.status_code == 422
    response = client.post(f"/moderation/appeals/{appeal.id}",
                           data={"decision": "grant", "reason": "Fair point."})
    assert response.status_code == 302
    assert response.headers["Cache-Control"] == "no-store"
    session.expire_all()
    assert appeal.status == "granted" and post.is_visible


def test_suspended_user_sees_why_can_read_and_sign_in(client, login, session, people, thread):
    user = people["suspended"]
    session.commit()
    signed_in = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    home = client.get("/")
    html = home.get_data(as_text=True)
    assert "Your account is suspended until" in html and "Repeated personal attacks." in html
    page = client.get(f"/threads/{thread.id}")
    assert page.status_code == 200
    account = client.get("/account").get_data(as_text=True)
    assert "Appeal against the suspension" in account
    refused = client.post(f"/threads/{thread.id}/posts", data={"stance": "for", "body": "Hi."})
    assert refused.status_code == 403


def test_suspension_appeal_page(client, login, session, people, author):
    suspend_user(session, people["moderator"], author, until=utcnow() + timedelta(days=3),
                 reason="Spam.", now=utcnow())
    session.commit()
    login(author)
    assert client.post("/appeals/suspension",
                       data={"statement": "I will stop."}).status_code == 302
    html = client.get("/appeals/suspension").get_data(as_text=True)
    assert "Waiting for a decision" in html and "I will stop." in html
    login(people["citizen"])
    assert "nothing to appeal" in client.get("/appeals/suspension").get_data(as_text=True)


def test_locked_thread_shows_the_reason_and_refuses_posts(client, login, session, people,
                                                          thread):
    lock_thread(session, people["moderator"], thread, reason="Too heated.", now=utcnow())
    session.commit()
    assert "Too heated." in client.get(f"/threads/{thread.id}").get_data(as_text=True)
    login(people["citizen"])
    response = client.post(f"/threads/{thread.id}/posts", data={"stance": "for", "body": "Hi."})
    assert response.status_code == 403 and "locked" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_nav_link_for_moderators_and_footer_link_for_all(client, login, session, people, role):
    session.commit()
    html = visit(client, login, people, role).get("/").get_data(as_text=True)
    assert ('href="/moderation"' in html) is (role in MODERATORS)
    assert 'href="/transparency"' in html


def test_log_page_filters(client, login, session, people, post, thread):
    hide_post(session, people["moderator"], post, reason="Hidden reason.", now=utcnow())
    lock_thread(session, people["admin"], thread, reason="Locked reason.", now=utcnow())
    session.commit()
    login(people["moderator"])
    everything = client.get("/moderation/log").get_data(as_text=True)
    assert "Hidden reason." in everything and "Locked reason." in everything
    by_admin = client.get(f"/moderation/log?actor={people['admin'].id}").get_data(as_text=True)
    assert "Locked reason." in by_admin and "Hidden reason." not in by_admin
    by_action = client.get("/moderation/log?action=post_hidden").get_data(as_text=True)
    assert "Hidden reason." in by_action and "Locked reason." not in by_action
    past = client.get("/moderation/log?start=2001-01-01&end=2001-01-31").get_data(as_text=True)
    assert "No entries match these filters" in past


@pytest.mark.parametrize("query,message", [("start=yesterday", "Not a valid date"),
                                           ("start=2026-03-02&end=2026-03-01", "must not be"),
                                           ("action=nonsense", "from the list")])
def test_log_page_bad_filters(client, login, session, people, query, message):
    session.commit()
    login(people["moderator"])
    response = client.get(f"/moderation/log?{query}")
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
