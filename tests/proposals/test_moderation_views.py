"""The moderation pages of proposals, with CSRF and rate limits on as in production: a
moderator refuses, the author appeals, another moderator grants; a duplicate is merged;
bad input keeps what was typed and changes nothing."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.moderation.models import Appeal
from forum.proposals.models import ProposalState
from forum.proposals.services import support
from forum.db import utcnow
from tests.factories import make_user
from tests.proposals.conftest import make_proposal


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """CSRF protection and rate limits on."""
    return {**app_config, "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True}


def press(client, url, data, expect):  # noqa: ANN001, ANN201
    """GET the form page, then POST ``data`` with its CSRF token; check the status."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.text)
    response = client.post(url, data={**data, "csrf_token": token.group(1)})
    assert response.status_code == expect, response.text
    return response


def test_refuse_appeal_and_grant(app, client, session, login, people, collecting):
    session.commit()
    login(people["moderator"])
    press(client, f"/proposals/{collecting.id}/refuse", {"reason": "It names a neighbour."},
          302)
    session.expire_all()
    assert collecting.proposal_state == ProposalState.REFUSED
    author = app.test_client()
    login(people["author"], author)
    page = press(author, f"/proposals/{collecting.id}/appeal",
                 {"statement": "Nobody is named."}, 302)
    assert page.headers["Location"].endswith(f"/proposals/{collecting.id}/appeal")
    shown = author.get(f"/proposals/{collecting.id}/appeal").text
    assert "It names a neighbour." in shown and "Waiting for a decision" in shown
    appeal = session.scalar(select(Appeal).where(Appeal.thread_id == collecting.id))
    other = app.test_client()
    login(make_user(session, role="moderator", name="Other Moderator"), other)
    assert f"/moderation/appeals/{appeal.id}" in other.get("/moderation").text
    press(other, f"/moderation/appeals/{appeal.id}",
          {"decision": "grant", "reason": "Nobody is named."}, 302)
    session.expire_all()
    assert collecting.proposal_state == ProposalState.COLLECTING
    assert "Your appeal was granted." in author.get(f"/proposals/{collecting.id}/appeal").text
    assert "About “" in author.get("/appeals").text


def test_a_refusal_without_reason_keeps_nothing_half_written(client, session, login, people,
                                                             collecting):
    session.commit()
    login(people["moderator"])
    response = press(client, f"/proposals/{collecting.id}/refuse", {"reason": " "}, 422)
    assert "Give a reason" in response.text
    session.expire_all()
    assert collecting.proposal_state == ProposalState.COLLECTING


def test_merge_by_number(client, session, login, people, topic, collecting):
    duplicate = make_proposal(session, topic=topic, title="The same crossing again")
    support(session, people["citizen"], duplicate, now=utcnow())
    session.commit()
    login(people["moderator"])
    typed = press(client, f"/proposals/{duplicate.id}/merge", {"into": "abc"}, 422)
    assert "Enter the number" in typed.text and 'value="abc"' in typed.text
    done = press(client, f"/proposals/{duplicate.id}/merge", {"into": str(collecting.id)}, 302)
    assert done.headers["Location"].endswith(f"/threads/{collecting.id}")
    session.expire_all()
    assert (duplicate.proposal_state, collecting.support_count) == (ProposalState.MERGED, 1)


@pytest.mark.parametrize("role,status", [("citizen", 403), ("author", 403),
                                         ("councillor", 403), ("moderator", 200)])
def test_only_moderators_see_the_forms(client, session, login, people, collecting, role,
                                       status):
    session.commit()
    login(people[role])
    for action in ("refuse", "merge"):
        assert client.get(f"/proposals/{collecting.id}/{action}").status_code == status


def test_someone_elses_appeal_page_is_not_found(client, session, login, people, collecting):
    session.commit()
    login(people["citizen"])
    assert client.get(f"/proposals/{collecting.id}/appeal").status_code == 404


def test_a_refused_proposals_text_is_shown_only_to_its_authors_and_moderators(
        app, client, session, login, people, collecting):  # noqa: ANN001
    from forum.proposals.moderation import refuse_proposal
    problem, text = "Children cross a busy road", "Build a zebra crossing by the school gate."
    refuse_proposal(session, people["moderator"], collecting, reason="It names a neighbour.",
                    now=utcnow())
    session.commit()
    for who, sees in (("anonymous", False), ("citizen", False), ("councillor", False),
                      ("author", True), ("moderator", True)):
        reader = app.test_client()
        if people[who] is not None:
            login(people[who], reader)
        page = reader.get(f"/threads/{collecting.id}").text
        assert (problem in page, text in page) == (sees, sees), who
        assert "It names a neighbour." in page and collecting.title in page
        api = reader.get(f"/api/v1/proposals/{collecting.id}").get_json()
        assert api["text_withheld"] is (not sees), who
        assert (api["body"] == text) is sees and (api["problem"] is None) is (not sees)
        listed = [p for p in reader.get("/api/v1/proposals?state=refused").get_json()
                  .get("proposals", []) if p["id"] == collecting.id]
        assert all(p["problem"] is None for p in listed) or sees


def test_a_refused_proposals_text_leaves_search_and_the_feeds_until_restored(
        client, session, people, collecting):  # noqa: ANN001
    from forum.proposals.moderation import refuse_proposal
    from forum.search.models import DocumentKind
    from tests.search.helpers import find
    word = "zebra"  # in the proposal's text, not its title
    assert find(session, word).total == 1
    refuse_proposal(session, people["moderator"], collecting, reason="It names a neighbour.",
                    now=utcnow())
    assert find(session, word).total == 0
    assert find(session, "crossing", kind=DocumentKind(collecting.kind.value)).total == 1
    session.commit()
    feed = client.get(f"/topics/{collecting.topic.slug}/feed.atom").get_data(as_text=True)
    assert collecting.title in feed and "zebra crossing by the school gate" not in feed
