"""Scenario fixtures for consultations: one person per role, and consultations in each state.

Times are relative to the real clock (``utcnow()``) so that pages, which read the clock,
see the same state as services and rules given ``now`` explicitly.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from forum.accounts.models import Role
from forum.consultations.services import post_consultation
from forum.db import utcnow
from tests.factories import make_topic, make_user

#: every role a rule is checked for; "author" is the councillor who posted the consultation
ROLES = ["anonymous", "citizen", "suspended", "author", "councillor", "moderator", "admin"]
FAR_FUTURE = datetime(2099, 1, 1, tzinfo=UTC)
NEXT_YEAR = utcnow().year + 1


def as_role(login, client, people, role):  # noqa: ANN001
    """The test client signed in as ``role`` (left anonymous for "anonymous")."""
    return client if people[role] is None else login(people[role])


@pytest.fixture
def people(session):  # noqa: ANN001
    """One user per role (``None`` for anonymous)."""
    return {
        "anonymous": None,
        "citizen": make_user(session, name="Casey Citizen"),
        "suspended": make_user(session, name="Sid Suspended", suspended_until=FAR_FUTURE,
                               reason="Repeated personal attacks"),
        "author": make_user(session, role=Role.COUNCILLOR, name="Cllr Ada Author"),
        "councillor": make_user(session, role=Role.COUNCILLOR, name="Cllr Other"),
        "moderator": make_user(session, role=Role.MODERATOR, name="Mo Moderator"),
        "admin": make_user(session, role=Role.ADMIN, name="Ad Admin"),
    }


@pytest.fixture
def topic(session):  # noqa: ANN001
    """A policy topic."""
    return make_topic(session, title="Transport", slug="transport")


def make_consultation(session, author, topic, *, opens_in: timedelta = timedelta(0),  # noqa: ANN001
                      closes_in: timedelta = timedelta(days=7), created: datetime | None = None,
                      title: str = "Proposed 20 mph limit",
                      question: str = "Should residential streets be 20 mph?"):
    """A consultation created at ``created`` (default: now) opening and closing relative to it."""
    created = created or utcnow()
    return post_consultation(session, author, topic, title=title, question=question,
                             body="Background **text**.", opens_at=created + opens_in,
                             closes_at=created + closes_in, now=created)


@pytest.fixture
def open_consultation(session, people, topic):  # noqa: ANN001
    """Opened a day ago, closes in six days."""
    thread = make_consultation(session, people["author"], topic, created=utcnow() - timedelta(days=1))
    session.commit()
    return thread


@pytest.fixture
def closed_consultation(session, people, topic):  # noqa: ANN001
    """Opened ten days ago, closed yesterday."""
    thread = make_consultation(session, people["author"], topic,
                               created=utcnow() - timedelta(days=10), closes_in=timedelta(days=9),
                               title="Closed consultation")
    session.commit()
    return thread


@pytest.fixture
def upcoming_consultation(session, people, topic):  # noqa: ANN001
    """Opens in two days, closes in nine."""
    thread = make_consultation(session, people["author"], topic, opens_in=timedelta(days=2),
                               closes_in=timedelta(days=9), title="Upcoming consultation")
    session.commit()
    return thread
