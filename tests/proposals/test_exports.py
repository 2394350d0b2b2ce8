"""The exports of proposals: every public proposal as CSV and JSON, and a proposal's debate;
every CSV cell safe from spreadsheet formulas; the links on the list and the panel."""
from __future__ import annotations

import csv
import io

import pytest

from forum.db import utcnow
from forum.moderation.services import hide_post
from forum.outcomes.exports import PROPOSAL_COLUMNS
from forum.proposals.answer import publish_answer, save_answer
from forum.proposals.moderation import refuse_proposal
from forum.proposals.services import support
from tests.factories import make_post, make_user
from tests.proposals.conftest import make_proposal


def _csv(response) -> list[dict[str, str]]:  # noqa: ANN001
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


@pytest.fixture
def answered(session, people, topic):  # noqa: ANN001
    """A proposal that qualified at 1 support and that the council accepted."""
    proposal = make_proposal(session, author=people["author"], topic=topic, threshold=1,
                             title="Benches along the canal")
    support(session, make_user(session), proposal, now=utcnow())
    save_answer(session, people["councillor"], proposal, decision="accepted",
                body="We will install six.", now=utcnow())
    publish_answer(session, people["councillor"], proposal, now=utcnow())
    return proposal


def test_every_public_proposal_as_csv(client, session, people, topic, draft, collecting,  # noqa: ANN001
                                      answered):
    refused = make_proposal(session, author=people["author"], topic=topic,
                            title="Something against the house rules")
    refuse_proposal(session, people["moderator"], refused, reason="It names a private person.",
                    now=utcnow())
    collecting.offline_support_count = 40
    session.flush()
    response = client.get("/proposals.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="proposals.csv"'
    assert response.get_data(as_text=True).splitlines()[0] == ",".join(PROPOSAL_COLUMNS)
    rows = {int(r["id"]): r for r in _csv(response)}
    assert set(rows) == {collecting.id, answered.id}  # no draft, none refused
    mine = rows[collecting.id]
    assert (mine["title"], mine["topic"], mine["state"]) == (
        "Safer crossing on Mill Road", "transport", "collecting")
    assert (mine["supports_online"], mine["supports_offline"], mine["supports_total"],
            mine["threshold"]) == ("0", "40", "40", "100")
    assert mine["deadline"] == collecting.collect_until.isoformat()
    assert mine["decision"] == "" and mine["answered_at"] == ""
    assert mine["url"].endswith(f"/threads/{collecting.id}")
    theirs = rows[answered.id]
    assert (theirs["state"], theirs["decision"]) == ("answered", "accepted")
    assert theirs["qualified_at"] and theirs["answered_at"] and theirs["published_at"]


def test_every_public_proposal_as_json(client, session, draft, collecting, answered):  # noqa: ANN001
    response = client.get("/proposals.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    listed = response.get_json()["proposals"]
    assert [p["id"] for p in listed] == sorted([collecting.id, answered.id])
    found = next(p for p in listed if p["id"] == answered.id)
    assert set(found) == set(PROPOSAL_COLUMNS)
    assert (found["supports_total"], found["threshold"], found["decision"]) == (1, 1, "accepted")


def test_a_collecting_proposal_past_its_deadline_is_exported_as_closed(client, session,  # noqa: ANN001
                                                                       collecting):
    collecting.collect_until = utcnow().replace(year=2000)
    session.flush()
    assert _csv(client.get("/proposals.csv"))[0]["state"] == "closed"


@pytest.mark.parametrize("title", ["=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3",
                                   "@SUM(A1)"])
def test_the_proposals_csv_is_formula_safe(client, session, people, topic, title):  # noqa: ANN001
    make_proposal(session, author=people["author"], topic=topic, title=title + " is the title")
    [row] = _csv(client.get("/proposals.csv"))
    assert row["title"] == "'" + title + " is the title"
    assert client.get("/proposals.json").get_json()["proposals"][0]["title"] == \
        title + " is the title"


def test_a_proposals_debate_as_csv_and_json(client, session, people, collecting):  # noqa: ANN001
    argument = make_post(session, thread=collecting, author=people["citizen"], stance="for",
                         body="=1+1 is what a spreadsheet would compute.")
    reply = make_post(session, thread=collecting, parent=argument, body="I agree with this.")
    hidden = make_post(session, thread=collecting, stance="against", body="Something rude.")
    hide_post(session, people["moderator"], hidden, reason="Personal attack.", now=utcnow())
    response = client.get(f"/proposals/{collecting.id}/contributions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert f'filename="proposal-{collecting.id}-contributions.csv"' in \
        response.headers["Content-Disposition"]
    rows = _csv(response)
    assert [int(r["id"]) for r in rows] == [argument.id, reply.id]
    assert rows[0]["text"] == "'=1+1 is what a spreadsheet would compute."
    assert (rows[0]["stance"], rows[1]["parent_id"]) == ("for", str(argument.id))
    body = client.get(f"/proposals/{collecting.id}/contributions.json").get_json()
    assert body["proposal"]["id"] == collecting.id
    assert body["proposal"]["proposal"] == "Build a zebra crossing by the school gate."
    assert [c["id"] for c in body["contributions"]] == [argument.id, reply.id]
    assert body["contributions"][0]["text"] == "=1+1 is what a spreadsheet would compute."


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_a_drafts_debate_is_not_exported_to_others(client, login, session, people, draft,  # noqa: ANN001
                                                   suffix):
    url = f"/proposals/{draft.id}/contributions.{suffix}"
    session.commit()  # a refusal rolls back: the draft and its people must remain
    assert client.get(url).status_code == 404
    login(people["citizen"])
    assert client.get(url).status_code == 404
    login(people["author"])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_a_thread_that_is_no_proposal_has_no_proposal_export(client, session, suffix):  # noqa: ANN001
    from tests.factories import make_thread
    thread = make_thread(session)
    assert client.get(f"/proposals/{thread.id}/contributions.{suffix}").status_code == 404


def test_the_list_and_the_panel_link_the_exports(client, session, collecting):  # noqa: ANN001
    listing = client.get("/proposals").get_data(as_text=True)
    assert 'href="/proposals.csv"' in listing and 'href="/proposals.json"' in listing
    page = client.get(f"/threads/{collecting.id}").get_data(as_text=True)
    assert f'href="/proposals/{collecting.id}/contributions.csv"' in page
    assert f'href="/proposals/{collecting.id}/contributions.json"' in page
