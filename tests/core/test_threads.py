"""Starting, showing and editing threads."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.posts.models import Revision
from forum.threads.models import Thread
from tests.factories import make_thread, make_topic, make_user


def test_citizen_starts_thread(client, session, login):
    topic = make_topic(session)
    login(make_user(session))
    session.commit()
    response = client.post(f"/topics/{topic.slug}/threads/new",
                           data={"title": "  Fix the potholes  ", "body": "On **Mill Lane**."})
    assert response.status_code == 302
    thread = session.scalar(select(Thread))
    assert response.headers["Location"] == f"/threads/{thread.id}"
    assert thread.title == "Fix the potholes"
    assert thread.body_html == "<p>On <strong>Mill Lane</strong>.</p>"
    assert session.scalar(select(Revision).where(Revision.thread_id == thread.id)) is not None


@pytest.mark.parametrize("title,body,message", [
    ("Shrt", "Body", b"at least 5 characters"),
    ("x" * 201, "Body", b"200 characters or fewer"),
    ("A good title", "", b"Enter some text"),
    ("A good title", "y" * 20_001, b"20,000 characters or fewer"),
])
def test_bad_thread_input_is_explained_and_kept(client, session, login, title, body, message):
    topic = make_topic(session)
    login(make_user(session))
    session.commit()
    response = client.post(f"/topics/{topic.slug}/threads/new",
                           data={"title": title, "body": body})
    assert response.status_code == 422
    assert message in response.data
    assert title.encode() in response.data and body[:100].encode() in response.data
    assert session.scalar(select(Thread)) is None


def test_anonymous_is_sent_to_sign_in(client, session):
    topic = make_topic(session)
    session.commit()
    response = client.get(f"/topics/{topic.slug}/threads/new")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_thread_url_accepts_slug_suffix(client, session):
    thread = make_thread(session, title="Speed bumps please")
    session.commit()
    for url in (f"/threads/{thread.id}", f"/threads/{thread.id}-speed-bumps-please",
                f"/threads/{thread.id}/anything"):
        response = client.get(url)
        assert response.status_code == 200 and b"Speed bumps please" in response.data
    assert client.get("/threads/999999").status_code == 404


def test_author_edits_opening_text_and_history_keeps_versions(client, session, login):
    author = make_user(session)
    thread = make_thread(session, author=author, body="First version")
    login(author)
    session.commit()
    response = client.post(f"/threads/{thread.id}/edit",
                           data={"title": thread.title, "body": "Second version"})
    assert response.status_code == 302
    session.refresh(thread)
    assert thread.edited_at is not None and thread.body == "Second version"
    page = client.get(f"/threads/{thread.id}").data.decode()
    assert "edited" in page
    history = client.get(f"/threads/{thread.id}/history").data.decode()
    assert history.index("Second version") < history.index("First version")


@pytest.mark.parametrize("role", ["citizen", "councillor", "moderator", "admin"])
def test_only_the_author_edits_a_thread(client, session, login, role):
    thread = make_thread(session, body="Original")
    login(make_user(session, role=role))
    session.commit()
    assert client.get(f"/threads/{thread.id}/edit").status_code == 403
    response = client.post(f"/threads/{thread.id}/edit", data={"title": "Hijacked title",
                                                                "body": "Changed"})
    assert response.status_code == 403
    session.refresh(thread)
    assert thread.body == "Original"


def test_edit_with_empty_body_keeps_title(client, session, login):
    author = make_user(session)
    thread = make_thread(session, author=author)
    login(author)
    session.commit()
    response = client.post(f"/threads/{thread.id}/edit", data={"title": "Changed title here",
                                                                "body": ""})
    assert response.status_code == 422 and b"Changed title here" in response.data
    session.refresh(thread)
    assert thread.title == "A thread about something"


def test_rules_for_upcoming_consultations_and_suspended_councillors(session):
    from datetime import timedelta

    from forum.db import utcnow
    from forum.consultations.models import Consultation
    from forum.consultations.rules import can_manage_consultation
    from forum.threads.rules import can_edit_thread
    now = utcnow()
    councillor = make_user(session, role="councillor")
    thread = make_thread(session, author=councillor, model=Consultation,
                         question="Should we?", opens_at=now + timedelta(days=1),
                         closes_at=now + timedelta(days=10))
    assert can_edit_thread(councillor, thread, now)  # before it opens, the author may edit
    assert can_manage_consultation(councillor, thread, now)
    councillor.suspended_until = now + timedelta(days=2)
    assert not can_manage_consultation(councillor, thread, now)
    assert not can_edit_thread(councillor, thread, now)
