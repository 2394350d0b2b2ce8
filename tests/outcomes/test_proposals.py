"""Residents' proposals on /outcomes (beside the consultations) and the transparency page's
figures on them: started, qualified, answered on time or late."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from forum.accounts.models import Role
from forum.db import utcnow
from forum.outcomes.proposals import council_proposals, cursor_after
from forum.overview.proposal_figures import proposal_figures
from forum.proposals.answer import post_update, publish_answer, save_answer
from forum.proposals.models import ProposalState
from forum.proposals.states import move
from tests.factories import make_topic, make_user
from tests.proposals.conftest import make_proposal

DUE_DAYS = 30


@pytest.fixture
def councillor(session):  # noqa: ANN001
    return make_user(session, role=Role.COUNCILLOR, name="Cllr Answer")


@pytest.fixture
def topic(session):  # noqa: ANN001
    return make_topic(session, title="Parks", slug="parks")


def _qualified(session, topic, title: str, *, days_ago: float = 1):  # noqa: ANN001, ANN202
    proposal = make_proposal(session, topic=topic, title=title,
                             now=utcnow() - timedelta(days=days_ago + 1))
    move(session, proposal, ProposalState.QUALIFIED, actor=None,
         now=utcnow() - timedelta(days=days_ago))
    return proposal


def _answered(session, topic, councillor, title: str, *, days_ago: float = 1,  # noqa: ANN001, ANN202
              after_days: float = 1):
    proposal = _qualified(session, topic, title, days_ago=days_ago)
    at = proposal.qualified_at + timedelta(days=after_days)
    save_answer(session, councillor, proposal, decision="accepted_in_part",
                body="Some of it, next year.", now=at)
    publish_answer(session, councillor, proposal, now=at)
    return proposal


def test_outcomes_lists_proposals_that_reached_the_council(client, session, topic,  # noqa: ANN001
                                                           councillor):
    make_proposal(session, topic=topic, title="Still collecting support")
    _qualified(session, topic, "Waiting for the council")
    answered = _answered(session, topic, councillor, "Answered and updated")
    post_update(session, councillor, answered, body="Planting starts in May.", now=utcnow())
    session.flush()
    page = client.get("/outcomes").get_data(as_text=True)
    section = page.split('id="outcome-proposals-title"')[1]
    assert "Waiting for the council" in section and "Answered and updated" in section
    assert "Still collecting support" not in section
    assert "Accepted in part" in section and "Planting starts in May." in section
    assert "answered on time" in section


def test_outcomes_filters_proposals_by_stage_and_topic(client, session, topic,  # noqa: ANN001
                                                       councillor):
    _qualified(session, topic, "Waiting a long time", days_ago=DUE_DAYS + 5)
    _answered(session, topic, councillor, "Answered late", days_ago=DUE_DAYS + 10,
              after_days=DUE_DAYS + 2)
    _qualified(session, make_topic(session, title="Roads", slug="roads"), "About roads")
    session.flush()
    now = utcnow()

    def titles(**filters) -> list[str]:  # noqa: ANN003
        return [row.Proposal.title for row in session.execute(
            council_proposals(now, due_days=DUE_DAYS, **filters))]

    assert titles(stage="overdue") == ["Waiting a long time"]
    assert titles(stage="responded") == ["Answered late"]
    assert titles(stage="open") == []
    assert titles(topic_id=topic.id) == ["Waiting a long time", "Answered late"]
    page = client.get("/outcomes?status=overdue").get_data(as_text=True)
    section = page.split('id="outcome-proposals-title"')[1]
    assert "Waiting a long time" in section and "Council answer overdue" in section
    assert "About roads" not in section


def test_outcomes_pages_proposals_by_cursor(session, topic):  # noqa: ANN001
    for number in range(5):
        _qualified(session, topic, f"Proposal number {number}", days_ago=number + 1)
    now = utcnow()
    first = session.execute(council_proposals(now).limit(3)).all()
    assert [r.Proposal.title for r in first] == [f"Proposal number {n}" for n in range(3)]
    rest = session.execute(council_proposals(
        now, after=cursor_after(first[-1].Proposal))).all()
    assert [r.Proposal.title for r in rest] == ["Proposal number 3", "Proposal number 4"]


def test_the_outcomes_page_links_the_next_page_of_proposals(client, session, topic):  # noqa: ANN001
    for number in range(21):
        _qualified(session, topic, f"Proposal {number:02d}", days_ago=number + 1)
    session.flush()
    page = client.get("/outcomes").get_data(as_text=True)
    assert "Proposal 19" in page and "Proposal 20" not in page
    link = re.search(r'href="([^"]*proposals_after=[^"]+)"', page).group(1)
    more = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert "Proposal 20" in more.split('id="outcome-proposals-title"')[1]


def test_a_bad_cursor_is_refused_plainly(client):  # noqa: ANN001
    assert client.get("/outcomes?proposals_after=nonsense").status_code == 422


def test_transparency_counts_proposals(client, session, topic, councillor):  # noqa: ANN001
    make_proposal(session, topic=topic, title="Collecting")
    make_proposal(session, topic=topic, title="A private draft", publish=False)
    _qualified(session, topic, "Overdue one", days_ago=DUE_DAYS + 1)
    _qualified(session, topic, "Waiting one")
    _answered(session, topic, councillor, "On time one", after_days=2)
    _answered(session, topic, councillor, "Late one", days_ago=DUE_DAYS + 9,
              after_days=DUE_DAYS + 3)
    session.flush()
    figures = proposal_figures(session, utcnow(), DUE_DAYS)
    assert (figures.started, figures.qualified) == (5, 4)
    answers = figures.answers
    assert (answers.on_time, answers.late, answers.overdue, answers.pending) == (1, 1, 1, 1)
    page = client.get("/transparency").get_data(as_text=True)
    assert "5 proposals have been started." in page
    assert "4 reached their threshold" in page
    assert "Answered on time: 1. Answered late: 1. Overdue: 1." in page


def test_outcomes_runs_as_many_queries_for_one_proposal_or_many(client, session, topic,  # noqa: ANN001
                                                                councillor, count_queries):
    post_update(session, councillor, _answered(session, topic, councillor, "The first"),
                body="Started.", now=utcnow())
    session.commit()
    with count_queries() as few:
        assert client.get("/outcomes").status_code == 200
    for number in range(5):
        proposal = _answered(session, topic, councillor, f"Answered {number}")
        post_update(session, councillor, proposal, body=f"Update {number}.", now=utcnow())
        _qualified(session, topic, f"Waiting {number}")
    session.commit()
    with count_queries() as many:
        page = client.get("/outcomes").get_data(as_text=True)
    assert "Update 4." in page and "Waiting 4" in page
    assert len(many) == len(few), many
