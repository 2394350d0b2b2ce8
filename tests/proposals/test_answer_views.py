"""The council's pages about a proposal: the inbox, answer (draft, preview, publish,
correct), updates, done, offline supports, and what residents see on the proposal page."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.db import utcnow
from forum.moderation.models import AuditAction, AuditEntry
from forum.proposals.answer import post_update, publish_answer, save_answer
from forum.proposals.models import ProposalState
from tests.factories import make_user


def _text(response) -> str:  # noqa: ANN001
    return response.get_data(as_text=True)


def test_the_inbox_lists_a_qualified_proposal_with_its_due_date(client, login, people,  # noqa: ANN001
                                                                qualified):
    login(people["councillor"])
    page = _text(client.get("/council"))
    assert "Proposals waiting for the council's answer" in page
    assert "Benches along the canal" in page and f"/proposals/{qualified.id}/answer" in page
    assert "Write the answer" in page and "Overdue" not in page.split("waiting-proposals")[1] \
        .split("overdue-updates")[0]


def test_an_overdue_proposal_is_marked_in_the_inbox(client, login, session, people,  # noqa: ANN001
                                                    qualified):
    qualified.qualified_at = utcnow() - timedelta(days=45)
    session.flush()
    login(people["councillor"])
    section = _text(client.get("/council")).split("waiting-proposals")[1].split(
        "overdue-updates")[0]
    assert 'class="is-overdue"' in section and "Overdue" in section


def test_a_councillor_answers_publishes_and_updates(client, login, session, people,  # noqa: ANN001
                                                    qualified):
    login(people["councillor"])
    form = client.get(f"/proposals/{qualified.id}/answer")
    assert form.status_code == 200 and "Turned into a consultation" in _text(form)
    saved = client.post(f"/proposals/{qualified.id}/answer",
                        data={"decision": "accepted", "body": "We will install **six**."})
    assert saved.headers["Location"].endswith(f"/proposals/{qualified.id}/answer/preview")
    preview = _text(client.get(f"/proposals/{qualified.id}/answer/preview"))
    assert "<strong>six</strong>" in preview and "Publish the answer" in preview
    published = client.post(f"/proposals/{qualified.id}/answer/publish")
    assert published.status_code == 302
    session.refresh(qualified)
    assert qualified.proposal_state == ProposalState.ANSWERED
    update = client.post(f"/proposals/{qualified.id}/answer/updates/new",
                         data={"body": "The benches are ordered."})
    assert update.status_code == 302
    session.refresh(qualified)
    assert qualified.proposal_state == ProposalState.IN_PROGRESS
    assert client.post(f"/proposals/{qualified.id}/answer/complete").status_code == 302
    session.refresh(qualified)
    assert qualified.proposal_state == ProposalState.DONE

    client.get("/logout")
    page = _text(client.get(f"/threads/{qualified.id}"))
    assert "The council's answer" in page and "Accepted" in page
    assert "<strong>six</strong>" in page and "The benches are ordered." in page
    assert "Answered on time" in page and "the council marked this work done" in page
    assert "Write the council's answer" not in page


def test_a_draft_answer_is_not_shown_to_residents(client, login, session, people,  # noqa: ANN001
                                                  qualified):
    save_answer(session, people["councillor"], qualified, decision="not_accepted",
                body="Secret reasons in draft.", now=utcnow())
    session.flush()
    login(people["citizen"])
    page = _text(client.get(f"/threads/{qualified.id}"))
    assert "Secret reasons in draft." not in page
    assert "The council's answer is due by" in page
    login(people["councillor"])
    page = _text(client.get(f"/threads/{qualified.id}"))
    assert "Secret reasons in draft." in page and "only councillors can see it" in page


def test_a_bad_answer_keeps_what_was_typed(client, login, session, people, qualified):  # noqa: ANN001
    login(people["councillor"])
    answer = client.post(f"/proposals/{qualified.id}/answer",
                         data={"decision": "consultation", "body": "We will ask everyone.",
                               "consultation": "nine"})
    assert answer.status_code == 422
    text = _text(answer)
    assert "Enter the consultation&#39;s number" in text or "Enter the consultation's number" \
        in text
    assert "We will ask everyone." in text and 'value="nine"' in text
    assert qualified.council_response is None
    missing = client.post(f"/proposals/{qualified.id}/answer",
                          data={"decision": "consultation", "body": "We will ask everyone."})
    assert missing.status_code == 422 and "Give the number of the consultation" in _text(missing)
    session.expire_all()
    assert qualified.council_response is None


@pytest.mark.parametrize("role", ["citizen", "moderator"])
def test_residents_and_moderators_cannot_answer(client, login, people, qualified,  # noqa: ANN001
                                                role):
    login(people[role])
    assert client.get(f"/proposals/{qualified.id}/answer").status_code == 403
    refused = client.post(f"/proposals/{qualified.id}/answer",
                          data={"decision": "accepted", "body": "Yes please."})
    assert refused.status_code == 403 and "Yes please." in _text(refused)


def test_a_collecting_proposal_cannot_be_answered(client, login, people, collecting):  # noqa: ANN001
    login(people["councillor"])
    assert client.get(f"/proposals/{collecting.id}/answer").status_code == 409


def test_a_correction_shows_every_version(client, login, session, people, qualified):  # noqa: ANN001
    save_answer(session, people["councillor"], qualified, decision="accepted",
                body="First answer.", now=utcnow())
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    session.flush()
    assert client.get(f"/proposals/{qualified.id}/answer/revisions").status_code == 200
    login(people["councillor"])
    form = _text(client.get(f"/proposals/{qualified.id}/answer"))
    assert "Correct the council's answer" in form and "First answer." in form
    client.post(f"/proposals/{qualified.id}/answer",
                data={"decision": "accepted_in_part", "body": "Corrected answer."})
    page = _text(client.get(f"/proposals/{qualified.id}/answer/revisions"))
    assert "First answer." in page and "Corrected answer." in page and "Correction 1" in page


def test_no_revisions_page_before_publication(client, qualified):  # noqa: ANN001
    assert client.get(f"/proposals/{qualified.id}/answer/revisions").status_code == 404


def test_a_councillor_records_offline_supports(client, login, session, people,  # noqa: ANN001
                                               collecting):
    login(people["councillor"])
    page = client.get(f"/proposals/{collecting.id}/offline")
    assert page.status_code == 200 and "No supports have been recorded offline yet." in \
        _text(page)
    bad = client.post(f"/proposals/{collecting.id}/offline",
                      data={"source": "Stall on the market", "count": "lots"})
    assert bad.status_code == 422 and "Stall on the market" in _text(bad)
    done = client.post(f"/proposals/{collecting.id}/offline",
                       data={"source": "Stall on the market", "count": "60"})
    assert done.status_code == 302
    session.refresh(collecting)
    assert collecting.offline_support_count == 60
    assert session.scalars(select(AuditEntry.action)).all() == [
        AuditAction.OFFLINE_SUPPORTS_RECORDED]
    thread = _text(client.get(f"/threads/{collecting.id}"))
    assert "0 online + 60 on paper" in thread
    assert "Stall on the market" in _text(client.get(f"/proposals/{collecting.id}/offline"))


def test_a_resident_cannot_record_offline_supports(client, login, session, people,  # noqa: ANN001
                                                   collecting):
    login(people["citizen"])
    assert client.get(f"/proposals/{collecting.id}/offline").status_code == 403
    refused = client.post(f"/proposals/{collecting.id}/offline",
                          data={"source": "Made up", "count": "500"})
    assert refused.status_code == 403
    session.refresh(collecting)
    assert collecting.offline_support_count == 0


class TestWithCsrfAndRateLimits:
    """The councillor's journey with CSRF protection and rate limits on."""

    @pytest.fixture
    def app_config(self, app_config):  # noqa: ANN001
        return {**app_config, "WTF_CSRF_ENABLED": True, "RATELIMIT_ENABLED": True}

    @staticmethod
    def _token(client, path: str) -> str:  # noqa: ANN001
        page = client.get(path).get_data(as_text=True)
        return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)

    def test_answer_publish_update_and_offline(self, client, login, session, people,  # noqa: ANN001
                                               qualified, collecting):
        login(people["councillor"])
        base = f"/proposals/{qualified.id}/answer"
        fields = {"decision": "accepted", "body": "Yes, in spring."}
        refused = client.post(base, data=fields)
        assert refused.status_code == 422 and "Yes, in spring." in _text(refused)
        assert qualified.council_response is None
        assert client.post(base, data={**fields, "csrf_token": self._token(client, base)}
                           ).status_code == 302
        client.post(f"{base}/publish")  # no token: nothing happens
        session.refresh(qualified)
        assert qualified.proposal_state == ProposalState.QUALIFIED
        client.post(f"{base}/publish", data={"csrf_token": self._token(client, f"{base}/preview")})
        session.refresh(qualified)
        assert qualified.proposal_state == ProposalState.ANSWERED
        updates = f"{base}/updates/new"
        client.post(updates, data={"body": "Ordered."})
        session.refresh(qualified)
        assert qualified.proposal_state == ProposalState.ANSWERED
        client.post(updates, data={"body": "Ordered.",
                                   "csrf_token": self._token(client, updates)})
        session.refresh(qualified)
        assert qualified.proposal_state == ProposalState.IN_PROGRESS

        offline = f"/proposals/{collecting.id}/offline"
        client.post(offline, data={"source": "Petition", "count": "12"})
        session.refresh(collecting)
        assert collecting.offline_support_count == 0
        client.post(offline, data={"source": "Petition", "count": "12",
                                   "csrf_token": self._token(client, offline)})
        session.refresh(collecting)
        assert collecting.offline_support_count == 12


def test_the_proposal_page_queries_do_not_grow_with_updates(client, session, people,  # noqa: ANN001
                                                            qualified, count_queries):
    save_answer(session, people["councillor"], qualified, decision="accepted", body="Yes.",
                now=utcnow())
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    post_update(session, people["councillor"], qualified, body="First step.", now=utcnow())
    session.commit()
    with count_queries() as few:
        client.get(f"/threads/{qualified.id}")
    for number in range(4):
        post_update(session, make_user(session, role=people["councillor"].role), qualified,
                    body=f"Step {number}.", now=utcnow())
    session.commit()
    with count_queries() as many:
        page = _text(client.get(f"/threads/{qualified.id}"))
    assert "Step 3." in page
    assert len(many) == len(few), many


def test_the_offline_link_shows_to_councillors_while_collecting(client, login, people,  # noqa: ANN001
                                                                collecting):
    link = f"/proposals/{collecting.id}/offline"
    login(people["citizen"])
    page = _text(client.get(f"/threads/{collecting.id}"))
    assert link not in page and "The council's answer" not in page
    login(people["councillor"])
    assert link in _text(client.get(f"/threads/{collecting.id}"))
