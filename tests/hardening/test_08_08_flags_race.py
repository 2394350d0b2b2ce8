"""Reports sent at the same moment still hide the post once the threshold is reached."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.moderation.models import AuditAction, AuditEntry, Flag
from forum.notifications.models import Notification
from forum.posts.models import Post
from tests.factories import bearer, make_post, make_thread, make_user
from tests.hardening.parallel import requests_at_once, statuses

#: rounds per test: one round rarely loses the race, several together almost surely would
TRIALS = 5


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """Limits and CSRF on, as in production (bearer-token calls need no CSRF token)."""
    return {**app_config, "RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": True}


def _report(post_id: int, headers: dict):  # noqa: ANN202
    return lambda client: client.post(f"/api/v1/posts/{post_id}/flags", json={"reason": "spam"},
                                      headers=headers)


def test_08_08_simultaneous_reports_hide_the_post(fresh_app, session):
    threshold = fresh_app.config["FLAG_HIDE_THRESHOLD"]
    thread = make_thread(session)
    for _ in range(TRIALS):
        post = make_post(session, thread=thread)
        readers = [bearer(make_user(session), session) for _ in range(threshold)]
        session.commit()
        responses = requests_at_once(fresh_app, [_report(post.id, h) for h in readers])
        assert statuses(responses) == [201] * threshold
        session.expire_all()
        assert session.get(Post, post.id).is_hidden, "the threshold was reached but not seen"
        hidden = session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == AuditAction.POST_AUTO_HIDDEN, AuditEntry.target_id == post.id))
        assert hidden == 1  # hidden once, logged once
        told = session.scalar(select(func.count()).select_from(Notification).where(
            Notification.user_id == post.author_id, Notification.kind == "post_hidden"))
        assert told == 1


def test_08_08_the_same_report_twice_at_once_is_one_report(fresh_app, session):
    post = make_post(session, thread=make_thread(session))
    headers = bearer(make_user(session), session)
    session.commit()
    responses = requests_at_once(fresh_app, [_report(post.id, headers)] * 2)
    assert statuses(responses) == [201, 409]
    assert session.scalar(select(func.count()).select_from(Flag)) == 1
    session.expire_all()
    assert session.get(Post, post.id).is_visible
