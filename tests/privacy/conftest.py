"""A person with something stored in most tables: posts, a revision, a mention, a quote,
notifications, an endorsement, a report, an API token, sign-ins, mail waiting to be sent."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from forum.accounts.models import User
from forum.accounts.services import issue_token
from forum.db import utcnow
from forum.jobs.runner import run_due
from forum.jobs import enqueue
from forum.mail import queue_mail
from forum.moderation.flags import flag_post
from forum.posts.models import Post
from forum.posts.quotes import quote_text
from forum.posts.services import edit_post, endorse
from forum.privacy.export import request_export
from forum.threads.models import Thread
from tests.factories import make_post, make_sign_in, make_thread, make_user

NAME = "Zoë Quintrell"
EMAIL = "zoe.quintrell@example.org"


@dataclass
class World:
    """The person to erase, someone else, and what they wrote."""

    person: User
    other: User
    thread: Thread
    post: Post
    reply: Post


@pytest.fixture
def world(session) -> World:  # noqa: ANN001
    now = utcnow() - timedelta(hours=1)
    person = make_user(session, name=NAME, email=EMAIL)
    other = make_user(session, name="Bartholomew Oyelaran")
    thread = make_thread(session, author=other, title="Should the library open on Sundays?")
    post = make_post(session, thread=thread, author=person, stance="for",
                     body="Yes, @[Bartholomew Oyelaran](%d) is right." % other.id, now=now)
    edit_post(session, person, post, body="Yes: Sundays suit families.", now=now)
    reply = make_post(session, thread=thread, author=other, parent=post, now=now,
                      body=quote_text(post) + f"Thanks @[{NAME}]({person.id}).")
    endorse(session, person, make_post(session, thread=thread, author=other, stance="against"),
            now=now)
    flag_post(session, person, reply, reason="other", text="Not kind.", threshold=3, now=now)
    issue_token(session, person, now=now)
    make_sign_in(session, user=person, user_agent="Mozilla/5.0 (X11; Linux) Firefox/130.0")
    queue_mail(session, EMAIL, f"Hello {NAME}", f"Dear {NAME}, welcome.")
    request_export(session, person, now=utcnow(), days=7)
    session.commit()
    run_due(session)
    run_due(session)  # the "download ready" mail the export job queued
    # a mail still waiting for its retry (done jobs keep no arguments): erasure must find it
    enqueue(session, "mail.send", run_after=utcnow() + timedelta(hours=1), to=EMAIL,
            subject=f"Reminder for {NAME}", body="Your consultation closes soon.")
    session.commit()
    return World(person=person, other=other, thread=thread, post=post, reply=reply)
