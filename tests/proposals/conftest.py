"""Scenario fixtures for proposals: one person per role, and proposals in each state.

Times are relative to the real clock (``utcnow()``) so that pages, which read the clock,
see the same state as services and rules given ``now`` explicitly.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from forum.accounts.models import Role
from forum.db import utcnow
from forum.proposals.models import Proposal
from forum.proposals.services import (invite_link, join_as_coauthor, publish_proposal,
                                      start_proposal, support)
from tests.factories import make_topic, make_user

#: every role a rule is checked for; "author" is the resident who started the proposal
ROLES = ["anonymous", "citizen", "unconfirmed", "suspended", "author", "coauthor",
         "councillor", "moderator", "admin"]
FAR_FUTURE = datetime(2099, 1, 1, tzinfo=UTC)
DAYS = 90


def make_proposal(session, *, author=None, topic=None, now=None, publish=True,  # noqa: ANN001
                  threshold: int = 100, title: str = "Safer crossing on Mill Road",
                  days: int = DAYS, **fields) -> Proposal:
    """A proposal by ``author`` in ``topic``: collecting since ``now`` (or a draft when
    ``publish`` is false); ``threshold`` is the site's default for it."""
    now = now or utcnow()
    author = author or make_user(session)
    proposal = start_proposal(
        session, author, topic or make_topic(session), title=title,
        problem=fields.pop("problem", "Children cross a busy road on the way to school."),
        proposal=fields.pop("proposal", "Build a zebra crossing by the school gate."),
        now=now, threshold_default=threshold, days=days, **fields)
    if publish:
        publish_proposal(session, author, proposal, now=now, days=days)
    return proposal


@pytest.fixture
def people(session):  # noqa: ANN001
    """One user per role (``None`` for anonymous); "coauthor" joins proposals on request."""
    return {
        "anonymous": None,
        "citizen": make_user(session, name="Casey Citizen"),
        "unconfirmed": make_user(session, name="Una Unconfirmed", confirmed=False),
        "suspended": make_user(session, name="Sid Suspended", suspended_until=FAR_FUTURE,
                               reason="Repeated personal attacks"),
        "author": make_user(session, name="Ari Author"),
        "coauthor": make_user(session, name="Cody Coauthor"),
        "councillor": make_user(session, role=Role.COUNCILLOR, name="Cllr Other"),
        "moderator": make_user(session, role=Role.MODERATOR, name="Mo Moderator"),
        "admin": make_user(session, role=Role.ADMIN, name="Ad Admin"),
    }


@pytest.fixture
def topic(session):  # noqa: ANN001
    """A policy topic with no threshold of its own."""
    return make_topic(session, title="Transport", slug="transport")


@pytest.fixture
def draft(session, people, topic):  # noqa: ANN001
    """A draft by "author" that "coauthor" joined through the invitation link."""
    proposal = make_proposal(session, author=people["author"], topic=topic, publish=False)
    token = invite_link(session, people["author"], proposal, now=utcnow())
    join_as_coauthor(session, people["coauthor"], token, now=utcnow())
    return proposal


@pytest.fixture
def collecting(session, people, topic):  # noqa: ANN001
    """A proposal by "author" published a day ago, collecting toward 100 supports."""
    return make_proposal(session, author=people["author"], topic=topic,
                         now=utcnow() - timedelta(days=1))


@pytest.fixture
def qualified(session, people, topic):  # noqa: ANN001
    """A proposal by "author" that two residents supported past its threshold of 2."""
    proposal = make_proposal(session, author=people["author"], topic=topic, threshold=2,
                             title="Benches along the canal")
    for _ in range(2):
        support(session, make_user(session), proposal, now=utcnow())
    return proposal
