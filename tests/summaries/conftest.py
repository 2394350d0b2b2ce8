"""Fixtures for summaries: people in every role, a debate, a closed consultation."""
from __future__ import annotations

import pytest

from forum.db import utcnow
from forum.summaries import services
from tests.summaries.helpers import make_closed_consultation, make_debate, make_people


@pytest.fixture
def people(session):  # noqa: ANN001
    """One user per role (``None`` for anonymous)."""
    return make_people(session)


@pytest.fixture
def debate(session):  # noqa: ANN001
    """A discussion: an argument for, one against and a reply to it."""
    found = make_debate(session)
    session.commit()
    return found


@pytest.fixture
def consultation(session, people):  # noqa: ANN001
    """A consultation that has closed, with a small debate."""
    thread = make_closed_consultation(session, people["councillor"])
    session.commit()
    return thread


@pytest.fixture
def draft(session, people, consultation):  # noqa: ANN001
    """A draft summary of the closed consultation, with a ``## For`` and ``## Against`` section."""
    post_ids = services.newest_post_id(session, consultation)
    summary = services.create_summary(
        session, people["moderator"], consultation, now=utcnow(),
        body=f"## For\n\nPeople want cafés [#{post_ids - 2}].\n\n## Against\n\nBuses first "
             f"[#{post_ids - 1}].")
    session.commit()
    return summary


@pytest.fixture
def draft_of(session, people):  # noqa: ANN001
    """Write a draft summary of ``thread`` as the moderator."""
    def _draft(thread, body: str):  # noqa: ANN001, ANN202
        summary = services.create_summary(session, people["moderator"], thread, body=body,
                                          now=utcnow())
        session.commit()
        return summary
    return _draft
