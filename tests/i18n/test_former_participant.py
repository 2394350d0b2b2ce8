"""An erased account is "Former participant" in each reader's language wherever its name is
shown (the stored name stays the English one)."""
from __future__ import annotations

from sqlalchemy import select

from forum.accounts.models import User
from forum.db import utcnow
from forum.privacy.erasure import erase_account
from forum.privacy.references import FORMER_PARTICIPANT
from tests.factories import make_post, make_thread, make_user


def _erased_author(session):  # noqa: ANN001, ANN202
    person = make_user(session, name="Gwen Jones")
    thread = make_thread(session, author=person, title="Safer crossings")
    post = make_post(session, thread=thread, author=person, stance="for", body="A crossing.")
    erase_account(session, make_user(session, role="admin"), person, now=utcnow(),
                  reason="Asked for by email.")
    session.commit()
    return person, thread, post


def test_the_erased_name_is_translated_when_shown(client, session):  # noqa: ANN001
    person, thread, _post = _erased_author(session)
    assert session.scalar(select(User.stored_name).where(User.id == person.id)) \
        == FORMER_PARTICIPANT
    english = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "<bdi>Former participant</bdi>" in english and "Gwen" not in english
    client.set_cookie("forum_language", "cy")
    welsh = client.get(f"/threads/{thread.id}").get_data(as_text=True)
    assert "<bdi>Cyn-gyfranogwr</bdi>" in welsh and "Former participant" not in welsh
    api = client.get(f"/api/v1/threads/{thread.id}/posts").json["posts"][0]
    assert api["author"]["display_name"] == "Cyn-gyfranogwr"


def test_a_person_not_erased_keeps_their_own_name(client, session):  # noqa: ANN001
    person = make_user(session, name="Former participant")  # a name like any other
    thread = make_thread(session, author=person, title="Names")
    session.commit()
    client.set_cookie("forum_language", "cy")
    assert "<bdi>Former participant</bdi>" in client.get(f"/threads/{thread.id}").get_data(
        as_text=True)
