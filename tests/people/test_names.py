"""Changing one's display name: the registration rules apply, and the new name shows
everywhere at once (posts, citations, the API)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.accounts.services import change_display_name
from forum.db import utcnow
from forum.errors import Invalid, NotAllowed
from forum.summaries.services import create_summary
from tests.factories import bearer, make_post, make_thread, make_user


def test_a_resident_renames_themselves_on_the_account_page(client, session, login):
    person = make_user(session, name="Old Name")
    thread = make_thread(session)
    post = make_post(session, thread=thread, author=person, body="Hello.")
    moderator = make_user(session, role="moderator")
    summary = create_summary(session, moderator, thread, body=f"Said [#{post.id}].",
                             now=utcnow())
    session.commit()
    login(person)
    assert 'href="/account/name"' in client.get("/account").get_data(as_text=True)
    form = client.get("/account/name").get_data(as_text=True)
    assert 'value="Old Name"' in form
    done = client.post("/account/name", data={"display_name": "  New   Name "})
    assert done.status_code == 302 and done.location.endswith("/account")
    assert person.display_name == "New Name"
    assert "New Name" in client.get(f"/threads/{thread.id}").get_data(as_text=True)
    login(moderator)
    shown = client.get(f"/summaries/{summary.id}").get_data(as_text=True)
    assert f"New Name, #{post.id}</a>" in shown and "Old Name" not in shown


@pytest.mark.parametrize("name, why", [
    ("Moderator", "staff role"), ("Cllr Jones", "staff role"), ("", "Enter a display name"),
    ("Priya Shah", "name of a member of staff"), ("x" * 61, "60 characters")])
def test_a_name_breaking_the_rules_is_refused_and_kept(client, session, login, name, why):
    make_user(session, name="Priya Shah", role="councillor")
    person = make_user(session, name="Resident")
    session.commit()
    login(person)
    response = client.post("/account/name", data={"display_name": name})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert why in text and person.display_name == "Resident"
    if name:
        assert f'value="{name}"' in text


def test_staff_may_keep_their_role_in_their_name(session):
    councillor = make_user(session, role="councillor")
    assert change_display_name(session, councillor, "Cllr Priya Shah",
                               now=utcnow()).display_name == "Cllr Priya Shah"


def test_a_suspended_account_keeps_its_name(client, session, login):
    person = make_user(session, name="Kept", suspended_until=utcnow() + timedelta(days=3))
    with pytest.raises(NotAllowed):
        change_display_name(session, person, "Changed", now=utcnow())
    session.commit()
    login(person)
    assert client.get("/account/name").status_code == 403


def test_the_api_reads_and_renames_the_account(client, session):
    person = make_user(session, name="Api Person")
    headers = bearer(person, session)
    got = client.get("/api/v1/account", headers=headers)
    assert got.status_code == 200 and got.json["display_name"] == "Api Person"
    assert got.json["email"] == person.email
    renamed = client.patch("/api/v1/account", json={"display_name": "Api Renamed"},
                           headers=headers)
    assert renamed.status_code == 200 and renamed.json["display_name"] == "Api Renamed"
    refused = client.patch("/api/v1/account", json={"display_name": "Admin"}, headers=headers)
    assert refused.status_code == 422 and refused.json["error"]["field"] == "display_name"
    assert client.patch("/api/v1/account", json={"display_name": 3},
                        headers=headers).status_code == 422
    assert client.get("/api/v1/account").status_code == 401


def test_refusals_leave_the_name_as_it_was(session):
    person = make_user(session, name="Same")
    with pytest.raises(Invalid):
        change_display_name(session, person, "M0derator", now=utcnow())
    assert person.display_name == "Same"
