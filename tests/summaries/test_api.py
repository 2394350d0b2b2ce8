"""The summaries API: create, read, edit with optimistic locking, coverage, draft."""
from __future__ import annotations

import pytest

from tests.factories import bearer
from tests.summaries.helpers import advance


@pytest.fixture
def mod_headers(session, people):  # noqa: ANN001
    return bearer(people["moderator"], session)


def test_create_returns_a_draft_with_its_id_and_revision(client, session, debate, mod_headers):
    response = client.post(f"/api/v1/threads/{debate.thread.id}/summaries",
                           json={"body": f"Buses [#{debate.con.id}]."}, headers=mod_headers)
    assert response.status_code == 201
    data = response.json
    assert data["state"] == "draft" and data["revision"] == 1 and isinstance(data["id"], int)
    assert data["covers_up_to_post_id"] == debate.reply.id
    assert f'href="/posts/{debate.con.id}"' in data["body_html"]
    again = client.post(f"/api/v1/threads/{debate.thread.id}/summaries", json={"body": "Two"},
                        headers=mod_headers)
    assert again.status_code == 409 and again.json["error"]["code"] == "summary_exists"


@pytest.mark.parametrize(("payload", "status", "field"), [
    ({}, 422, "body"),
    ({"body": 5}, 422, "body"),
    ({"body": "[#999999]"}, 422, "body"),
    ({"body": "   "}, 422, "body"),
])
def test_create_refuses_bad_input(client, debate, mod_headers, payload, status, field):
    response = client.post(f"/api/v1/threads/{debate.thread.id}/summaries", json=payload,
                           headers=mod_headers)
    assert response.status_code == status
    assert response.json["error"]["field"] == field


def test_create_needs_a_json_object(client, debate, mod_headers):
    response = client.post(f"/api/v1/threads/{debate.thread.id}/summaries", data="body=x",
                           headers=mod_headers)
    assert response.status_code == 400


def test_put_saves_a_revision_and_refuses_a_stale_one(client, session, people, draft,
                                                      mod_headers):
    url = f"/api/v1/summaries/{draft.id}"
    first = client.put(url, json={"body": "Version two.", "revision": 1}, headers=mod_headers)
    assert first.status_code == 200 and first.json["revision"] == 2
    stale = client.put(url, json={"body": "Also from one.", "revision": 1},
                       headers=bearer(people["admin"], session))
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "stale_revision"
    current = client.get(url, headers=mod_headers).json
    assert (current["revision"], current["body"]) == (2, "Version two.")
    revisions = client.get(f"{url}/revisions", headers=mod_headers).json["revisions"]
    assert [r["number"] for r in revisions] == [2, 1]


@pytest.mark.parametrize("revision", [None, "1", True, 0])
def test_put_needs_the_revision_number(client, draft, mod_headers, revision):
    body = {"body": "Text."} if revision is None else {"body": "Text.", "revision": revision}
    response = client.put(f"/api/v1/summaries/{draft.id}", json=body, headers=mod_headers)
    assert response.status_code == 422 and response.json["error"]["field"] == "revision"


def test_coverage_json_and_uncited_ids_only_for_moderators(client, session, people, draft,
                                                           consultation, mod_headers):
    advance(session, draft, "published", people)
    session.commit()
    url = f"/api/v1/summaries/{draft.id}/coverage"
    data = client.get(url, headers=mod_headers).json
    assert data["contributions"] == {"cited": 2, "total": 3}
    assert data["participants"] == {"cited": 2, "total": 2}
    assert data["top_arguments"] == {"considered": 0, "cited": 0, "uncited_ids": []}
    assert data["stance"]["for"]["cited_share"] == 0.5
    assert data["stance"]["against"]["argument_share"] == 0.5
    assert set(data["stance"]) == {"for", "against", "neutral", "question"}
    assert data["newer_contributions"] == 0 and data["covers_up_to"]
    public = client.get(url).json
    assert "uncited_ids" not in public["top_arguments"]
    councillor = client.get(url, headers=bearer(people["councillor"], session)).json
    assert "uncited_ids" not in councillor["top_arguments"]


def test_the_draft_generator_endpoint(client, session, people, debate, mod_headers):
    url = f"/api/v1/threads/{debate.thread.id}/summary-draft"
    response = client.get(url, headers=mod_headers)
    assert response.status_code == 200
    assert response.json["body"].startswith("## For\n\n- Cafés could put tables out.")
    assert client.get(url, headers=bearer(people["citizen"], session)).status_code == 403
    assert client.get(url).status_code == 401


def test_unknown_summaries_are_404(client, mod_headers):
    assert client.get("/api/v1/summaries/999", headers=mod_headers).status_code == 404
    assert client.post("/api/v1/summaries/999/publish", headers=mod_headers).status_code == 404
