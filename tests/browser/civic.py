"""Civic data the journeys build on the server's data: a consultation with a small debate,
its summary, the council's response."""
from __future__ import annotations

from datetime import timedelta

from forum.db import utcnow
from tests.factories import make_post, make_topic, make_user


def make_consultation(session, *, title: str, closed: bool):  # noqa: ANN001, ANN201
    """A consultation with a small debate (arguments of every stance, one endorsed)."""
    from forum.consultations.services import close_consultation, post_consultation
    from forum.posts.services import endorse
    now = utcnow()
    councillor = make_user(session, role="councillor")
    thread = post_consultation(session, councillor, make_topic(session), title=title,
                               question="Should the library open on Sunday afternoons?",
                               body="Opening costs about £40,000 a year.",
                               closes_at=now + timedelta(days=7), now=now - timedelta(days=1))
    residents = [make_user(session) for _ in range(3)]
    arguments = [("for", "Yes: Sunday is the only day many families are free."),
                 ("against", "No: the money would be better spent on weekday hours."),
                 ("question", "Would the café open too?")]
    posts = [make_post(session, thread=thread, author=who, stance=stance, body=text,
                       now=now - timedelta(hours=20 - i))
             for i, (who, (stance, text)) in enumerate(zip(residents, arguments))]
    endorse(session, residents[2], posts[0], now=now - timedelta(hours=2))
    if closed:
        close_consultation(session, councillor, thread, reason="Enough views were received.",
                           now=now - timedelta(minutes=5))
    return thread


def summarise(seed, closed_consultation, *, respond: bool):  # noqa: ANN001, ANN201
    """Summarise the consultation ``(id, title)`` from its debate, publish and submit the
    summary, and (``respond``) publish the council's response; return (summary id, thread
    id, title)."""
    from forum.summaries.draft import draft_from_debate
    from forum.summaries.services import create_summary, publish_summary, submit_summary
    from forum.threads.models import Thread
    thread_id, title = closed_consultation
    now = utcnow()
    with seed() as session:
        thread = session.get(Thread, thread_id)
        moderator = make_user(session, role="moderator")
        summary = create_summary(session, moderator, thread, now=now,
                                 body=draft_from_debate(session, thread))
        publish_summary(session, moderator, summary, now=now)
        submit_summary(session, moderator, summary, now=now)
        if respond:
            from forum.council.services import Answer, publish_response, save_response
            councillor = make_user(session, role="councillor")
            save_response(session, councillor, summary, decision="agreed_in_part", now=now,
                          body="We will open on Sunday afternoons for a one-year trial.",
                          answers=[Answer(p.id, "needs_more_work" if i == 0 else "agreed",
                                          f"Answer to point {i + 1}.",
                                          now.date() + timedelta(days=30) if i == 0 else None)
                                   for i, p in enumerate(summary.points)])
            publish_response(session, councillor, summary, now=now)
        return summary.id, thread_id, title
