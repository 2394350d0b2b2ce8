"""A consultation in two languages: the author writes the Welsh version side by side with the
English, and each reader sees their language, or the original with a note."""
from __future__ import annotations

import pytest
from sqlalchemy import select as db_select

from tests.consultations.conftest import ROLES, as_role

WELSH = {"language": "cy", "title": "Terfyn 20 mya arfaethedig",
         "question": "A ddylai strydoedd preswyl fod yn 20 mya?",
         "body": "Testun **cefndir**."}


def welsh(client):  # noqa: ANN001
    """``client`` reading the forum in Welsh."""
    client.set_cookie("forum_language", "cy")
    return client


def save(client, thread, **changes):  # noqa: ANN001
    """Send the page of versions with the Welsh texts (and ``changes``)."""
    return client.post(f"/threads/{thread.id}/versions", data={**WELSH, **changes})


@pytest.mark.parametrize(("role", "allowed"), [(r, r in ("author", "admin")) for r in ROLES])
def test_who_may_write_versions(client, login, people, open_consultation, role, allowed):
    signed_in = as_role(login, client, people, role)
    page = signed_in.get(f"/threads/{open_consultation.id}").text
    assert ("Write the versions in other languages" in page) is allowed
    response = signed_in.get(f"/threads/{open_consultation.id}/versions")
    assert response.status_code == (200 if allowed else 302 if role == "anonymous" else 403)
    response = save(signed_in, open_consultation)
    assert response.status_code == (302 if allowed else 401 if role == "anonymous" else 403)
    assert (open_consultation.version("cy") != {}) is allowed


def test_the_page_shows_the_original_beside_each_box(login, people, open_consultation):
    page = login(people["author"]).get(f"/threads/{open_consultation.id}/versions").text
    assert ('class="source-text" id="title-source" lang="en-GB" dir="auto">'
            'Proposed 20 mph limit') in page
    assert '<input aria-describedby="title-source" dir="auto" id="title" lang="cy"' in page
    assert "Background **text**." in page  # the Markdown as written, to translate


def test_a_welsh_reader_reads_the_welsh_version(client, login, session, people,
                                                open_consultation):
    assert save(login(people["author"]), open_consultation).status_code == 302
    session.refresh(open_consultation)
    version = open_consultation.version("cy")
    assert version["body_html"] == "<p>Testun <strong>cefndir</strong>.</p>"
    client.get("/logout")
    page = welsh(client).get(f"/threads/{open_consultation.id}").text
    assert "<span>Terfyn 20 mya arfaethedig</span>" in page
    assert "A ddylai strydoedd preswyl fod yn 20 mya?" in page
    assert "<p>Testun <strong>cefndir</strong>.</p>" in page
    assert "Proposed 20 mph limit" not in page.split("</head>")[1]
    # and a link to the English, named in its own words
    assert (f'href="/threads/{open_consultation.id}?version=en" hreflang="en-GB" '
            'lang="en-GB">English</a>') in page
    english = client.get(f"/threads/{open_consultation.id}?version=en").text
    assert '<span lang="en-GB">Proposed 20 mph limit</span>' in english


def test_an_english_reader_is_offered_the_welsh(client, login, people, open_consultation):
    save(login(people["author"]), open_consultation)
    client.get("/logout")
    page = client.get(f"/threads/{open_consultation.id}").text
    assert "<span>Proposed 20 mph limit</span>" in page
    assert (f'href="/threads/{open_consultation.id}?version=cy" hreflang="cy" '
            'lang="cy">Cymraeg</a>') in page
    welsh_texts = client.get(f"/threads/{open_consultation.id}?version=cy").text
    assert '<span lang="cy">Terfyn 20 mya arfaethedig</span>' in welsh_texts


def test_a_missing_version_is_said_in_the_readers_language(client, open_consultation):
    page = welsh(client).get(f"/threads/{open_consultation.id}").text
    assert '<span lang="en-GB">Proposed 20 mph limit</span>' in page
    assert "yn ei iaith wreiddiol, Saesneg." in page  # "…shown in its original language, English"


def test_a_partial_version_says_which_part_is_missing(client, login, people, open_consultation):
    save(login(people["author"]), open_consultation, body="")
    client.get("/logout")
    page = welsh(client).get(f"/threads/{open_consultation.id}").text
    assert "<span>Terfyn 20 mya arfaethedig</span>" in page
    assert ('<div class="prose" lang="en-GB" dir="auto"><p>Background <strong>text</strong>.'
            '</p>') in page
    assert "Part of this text" not in page  # in Welsh
    assert "Nid yw rhan o’r testun hwn ar gael yn eich iaith eto" in page


def test_a_version_older_than_the_original_says_so(client, login, session, people,
                                                   open_consultation):
    save(login(people["author"]), open_consultation)
    open_consultation.question = "Should every residential street be 20 mph?"
    session.commit()
    client.get("/logout")
    page = welsh(client).get(f"/threads/{open_consultation.id}").text
    assert "ysgrifennwyd y fersiwn hon cyn" in page.lower()
    assert f'href="/threads/{open_consultation.id}?version=en"' in page


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"title": "Hi"}, "title", "Enter a title of at least 5 characters."),
    ({"question": "x" * 501}, "question", "Keep the question to 500 characters or fewer"),
    ({"body": "x" * 20_001}, "body", "20,000"),
    ({"language": "en"}, None, "original language is English"),
    ({"language": "xx"}, None, "Choose one of the languages this forum is written in."),
])
def test_a_bad_version_is_refused_and_kept(login, session, people, open_consultation, changes,
                                           field, message):
    response = save(login(people["author"]), open_consultation, **changes)
    assert response.status_code == 422
    assert message in response.text
    if field:
        assert f'id="{field}-error"' in response.text
    kept = {**WELSH, **changes}
    assert kept["title"] in response.text  # what was typed stays in its box
    session.refresh(open_consultation)
    assert open_consultation.translations is None  # nothing half-saved


def test_emptying_every_box_removes_the_version(login, session, people, open_consultation):
    author = login(people["author"])
    save(author, open_consultation)
    save(author, open_consultation, title="", question="", body="")
    session.refresh(open_consultation)
    assert open_consultation.translations is None


def test_a_save_over_a_newer_save_is_refused(login, session, people, open_consultation):
    author = login(people["author"])
    page = author.get(f"/threads/{open_consultation.id}/versions").text
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    save(author, open_consultation, token=token)  # someone else's save
    response = save(author, open_consultation, token=token, title="Terfyn cyflymder newydd")
    assert response.status_code == 409
    assert "Someone else saved this version" in response.text
    assert "Terfyn cyflymder newydd" in response.text
    session.refresh(open_consultation)
    assert open_consultation.version("cy")["title"] == WELSH["title"]


def test_the_api_writes_the_consultations_version(client, session, people, open_consultation):
    from tests.factories import bearer
    response = client.put(f"/api/v1/threads/{open_consultation.id}/versions/cy",
                          json={key: value for key, value in WELSH.items() if key != "language"},
                          headers=bearer(people["author"], session))
    assert response.status_code == 200, response.json
    version = response.json["versions"]["cy"]
    assert (version["title"], version["stale"]) == (WELSH["title"], False)
    listed = client.get("/api/v1/consultations").json["consultations"]
    assert listed[0]["versions"]["cy"]["question"] == WELSH["question"]
    refused = client.put(f"/api/v1/threads/{open_consultation.id}/versions/cy",
                         json={"title": "Hi"}, headers=bearer(people["author"], session))
    assert refused.status_code == 422 and refused.json["error"]["field"] == "title"


def test_a_consultation_written_in_welsh_takes_an_english_version(client, login, session,
                                                                  people, topic):
    from forum.consultations.models import Consultation
    from tests.consultations.conftest import NEXT_YEAR
    author = login(people["author"])
    form = author.get(f"/topics/{topic.slug}/consultations/new").text
    assert '<option lang="cy" value="cy">Cymraeg</option>' in form
    created = author.post(f"/topics/{topic.slug}/consultations/new", data={
        "title": WELSH["title"], "question": WELSH["question"], "body": WELSH["body"],
        "language": "cy", "closes_at": f"{NEXT_YEAR}-03-01T17:00"})
    assert created.status_code == 302
    thread = session.scalars(db_select(Consultation)).one()
    assert thread.language == "cy"
    refused = save(author, thread, language="cy")
    assert refused.status_code == 422 and "original language is Welsh" in refused.text
    saved = save(author, thread, language="en", title="Proposed 20 mph limit",
                 question="Should residential streets be 20 mph?", body="Background.")
    assert saved.status_code == 302
    client.get("/logout")
    english = client.get(f"/threads/{thread.id}").text
    assert "<span>Proposed 20 mph limit</span>" in english
    client.set_cookie("forum_language", "cy")
    assert f"<span>{WELSH['title']}</span>" in client.get(f"/threads/{thread.id}").text


def test_a_bad_language_for_a_new_consultation_is_refused(login, session, people, topic):
    from tests.consultations.conftest import NEXT_YEAR
    response = login(people["author"]).post(f"/topics/{topic.slug}/consultations/new", data={
        "title": "A good title", "question": "Is this a good question?", "body": "Text.",
        "language": "zz", "closes_at": f"{NEXT_YEAR}-03-01T17:00"})
    assert response.status_code == 422 and 'id="language-error"' in response.text
    assert "A good title" in response.text


def test_a_search_in_welsh_finds_the_welsh_version(client, login, people, open_consultation):
    assert "Terfyn" not in client.get("/search?q=preswyl").text
    save(login(people["author"]), open_consultation)
    client.get("/logout")
    found = client.get("/search?q=preswyl").text  # "residential", only in the Welsh version
    assert f"/threads/{open_consultation.id}" in found
