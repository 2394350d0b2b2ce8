"""The council's answer to a proposal in two languages."""
from __future__ import annotations

import pytest

from forum.db import utcnow
from forum.proposals.answer import publish_answer, save_answer
from tests.factories import bearer


@pytest.fixture
def answered(session, people, qualified):  # noqa: ANN001
    """The qualified proposal, answered in a published answer."""
    save_answer(session, people["councillor"], qualified, decision="accepted",
                body="We will install **six**.", consultation_id=None, now=utcnow())
    publish_answer(session, people["councillor"], qualified, now=utcnow())
    session.commit()
    return qualified


def test_a_councillor_writes_the_welsh_answer_and_residents_read_it(client, login, people,
                                                                    answered):
    login(people["councillor"])
    page = client.get(f"/threads/{answered.id}").text
    assert f'href="/proposals/{answered.id}/answer/versions"' in page
    assert client.get(f"/proposals/{answered.id}/answer/versions").status_code == 200
    saved = client.post(f"/proposals/{answered.id}/answer/versions",
                        data={"language": "cy", "body": "Byddwn yn gosod **chwech**."})
    assert saved.status_code == 302
    client.get("/logout")
    client.set_cookie("forum_language", "cy")
    page = client.get(f"/threads/{answered.id}").text
    assert "Byddwn yn gosod <strong>chwech</strong>." in page
    assert "We will install" not in page


@pytest.mark.parametrize("role", ["anonymous", "citizen", "moderator"])
def test_only_councillors_write_the_answers_versions(client, login, session, people, answered,
                                                     role):
    signed_in = client if role == "anonymous" else login(people[role])
    response = signed_in.get(f"/proposals/{answered.id}/answer/versions")
    assert response.status_code == (302 if role == "anonymous" else 403)
    if role != "anonymous":
        api = client.put(f"/api/v1/proposals/{answered.id}/answer/versions/cy",
                         json={"body": "Testun."}, headers=bearer(people[role], session))
        assert api.status_code == 403


def test_the_api_writes_the_answers_version(client, session, people, answered):
    response = client.put(f"/api/v1/proposals/{answered.id}/answer/versions/cy",
                          json={"body": "Byddwn yn gosod chwech."},
                          headers=bearer(people["councillor"], session))
    assert response.status_code == 200, response.json
    assert response.json["versions"]["cy"]["body"] == "Byddwn yn gosod chwech."
