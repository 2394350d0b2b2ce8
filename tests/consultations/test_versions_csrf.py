"""A councillor publishes a consultation in both languages through the forms, with CSRF
protection and rate limits on as in production."""
from __future__ import annotations

import pytest

from forum.consultations.models import Consultation
from forum.db import db
from tests.security.helpers import csrf_from
from tests.summaries.helpers import make_people
from tests.factories import make_topic
from tests.consultations.conftest import NEXT_YEAR


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """Limits and CSRF on, as in production."""
    return {**app_config, "RATELIMIT_ENABLED": True, "WTF_CSRF_ENABLED": True}


def test_a_councillor_publishes_a_consultation_in_english_and_welsh(client, login, session):
    people = make_people(session)
    topic = make_topic(session, title="Transport", slug="transport")
    session.commit()
    councillor = login(people["councillor"])
    form = councillor.get("/topics/transport/consultations/new")
    created = councillor.post("/topics/transport/consultations/new", data={
        "csrf_token": csrf_from(form.data), "title": "A new bus station",
        "question": "Should the bus station move to the market square?",
        "body": "The **background**.", "closes_at": f"{NEXT_YEAR}-03-01T17:00"})
    assert created.status_code == 302, created.text
    thread = db.session.scalars(db.select(Consultation)).one()
    page = councillor.get(f"/threads/{thread.id}").text
    assert f'href="/threads/{thread.id}/versions"' in page
    versions = councillor.get(f"/threads/{thread.id}/versions")
    without_token = councillor.post(f"/threads/{thread.id}/versions", data={
        "language": "cy", "title": "Gorsaf fysiau newydd"})
    assert without_token.status_code == 422  # the expired-form message, text kept
    assert "Gorsaf fysiau newydd" in without_token.text
    saved = councillor.post(f"/threads/{thread.id}/versions", data={
        "csrf_token": csrf_from(versions.data), "language": "cy",
        "token": versions.text.split('name="token" type="hidden" value="')[1].split('"')[0],
        "title": "Gorsaf fysiau newydd",
        "question": "A ddylai’r orsaf fysiau symud i sgwâr y farchnad?",
        "body": "Y **cefndir**."})
    assert saved.status_code == 302, saved.text
    client.get("/logout")
    client.set_cookie("forum_language", "cy")
    welsh = client.get(f"/threads/{thread.id}").text
    assert "Gorsaf fysiau newydd" in welsh and "Y <strong>cefndir</strong>." in welsh
    client.set_cookie("forum_language", "en")
    english = client.get(f"/threads/{thread.id}").text
    assert "A new bus station" in english and "Gorsaf fysiau newydd" not in english
