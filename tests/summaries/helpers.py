"""Scenario builders shared by the summary and council tests."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from forum.accounts.models import Role
from forum.consultations.services import post_consultation
from forum.council import services as council
from forum.db import utcnow
from forum.summaries import services
from tests.factories import make_post, make_thread, make_topic, make_user

#: every role a move is checked for
ROLES = ["anonymous", "citizen", "suspended", "councillor", "moderator", "admin"]
FAR_FUTURE = datetime(2099, 1, 1, tzinfo=UTC)


def make_people(session) -> dict:  # noqa: ANN001
    """One user per role (``None`` for anonymous)."""
    return {
        "anonymous": None,
        "citizen": make_user(session, name="Casey Citizen"),
        "suspended": make_user(session, name="Sid Suspended", suspended_until=FAR_FUTURE),
        "councillor": make_user(session, role=Role.COUNCILLOR, name="Cllr Cora"),
        "moderator": make_user(session, role=Role.MODERATOR, name="Mo Moderator"),
        "admin": make_user(session, role=Role.ADMIN, name="Ad Admin"),
    }


def make_debate(session, *, now: datetime | None = None, thread=None):  # noqa: ANN001
    """A discussion with two arguments and a reply; returns the thread and its posts."""
    now = now or utcnow() - timedelta(hours=5)
    ana, ben = make_user(session, name="Ana Lopez"), make_user(session, name="Ben [the] Okafor")
    thread = thread or make_thread(session, title="Should the High Street be car-free?",
                                   now=now - timedelta(hours=1))
    pro = make_post(session, thread=thread, author=ana, stance="for", now=now,
                    body="Cafés could put tables out. Children could walk safely.")
    con = make_post(session, thread=thread, author=ben, stance="against",
                    now=now + timedelta(minutes=1), body="Not without better buses first.")
    reply = make_post(session, thread=thread, author=ana, parent=con,
                      now=now + timedelta(minutes=2), body="Blue badge holders keep access.")
    return SimpleNamespace(thread=thread, pro=pro, con=con, reply=reply, ana=ana, ben=ben)


def make_closed_consultation(session, author, *,  # noqa: ANN001
                             title: str = "Where should new homes go?",
                             closed_days_ago: int = 1, topic=None):  # noqa: ANN001
    """A consultation that closed ``closed_days_ago``, with a debate written while it was open."""
    closed = utcnow() - timedelta(days=closed_days_ago)
    created = closed - timedelta(days=9)
    thread = post_consultation(session, author, topic or make_topic(session, title="Housing"),
                               title=title, question="Northfield or spread across wards?",
                               body="Background.", opens_at=created, closes_at=closed,
                               now=created)
    make_debate(session, thread=thread, now=created + timedelta(days=1))
    return thread


def advance(session, summary, state: str, people: dict, *,  # noqa: ANN001
            now: datetime | None = None):
    """Move ``summary`` on to ``state`` (published, submitted, responded, complete)."""
    now = now or utcnow()
    order = ["published", "submitted", "responded", "complete"]
    done = 0 if summary.state.value == "draft" else order.index(summary.state.value) + 1
    for step in order[done: order.index(state) + 1]:
        if step == "published":
            services.publish_summary(session, people["moderator"], summary, now=now)
        elif step == "submitted":
            services.submit_summary(session, people["moderator"], summary, now=now)
        elif step == "responded":
            answer_all(session, people["councillor"], summary, now=now)
        else:
            council.add_update(session, people["councillor"], summary, body="Done.",
                               complete=True, now=now)
    session.flush()
    return summary


def answer_all(session, councillor, summary, *, now: datetime,  # noqa: ANN001
               decision: str = "agreed", publish: bool = True):
    """Answer every point of ``summary`` with ``decision`` and publish the response."""
    answers = [council.Answer(p.id, decision, f"On point {p.position + 1}: we agree.")
               for p in summary.points]
    response = council.save_response(session, councillor, summary, decision=decision,
                                     body="We agree.", answers=answers, now=now)
    if publish:
        council.publish_response(session, councillor, summary, now=now)
    return response
