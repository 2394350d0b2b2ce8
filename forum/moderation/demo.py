"""Moderation demo data: a post with two open reports, and a post a moderator hid whose
author has appealed (so an admin, not the moderator who hid it, can decide)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.moderation.appeals import appeal_post
from forum.moderation.flags import flag_post
from forum.moderation.services import hide_post
from forum.posts.services import create_post
from forum.threads.models import Thread
from forum.topics.models import Topic


def _first_thread(session: Session, topic: Topic) -> Thread | None:
    return session.scalar(select(Thread).where(Thread.topic_id == topic.id)
                          .order_by(Thread.id).limit(1))


def load_moderation_demo(session: Session, topics: dict[str, Topic], people: dict[str, User], *,
                         now: datetime) -> None:
    """Add a reported post (two reports, so the queue is not empty) and a hidden, appealed post."""
    transport, parks = _first_thread(session, topics["transport"]), \
        _first_thread(session, topics["parks"])
    if transport is None or parks is None:
        return
    t = now - timedelta(days=2)
    rude = create_post(session, people["chris"], transport, stance="against", now=t,
                       body="Anyone who still drives into town is just lazy. The people "
                            "complaining about this should stop whining and get a bike.")
    flag_post(session, people["ben"], rude, reason="offensive", now=t + timedelta(hours=1),
              threshold=3)
    flag_post(session, people["citizen"], rude, reason="other", threshold=3,
              text="Calls people who disagree lazy; that is not an argument.",
              now=t + timedelta(hours=2))
    doxx = create_post(session, people["ben"], parks, now=t + timedelta(hours=3),
                       body="If you want to help with the benches, ring me on 07700 900123 "
                            "or knock at 14 Park Road.")
    hide_post(session, people["moderator"], doxx, now=t + timedelta(hours=5),
              reason="Contains a phone number and a home address. Please don't share "
                     "personal contact details on the forum.")
    appeal_post(session, people["ben"], doxx, now=t + timedelta(hours=8),
                statement="I only wanted volunteers to be able to reach me about the benches. "
                          "Could the post go back up without my number?")
