"""HTML: reporting, hiding, restoring, locking, suspending and lifting, for every role."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from forum.db import utcnow
from forum.moderation.flags import flag_post
from forum.moderation.models import AuditEntry, Flag
from forum.moderation.services import hide_post, lock_thread
from tests.moderation.conftest import ROLES

MODERATORS = {"moderator", "admin"}
SIGNED_IN_ACTIVE = {"citizen", "councillor", "moderator", "admin"}


def visit(client, login, people, role):  # noqa: ANN001, ANN201
    if people[role] is not None:
        login(people[role])
    return client


def expected_status(role: str, allowed: set[str], ok: int) -> int:
    """GET: anonymous visitors go to sign in; POST (``ok`` 302): a 401 sign-in page."""
    if role == "anonymous":
        return 401 if ok == 302 else 302
    return ok if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_flag_page(client, login, session, people, post, role):
    session.commit()
    response = visit(client, login, people, role).get(f"/posts/{post.id}/flag")
    assert response.status_code == expected_status(role, SIGNED_IN_ACTIVE, 200)
    if role == "anonymous":
        assert "/login" in response.headers["Location"]
    if role == "suspended":
        assert "Repeated personal attacks." in response.get_data(as_text=True)
    if response.status_code == 200:
        assert 'name="reason"' in response.get_data(as_text=True)
        assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("role", ROLES)
def test_flag_submit(client, login, session, people, post, role):
    session.commit()
    response = visit(client, login, people, role).post(
        f"/posts/{post.id}/flag", data={"reason": "spam"})
    assert response.status_code == expected_status(role, SIGNED_IN_ACTIVE, 302)
    flagged = session.scalar(select(func.count()).select_from(Flag))
    assert flagged == (1 if role in SIGNED_IN_ACTIVE else 0)


def test_flag_other_without_text_keeps_the_form(client, login, session, people, post):
    session.commit()
    login(people["citizen"])
    response = client.post(f"/posts/{post.id}/flag", data={"reason": "other", "text": " "})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and "required when you choose" in html
    assert '<input checked id="reason-4" name="reason" type="radio" value="other">' in html


def test_second_report_is_a_friendly_message(client, login, session, people, post):
    flag_post(session, people["citizen"], post, reason="spam", threshold=3, now=utcnow())
    session.commit()
    login(people["citizen"])
    page = client.get(f"/posts/{post.id}/flag")
    assert page.status_code == 200
    assert "You already reported this post" in page.get_data(as_text=True)
    again = client.post(f"/posts/{post.id}/flag", data={"reason": "offensive"},
                        follow_redirects=True)
    assert again.status_code == 200
    assert "already reported this post" in again.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Flag)) == 1


def test_own_post_cannot_be_reported(client, login, session, post, author):
    session.commit()
    login(author)
    response = client.get(f"/posts/{post.id}/flag")
    assert response.status_code == 403
    assert "your own post" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_hide(client, login, session, people, post, role):
    session.commit()
    c = visit(client, login, people, role)
    assert c.get(f"/posts/{post.id}/hide").status_code == expected_status(role, MODERATORS, 200)
    response = c.post(f"/posts/{post.id}/hide", data={"reason": "Personal abuse."})
    assert response.status_code == expected_status(role, MODERATORS, 302)
    session.expire_all()
    assert post.is_hidden is (role in MODERATORS)


def test_hide_without_reason_keeps_the_form(client, login, session, people, post):
    session.commit()
    login(people["moderator"])
    response = client.post(f"/posts/{post.id}/hide", data={"reason": ""})
    assert response.status_code == 422
    assert "Give a reason" in response.get_data(as_text=True)


def test_hide_an_already_hidden_post_says_so(client, login, session, people, post):
    hide_post(session, people["admin"], post, reason="x", now=utcnow())
    session.commit()
    login(people["moderator"])
    response = client.post(f"/posts/{post.id}/hide", data={"reason": "Again."})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "already hidden" in html and "Again." in html


@pytest.mark.parametrize("role", ROLES)
def test_restore(client, login, session, people, post, role):
    hide_post(session, people["admin"], post, reason="x", now=utcnow())
    session.commit()
    c = visit(client, login, people, role)
    assert c.get(f"/posts/{post.id}/restore").status_code == \
        expected_status(role, MODERATORS, 200)
    response = c.post(f"/posts/{post.id}/restore", data={"reason": ""})
    assert response.status_code == expected_status(role, MODERATORS, 302)
    session.expire_all()
    assert post.is_hidden is (role not in MODERATORS)


@pytest.mark.parametrize("role", ROLES)
def test_lock_and_unlock(client, login, session, people, thread, role):
    session.commit()
    c = visit(client, login, people, role)
    response = c.post(f"/threads/{thread.id}/lock", data={"reason": "Cooling off."})
    assert response.status_code == expected_status(role, MODERATORS, 302)
    session.expire_all()
    assert thread.is_locked is (role in MODERATORS)
    if role not in MODERATORS:
        lock_thread(session, people["admin"], thread, reason="x", now=utcnow())
        session.commit()
    response = c.post(f"/threads/{thread.id}/unlock", data={})
    assert response.status_code == expected_status(role, MODERATORS, 302)
    session.expire_all()
    assert thread.is_locked is (role not in MODERATORS)


@pytest.mark.parametrize("role", ROLES)
def test_suspend(client, login, session, people, author, role):
    session.commit()
    c = visit(client, login, people, role)
    assert c.get(f"/users/{author.id}/suspend").status_code == \
        expected_status(role, MODERATORS, 200)
    until = (date.today() + timedelta(days=10)).isoformat()
    response = c.post(f"/users/{author.id}/suspend", data={"until": until, "reason": "Spam."})
    assert response.status_code == expected_status(role, MODERATORS, 302)
    session.expire_all()
    assert author.is_suspended(utcnow()) is (role in MODERATORS)
    if role in MODERATORS:
        assert author.suspended_until.date() >= date.fromisoformat(until) - timedelta(days=1)


@pytest.mark.parametrize("until,message", [("", "Enter the last day"),
                                           ("30/04/2026", "Not a valid date"),
                                           ("2001-01-01", "in the future")])
def test_suspend_bad_dates_keep_the_form(client, login, session, people, author, until, message):
    session.commit()
    login(people["moderator"])
    response = client.post(f"/users/{author.id}/suspend",
                           data={"until": until, "reason": "Kept text."})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and "Kept text." in html


@pytest.mark.parametrize("role", ROLES)
def test_lift(client, login, session, people, role):
    target = people["suspended"]
    session.commit()
    c = visit(client, login, people, role)
    allowed = {"admin"}
    assert c.get(f"/users/{target.id}/suspension/lift").status_code == \
        expected_status(role, allowed, 200)
    response = c.post(f"/users/{target.id}/suspension/lift", data={"reason": "Apologised."})
    assert response.status_code == expected_status(role, allowed, 302)
    session.expire_all()
    assert target.is_suspended(utcnow()) is (role != "admin")


def test_each_action_adds_a_log_entry(client, login, session, people, post, thread, author):
    session.commit()
    login(people["admin"])
    until = (date.today() + timedelta(days=3)).isoformat()
    for url, data in ((f"/posts/{post.id}/hide", {"reason": "a"}),
                      (f"/posts/{post.id}/restore", {}),
                      (f"/threads/{thread.id}/lock", {"reason": "b"}),
                      (f"/threads/{thread.id}/unlock", {}),
                      (f"/users/{author.id}/suspend", {"until": until, "reason": "c"}),
                      (f"/users/{author.id}/suspension/lift", {})):
        assert client.post(url, data=data).status_code == 302, url
    actions = [e.value for e in session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))]
    assert actions == ["post_hidden", "post_restored", "thread_locked", "thread_unlocked",
                       "user_suspended", "suspension_lifted"]
