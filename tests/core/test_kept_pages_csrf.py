"""Kept pages with CSRF protection on, as in production: the token a kept page carries is the
reader's own, so its forms work for that reader and for no one else."""
from __future__ import annotations

import re

import pytest

from forum.db import utcnow
from forum.posts.services import endorse
from forum.accounts.models import Role
from tests.factories import PASSWORD, make_post, make_thread, make_user
from tests.summaries.helpers import make_closed_consultation

_FORM_TOKEN = re.compile(rb'name="csrf_token" value="([^"]+)"')
_ENDORSE_TOKEN = re.compile(r'endorse-form">\s*<input type="hidden" name="csrf_token" '
                            r'value="([^"]+)"')


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    return {**app_config, "WTF_CSRF_ENABLED": True}


@pytest.mark.parametrize("page_of", ["thread", "home", "topic", "outcomes", "report"])
def test_a_kept_page_carries_a_token_its_reader_can_post_with(app, session, count_queries,  # noqa: ANN001
                                                              page_of):
    thread = make_thread(session)
    consultation = make_closed_consultation(session, make_user(session, role=Role.COUNCILLOR))
    user = make_user(session)
    session.commit()
    url = {"thread": f"/threads/{thread.id}", "home": "/", "outcomes": "/outcomes",
           "topic": f"/topics/{thread.topic.slug}",
           "report": f"/consultations/{consultation.id}/report"}[page_of]
    reader, other = app.test_client(), app.test_client()
    reader.get(url)
    with count_queries() as statements:
        page = reader.get(url).data
    assert len(statements) == 1  # kept
    token = _FORM_TOKEN.search(page).group(1).decode()
    # another reader's copy of the same kept page carries that reader's own token
    other_token = _FORM_TOKEN.search(other.get(url).data).group(1).decode()
    assert other_token != token
    form = {"email": user.email, "password": PASSWORD}
    refused = other.post("/login", data={**form, "csrf_token": token})
    assert refused.status_code != 302 and b"Sign out" not in refused.data
    assert other.post("/login", data={**form, "csrf_token": other_token}).status_code == 302


def _signed_in(app, user):  # noqa: ANN001, ANN202
    """A client signed in through the form, with its own token."""
    client = app.test_client()
    token = _FORM_TOKEN.search(client.get("/login").data).group(1).decode()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302
    return client


def test_a_signed_in_readers_kept_page_carries_their_own_token(app, session,  # noqa: ANN001
                                                               count_queries):
    thread = make_thread(session)
    first, second = make_user(session, name="Ida First"), make_user(session, name="Jo Second")
    session.commit()
    url = f"/threads/{thread.id}"
    one, two = _signed_in(app, first), _signed_in(app, second)
    one.get(url)
    with count_queries() as statements:
        page = two.get(url).data
    assert len(statements) <= 4 and b"Jo Second" in page and b"Ida First" not in page  # kept
    theirs = _FORM_TOKEN.search(page).group(1).decode()
    mine = _FORM_TOKEN.search(one.get(url).data).group(1).decode()
    assert theirs != mine
    follow = f"/follows/thread/{thread.id}"
    two.post(follow, data={"csrf_token": mine, "next": url})  # refused: the page expired
    assert b"Follow this thread" in two.get(url).data
    two.post(follow, data={"csrf_token": theirs, "next": url})
    assert b"Following this thread" in two.get(url).data


def test_own_cards_carry_the_token_of_each_of_their_readers_sessions(app, session):  # noqa: ANN001
    """A reader who endorsed an argument gets their own card of it (the endorse button
    pressed) on the kept page, kept for them, with the token of the session that asks: one
    session's token never shows in another's page, and the button works in each."""
    thread = make_thread(session)
    argument = make_post(session, thread=thread, author=make_user(session), stance="for",
                         body="Longer opening hours.")
    endorser = make_user(session, name="Eve Endorser")
    endorse(session, endorser, argument, now=utcnow())
    session.commit()
    url = f"/threads/{thread.id}"
    phone, laptop = _signed_in(app, endorser), _signed_in(app, endorser)
    pages = [client.get(url).text for client in (phone, laptop, phone)]
    tokens = [_ENDORSE_TOKEN.search(page).group(1) for page in pages]
    assert 'aria-pressed="true"' in pages[1] and 'aria-pressed="true"' in pages[2]
    # a signed token is the session's own token, then the second it was signed in
    sessions = [token.split(".")[0] for token in tokens]
    assert sessions[0] == sessions[2] != sessions[1]
    assert set(_FORM_TOKEN.findall(pages[1].encode())) == {tokens[1].encode()}
    endorse_url = f"/posts/{argument.id}/endorse"
    withdrawn = laptop.post(endorse_url, data={"csrf_token": tokens[1], "endorse": "0",
                                               "next": url})
    assert withdrawn.status_code == 302
    assert 'aria-pressed="false"' in phone.get(url).text
