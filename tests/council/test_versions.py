"""A summary, its points and the council's response in two languages: moderators write the
summary's Welsh version, councillors the response's; residents read the loop in Welsh."""
from __future__ import annotations

import pytest

from tests.council.test_council import response_for
from tests.factories import bearer
from tests.summaries.helpers import ROLES, advance


@pytest.fixture
def answered(client, session, people, draft):  # noqa: ANN001
    """The draft summary, submitted and answered point by point in a published response."""
    advance(session, draft, "submitted", people)
    session.commit()
    response = client.post(f"/api/v1/summaries/{draft.id}/response",
                           json=response_for(draft, publish=True),
                           headers=bearer(people["councillor"], session))
    assert response.status_code == 201, response.json
    session.refresh(draft)
    return draft


def _keys(page: str) -> list[str]:
    """The names of the version boxes on a page of versions, in order."""
    form = page.split('class="versions-form"')[1].split("</form>")[0]
    return [chunk.split('"')[0] for chunk in form.split(' name="')[1:]
            if not chunk.startswith(("csrf_token", "language", "token"))]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_write_the_summarys_versions(client, login, people, answered, role):
    signed_in = client if people[role] is None else login(people[role])
    allowed = role in ("moderator", "admin")
    status = signed_in.get(f"/summaries/{answered.id}/versions").status_code
    assert status == (200 if allowed else 302 if role == "anonymous" else 403)
    page = signed_in.get(f"/summaries/{answered.id}").text
    assert (f'href="/summaries/{answered.id}/versions"' in page) is allowed


@pytest.mark.parametrize("role", ROLES)
def test_who_may_write_the_responses_versions(client, login, people, answered, role):
    signed_in = client if people[role] is None else login(people[role])
    allowed = role in ("councillor", "admin")
    status = signed_in.get(f"/summaries/{answered.id}/response/versions").status_code
    assert status == (200 if allowed else 302 if role == "anonymous" else 403)
    page = signed_in.get(f"/summaries/{answered.id}").text
    assert (f'href="/summaries/{answered.id}/response/versions"' in page) is allowed


def test_the_loop_reads_in_welsh(client, login, session, people, answered):
    first, second = answered.points
    page = login(people["moderator"]).get(f"/summaries/{answered.id}/versions").text
    assert _keys(page) == ["body", f"point_{first.id}", f"point_{second.id}"]
    saved = client.post(f"/summaries/{answered.id}/versions", data={
        "language": "cy", "body": answered.body.replace("For", "O blaid"),
        f"point_{first.id}": "Caffis ar y stryd.", f"point_{second.id}": ""})
    assert saved.status_code == 302
    answers = {a.point_id: a for a in answered.response.points}
    page = login(people["councillor"]).get(f"/summaries/{answered.id}/response/versions").text
    assert _keys(page) == ["body", f"answer_{answers[first.id].id}",
                           f"answer_{answers[second.id].id}"]
    saved = client.post(f"/summaries/{answered.id}/response/versions", data={
        "language": "cy", "body": "Byddwn yn adeiladu’r **ddau**.",
        f"answer_{answers[first.id].id}": "Trwyddedwyd caffis.",
        f"answer_{answers[second.id].id}": "Bysiau y flwyddyn nesaf."})
    assert saved.status_code == 302
    client.get("/logout")
    client.set_cookie("forum_language", "cy")
    page = client.get(f"/threads/{answered.thread_id}").text
    assert "<h2>O blaid</h2>" in page  # the summary's Welsh body, citations and all
    assert f'href="/posts/' in page.split('class="summary-body prose"')[1]
    assert "<p dir=\"auto\">Caffis ar y stryd.</p>" in page
    assert '<p dir="auto" lang="en-GB">' in page  # the second point has no Welsh yet
    assert "Byddwn yn adeiladu’r <strong>ddau</strong>." in page
    assert '<span dir="auto">Trwyddedwyd caffis.</span>' in page
    assert "Nid yw rhan o’r testun hwn ar gael yn eich iaith eto" in page
    english = client.get(f"/threads/{answered.thread_id}?version=en").text
    assert "We will build <strong>both</strong>." in english


def test_a_correction_marks_the_version_out_of_date(client, login, session, people, answered):
    login(people["councillor"])
    client.post(f"/summaries/{answered.id}/response/versions",
                data={"language": "cy", "body": "Byddwn yn adeiladu’r ddau."})
    fixed = client.put(f"/api/v1/summaries/{answered.id}/response",
                       json=response_for(answered, body="We will build both, in two phases."),
                       headers=bearer(people["councillor"], session))
    assert fixed.status_code == 200
    client.set_cookie("forum_language", "cy")
    page = client.get(f"/summaries/{answered.id}").text
    assert "Ysgrifennwyd y fersiwn hon cyn i’r testun gwreiddiol newid" in page


def test_a_too_long_answer_is_refused_and_nothing_is_saved(client, login, session, people,
                                                            answered):
    answer = answered.response.points[0]
    login(people["councillor"])
    response = client.post(f"/summaries/{answered.id}/response/versions", data={
        "language": "cy", "body": "Iawn.", f"answer_{answer.id}": "x" * 501})
    assert response.status_code == 422
    assert "Cadwch y testun hwn" not in response.text  # the page speaks English here
    assert "Keep this text to 500 characters or fewer." in response.text
    assert f'id="answer_{answer.id}-error"' in response.text
    assert "Iawn." in response.text
    session.refresh(answered.response)
    assert answered.response.translations is None


def test_the_api_writes_and_reads_every_version(client, session, people, answered):
    first, second = answered.points
    moderator = bearer(people["moderator"], session)
    saved = client.put(f"/api/v1/summaries/{answered.id}/versions/cy", headers=moderator,
                       json={"body": "Crynodeb.", "points": {str(first.id): "Caffis."}})
    assert saved.status_code == 200, saved.json
    assert saved.json["language"] == "en"
    assert saved.json["versions"]["cy"]["body_html"] == "<p>Crynodeb.</p>"
    assert saved.json["versions"]["cy"]["stale"] is False
    assert [p["versions"] for p in saved.json["points"]][0]["cy"]["text"] == "Caffis."
    councillor = bearer(people["councillor"], session)
    saved = client.put(f"/api/v1/summaries/{answered.id}/response/versions/cy",
                       headers=councillor,
                       json={"body": "Ymateb.", "answers": {str(second.id): "Bysiau."}})
    assert saved.status_code == 200, saved.json
    by_point = {p["point_id"]: p["versions"] for p in saved.json["points"]}
    assert by_point == {first.id: {}, second.id: {"cy": {"body": "Bysiau.", "saved_at":
                                                            by_point[second.id]["cy"]["saved_at"],
                                                            "stale": False}}}
    shown = client.get(f"/api/v1/summaries/{answered.id}").json
    assert shown["response"]["versions"]["cy"]["body"] == "Ymateb."


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"body": 5}, 422, "body"),
    ({"points": ["x"]}, 422, "points"),
    ({"points": {"999999": "x"}}, 422, "points"),
    ({"points": {"1": 7}}, 422, "points"),
    ({"body": "x" * 20_001}, 422, "body"),
])
def test_the_api_refuses_bad_versions(client, session, people, answered, body, status, field):
    response = client.put(f"/api/v1/summaries/{answered.id}/versions/cy", json=body,
                          headers=bearer(people["moderator"], session))
    assert response.status_code == status
    assert response.json["error"]["field"] == field
    session.refresh(answered)
    assert answered.translations is None


@pytest.mark.parametrize(("language", "message"), [("en", "original language"),
                                                   ("xx", "Choose one of the languages")])
def test_the_api_refuses_a_wrong_language(client, session, people, answered, language,
                                          message):
    response = client.put(f"/api/v1/summaries/{answered.id}/versions/{language}",
                          json={"body": "Text."}, headers=bearer(people["moderator"], session))
    assert response.status_code == 422 and message in response.json["error"]["message"]


def test_a_citizen_cannot_write_versions_through_the_api(client, session, people, answered):
    citizen = bearer(people["citizen"], session)
    for url in (f"/api/v1/summaries/{answered.id}/versions/cy",
                f"/api/v1/summaries/{answered.id}/response/versions/cy",
                f"/api/v1/threads/{answered.thread_id}/versions/cy"):
        assert client.put(url, json={"body": "Text."}, headers=citizen).status_code == 403
