"""Changing the email address: confirmed by a link to the new address before it takes effect;
the old address keeps working and is told."""
from __future__ import annotations

from sqlalchemy import select

from forum.accounts.confirmation import ADDRESS_TAKEN
from forum.accounts.models import User
from tests.factories import PASSWORD, make_user
from tests.security.helpers import confirm_link, deliver, outbox


def _change(client, email: str, password: str = PASSWORD):  # noqa: ANN001, ANN202
    return client.post("/account/email", data={"email": email, "current_password": password})


def test_the_new_address_takes_effect_when_its_link_is_opened(app, client, session, login):
    user = make_user(session, email="old@example.org")
    login(user)
    response = _change(client, "New@Example.org")
    assert response.status_code == 302
    session.expire_all()
    assert user.email == "old@example.org" and user.pending_email == "new@example.org"
    assert b"new@example.org" in client.get("/account").data  # the account page says so
    deliver(session)
    messages = {m["To"]: m for m in outbox(app)}
    assert set(messages) == {"old@example.org", "new@example.org"}
    assert "change" in messages["old@example.org"]["Subject"]
    assert "/account/confirm/" not in messages["old@example.org"].get_content()
    # the old address still signs in until the new one is confirmed
    client.post("/logout")
    assert client.post("/login", data={"email": "old@example.org",
                                       "password": PASSWORD}).status_code == 302
    link = confirm_link(messages["new@example.org"])
    assert client.get(link).status_code == 302
    session.expire_all()
    assert user.email == "new@example.org" and user.pending_email is None
    assert client.get(link).status_code == 422  # once


def test_a_wrong_password_or_a_bad_address_is_refused_and_kept(client, session, login):
    user = make_user(session, email="old@example.org")
    login(user)
    response = _change(client, "new@example.org", password="not-my-password")
    assert response.status_code == 422
    assert b"Your current password is not right." in response.data
    assert b'value="new@example.org"' in response.data
    response = _change(client, "not an address")
    assert response.status_code == 422 and b"right format" in response.data
    response = _change(client, "OLD@example.org")
    assert response.status_code == 422 and b"already your email address" in response.data
    session.expire_all()
    assert user.pending_email is None


def test_an_address_registered_meanwhile_is_refused_at_confirmation(app, client, session,
                                                                    login):
    user = make_user(session, email="old@example.org")
    login(user)
    assert _change(client, "wanted@example.org").status_code == 302
    deliver(session)
    link = confirm_link(next(m for m in outbox(app) if m["To"] == "wanted@example.org"))
    make_user(session, email="wanted@example.org")  # someone registers it in between
    session.commit()
    response = client.get(link)
    assert response.status_code == 409 and ADDRESS_TAKEN.encode() in response.data
    session.expire_all()
    assert session.get(User, user.id).email == "old@example.org"


def test_a_taken_address_gets_the_note_not_a_link_and_the_answer_is_the_same(app, client,
                                                                            session, login):
    make_user(session, email="someone@example.org")
    user = make_user(session, email="old@example.org")
    login(user)
    assert _change(client, "someone@example.org").status_code == 302
    deliver(session)
    note = next(m for m in outbox(app) if m["To"] == "someone@example.org")
    assert "already have" in note["Subject"] and "/account/confirm/" not in note.get_content()
    session.expire_all()
    assert session.scalar(select(User.email).where(User.id == user.id)) == "old@example.org"
