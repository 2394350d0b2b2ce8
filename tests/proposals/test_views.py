"""Proposal pages: start (topic, then form), the draft, publish, the thread page's panel,
support and withdraw by form POST, the co-author link, and the list."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.proposals.models import Proposal, ProposalState
from forum.proposals.services import invite_link, support
from tests.core.test_performance import QUERY_BUDGET
from tests.factories import make_topic, make_user
from tests.proposals.conftest import make_proposal

FIELDS = {"title": "Safer crossing on Mill Road",
          "problem": "Children cross a busy road to get to school.",
          "body": "Build a zebra crossing by the school gate.", "area": "Mill Road",
          "cost_estimate": "12,000"}


def test_choose_a_topic_then_start_a_draft(client, login, session, people, topic):  # noqa: ANN001
    login(people["author"])
    page = client.get("/proposals/new")
    assert page.status_code == 200 and b"/topics/transport/proposals/new" in page.data
    answer = client.post("/topics/transport/proposals/new", data=FIELDS)
    assert answer.status_code == 302
    proposal = session.scalars(select(Proposal)).one()
    assert answer.headers["Location"].endswith(f"/proposals/{proposal.id}/draft")
    assert (proposal.proposal_state, proposal.cost_estimate, proposal.area) == (
        ProposalState.DRAFT, 12000, "Mill Road")
    draft = client.get(f"/proposals/{proposal.id}/draft")
    assert draft.status_code == 200 and b"Publish the proposal" in draft.data


def test_a_bad_field_keeps_what_was_typed(client, login, session, people, topic):  # noqa: ANN001
    login(people["author"])
    answer = client.post("/topics/transport/proposals/new",
                         data={**FIELDS, "title": "abc", "cost_estimate": "lots"})
    assert answer.status_code == 422
    text = answer.get_data(as_text=True)
    assert "Enter the cost as a whole number of pounds" in text
    assert "Children cross a busy road to get to school." in text and 'value="lots"' in text
    assert session.scalars(select(Proposal)).all() == []


def test_an_unconfirmed_account_is_told_why(client, login, people, topic):  # noqa: ANN001
    login(people["unconfirmed"])
    answer = client.get("/topics/transport/proposals/new")
    assert answer.status_code == 403
    posted = client.post("/topics/transport/proposals/new", data=FIELDS)
    assert posted.status_code == 403 and b"Confirm your email address" in posted.data


def test_the_draft_is_private(client, login, session, people, draft):  # noqa: ANN001
    session.commit()
    assert client.get(f"/proposals/{draft.id}/draft").status_code == 302  # sign in first
    login(people["citizen"])
    assert client.get(f"/proposals/{draft.id}/draft").status_code == 404
    assert client.get(f"/threads/{draft.id}").status_code == 404
    login(people["coauthor"])
    page = client.get(f"/proposals/{draft.id}/draft")
    assert page.status_code == 200 and b"Edit the draft" in page.data
    assert b"Publish the proposal" not in page.data  # only the author publishes


def test_publish_then_the_page_shows_the_panel(client, login, session, people, draft):  # noqa: ANN001
    login(people["author"])
    answer = client.post(f"/proposals/{draft.id}/publish")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/threads/{draft.id}")
    session.refresh(draft)
    assert draft.proposal_state == ProposalState.COLLECTING
    page = client.get(f"/threads/{draft.id}").get_data(as_text=True)
    assert "0 of 100 supports, 90 days left" in page
    assert "When 100 people support it, it goes to the council" in page
    assert '<progress id="proposal-progress" max="100" value="0"' in page
    assert "Children cross a busy road" in page and "Cody Coauthor" in page
    assert "Collecting support" in page  # the timeline


def test_support_and_withdraw_by_form(client, login, session, people, collecting):  # noqa: ANN001
    session.commit()
    login(people["citizen"])
    page = client.get(f"/threads/{collecting.id}").get_data(as_text=True)
    assert "Support this proposal" in page
    answer = client.post(f"/proposals/{collecting.id}/support")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("#proposal-support")
    page = client.get(f"/threads/{collecting.id}").get_data(as_text=True)
    assert "1 of 100 supports" in page and "Withdraw my support" in page
    client.post(f"/proposals/{collecting.id}/withdraw")
    session.refresh(collecting)
    assert collecting.support_count == 0


def test_offline_supports_show_separately(client, session, collecting):  # noqa: ANN001
    collecting.support_count, collecting.offline_support_count = 3, 40
    session.commit()
    page = client.get(f"/threads/{collecting.id}").get_data(as_text=True)
    assert "43 of 100 supports" in page and "3 online + 40 on paper" in page


def test_a_closed_proposal_is_never_called_rejected(client, session, people, topic):  # noqa: ANN001
    from datetime import timedelta
    proposal = make_proposal(session, author=people["author"], topic=topic,
                             now=utcnow() - timedelta(days=91))
    session.commit()
    page = client.get(f"/threads/{proposal.id}").get_data(as_text=True)
    assert "Closed without enough support" in page and "it was not rejected" in page
    assert "Support this proposal" not in page and "0 of 100 supports" in page


def test_a_suspended_resident_sees_why_they_cannot_support(client, login, session, people,  # noqa: ANN001
                                                           collecting):
    session.commit()
    login(people["suspended"])
    page = client.get(f"/threads/{collecting.id}").get_data(as_text=True)
    assert "Support this proposal" not in page and "Repeated personal attacks" in page
    answer = client.post(f"/proposals/{collecting.id}/support", follow_redirects=True)
    assert b"Repeated personal attacks" in answer.data
    session.refresh(collecting)
    assert collecting.support_count == 0


def test_join_as_coauthor_by_link(client, login, session, people, topic):  # noqa: ANN001
    proposal = make_proposal(session, author=people["author"], topic=topic, publish=False)
    token = invite_link(session, people["author"], proposal, now=utcnow())
    session.commit()
    login(people["citizen"])
    page = client.get(f"/proposals/join/{token}")
    assert page.status_code == 200 and b"Ari Author invited you" in page.data
    assert client.post(f"/proposals/join/{token}").status_code == 302
    session.refresh(proposal)
    assert [c.user_id for c in proposal.coauthors] == [people["citizen"].id]
    assert client.get("/proposals/join/not-a-token").status_code == 404


def test_the_list_filters_and_pages(client, session, people, topic):  # noqa: ANN001
    other = make_topic(session, title="Housing", slug="housing")
    made = [make_proposal(session, topic=topic if i % 2 else other, title=f"Proposal number {i}",
                          area="North" if i < 3 else None) for i in range(25)]
    for backer in (make_user(session), make_user(session)):
        support(session, backer, made[7], now=utcnow())
    session.commit()
    page = client.get("/proposals").get_data(as_text=True)
    titles = re.findall(r"Proposal number (\d+)</a>", page)
    assert titles[0] == "7" and len(titles) == 20
    after = re.search(r'after=([^"&]+)', page).group(1)
    rest = re.findall(r"Proposal number (\d+)</a>",
                      client.get(f"/proposals?after={after}").get_data(as_text=True))
    assert len(rest) == 5 and not set(rest) & set(titles)
    north = client.get("/proposals?area=north&topic=housing").get_data(as_text=True)
    assert sorted(re.findall(r"Proposal number (\d+)</a>", north)) == ["0", "2"]


@pytest.mark.parametrize("query", ["sort=loudest", "state=rejected", "after=zzz"])
def test_bad_list_parameters_are_422(client, query):  # noqa: ANN001
    assert client.get(f"/proposals?{query}").status_code == 422


def test_the_home_page_shows_proposals_close_to_the_threshold(client, session, people, topic):  # noqa: ANN001
    near = make_proposal(session, topic=topic, title="Nearly there now", threshold=4)
    far = make_proposal(session, topic=topic, title="A long way to go", threshold=100)
    make_proposal(session, topic=topic, title="Still a private draft", publish=False)
    for backer in (make_user(session), make_user(session)):
        support(session, backer, near, now=utcnow())
    support(session, make_user(session), far, now=utcnow())
    session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Proposals close to the threshold" in page
    assert page.index("Nearly there now") < page.index("A long way to go")
    assert "2 of 4 supports" in page and "Still a private draft" not in page



def test_the_proposal_page_costs_the_same_queries_however_many_people(client, login, session,  # noqa: ANN001
                                                                      people, topic,
                                                                      count_queries):
    """Co-authors, supporters and state moves are read in a fixed number of queries."""
    from forum.proposals.services import join_as_coauthor, publish_proposal
    counts = []
    for size in (1, 5):
        proposal = make_proposal(session, author=people["author"], topic=topic, publish=False,
                                 title=f"Proposal with {size} co-authors")
        token = invite_link(session, people["author"], proposal, now=utcnow())
        for _ in range(size):
            join_as_coauthor(session, make_user(session), token, now=utcnow())
        publish_proposal(session, people["author"], proposal, now=utcnow(), days=90)
        for _ in range(size * 4):
            support(session, make_user(session), proposal, now=utcnow())
        session.commit()
        login(people["citizen"])
        with count_queries() as statements:
            page = client.get(f"/threads/{proposal.id}")
        assert page.status_code == 200 and b"Co-authors" in page.data
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # the thread page's budget, plus co-authors, the timeline and "do you support it", and
    # the kept pages' key, asked first (a proposal's page is made for each signed-in reader)
    assert counts[1] <= QUERY_BUDGET + 4, counts


def test_a_proposal_is_written_in_the_language_its_author_chooses(client, login, session,
                                                                  people, topic):
    from forum.proposals.models import Proposal
    login(people["citizen"])
    page = client.get(f"/topics/{topic.slug}/proposals/new").text
    assert '<option lang="cy" value="cy">Cymraeg</option>' in page
    response = client.post(f"/topics/{topic.slug}/proposals/new", data={
        "title": "Meinciau ar hyd y gamlas", "problem": "Nid oes unman i eistedd.",
        "body": "Gosod chwe mainc.", "language": "cy"})
    assert response.status_code == 302
    proposal = session.scalars(select(Proposal).where(
        Proposal.title == "Meinciau ar hyd y gamlas")).one()
    assert proposal.language == "cy"
    refused = client.post(f"/proposals/{proposal.id}/draft", data={
        "title": proposal.title, "problem": "Nid oes unman i eistedd.",
        "body": "Gosod chwe mainc.", "language": "zz"})
    assert refused.status_code == 422 and 'id="language-error"' in refused.text
    client.post(f"/proposals/{proposal.id}/draft", data={
        "title": proposal.title, "problem": "Nid oes unman i eistedd.",
        "body": "Gosod chwe mainc.", "language": "en"})
    session.refresh(proposal)
    assert proposal.language == "en"
