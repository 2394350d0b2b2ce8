"""The resident's journey with CSRF and rate limits on: start a draft, publish it, support
it. Without the page's token nothing changes; with it each step goes through."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.proposals.models import Proposal, ProposalState
from tests.proposals.test_views import FIELDS


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """CSRF protection and rate limits on, as in production."""
    return {**app_config, "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True}


def _token(client, path: str) -> str:  # noqa: ANN001
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)


def test_start_publish_and_support_with_csrf(client, login, session, people, topic):  # noqa: ANN001
    login(people["author"])
    refused = client.post("/topics/transport/proposals/new", data=FIELDS)
    assert refused.status_code == 422 and b"This form had expired" in refused.data
    assert b"Children cross a busy road" in refused.data
    token = _token(client, "/topics/transport/proposals/new")
    assert client.post("/topics/transport/proposals/new",
                       data={**FIELDS, "csrf_token": token}).status_code == 302
    proposal = session.scalars(select(Proposal)).one()
    draft = f"/proposals/{proposal.id}/draft"
    client.post(f"/proposals/{proposal.id}/publish")  # no token: nothing happens
    session.refresh(proposal)
    assert proposal.proposal_state == ProposalState.DRAFT
    client.post(f"/proposals/{proposal.id}/publish", data={"csrf_token": _token(client, draft)})
    session.refresh(proposal)
    assert proposal.proposal_state == ProposalState.COLLECTING

    login(people["citizen"])
    page = f"/threads/{proposal.id}"
    client.post(f"/proposals/{proposal.id}/support")
    session.refresh(proposal)
    assert proposal.support_count == 0
    answer = client.post(f"/proposals/{proposal.id}/support",
                         data={"csrf_token": _token(client, page)})
    assert answer.status_code == 302
    session.refresh(proposal)
    assert proposal.support_count == 1
