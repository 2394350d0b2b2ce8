"""Who sees a summary's revision history: one rule, asked by the pages and the API alike."""
from __future__ import annotations

import pytest

from forum.db import utcnow
from forum.summaries import services
from forum.summaries.rules import can_view_summary_history
from tests.summaries.helpers import ROLES, advance


def _history_paths(summary) -> list[str]:  # noqa: ANN001
    return [f"/summaries/{summary.id}/revisions", f"/summaries/{summary.id}/revisions/1",
            f"/summaries/{summary.id}/diff", f"/api/v1/summaries/{summary.id}/revisions"]


@pytest.mark.parametrize("state", ["draft", "published"])
@pytest.mark.parametrize("role", ROLES)
def test_the_history_follows_can_view_summary_history(client, login, session, people, draft,
                                                      role, state):
    if state == "published":
        advance(session, draft, "published", people)
        session.commit()
    if people[role]:
        login(people[role])
    allowed = can_view_summary_history(people[role], draft, utcnow())
    assert allowed == (state == "published" or role in ("moderator", "admin"))
    for path in _history_paths(draft):
        assert client.get(path).status_code == (200 if allowed else 404), path


def test_the_history_pages_ask_the_history_rule(client, login, session, people, draft,
                                                monkeypatch):
    advance(session, draft, "published", people)
    session.commit()
    monkeypatch.setattr(services, "can_view_summary_history", lambda *args: False)
    login(people["moderator"])
    for path in _history_paths(draft):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/summaries/{draft.id}").status_code == 200
