"""Accounts younger than a day: at most two links per post (service, page and API)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.accounts.rules import is_new_account
from forum.db import utcnow
from forum.errors import Invalid
from forum.posts.services import create_post, edit_post
from tests.conftest import NOW
from tests.factories import bearer, make_post, make_thread, make_user

THREE_LINKS = ("See https://a.example, [the report](https://b.example/report) "
               "and www.c.example for details.")
TWO_LINKS = "See https://a.example and [the report](https://b.example/report)."


@pytest.mark.parametrize("age,new", [(timedelta(hours=1), True), (timedelta(hours=23), True),
                                     (timedelta(days=1, seconds=1), False),
                                     (timedelta(days=30), False)])
def test_is_new_account(session, age, new):
    user = make_user(session, created_at=NOW - age)
    assert is_new_account(user, NOW) is new
    assert is_new_account(None, NOW) is False


def test_new_account_may_post_two_links_not_three(session):
    thread = make_thread(session, now=NOW - timedelta(days=3))
    newcomer = make_user(session, created_at=NOW - timedelta(hours=3))
    assert create_post(session, newcomer, thread, body=TWO_LINKS, now=NOW).id
    with pytest.raises(Invalid) as error:
        create_post(session, newcomer, thread, body=THREE_LINKS, now=NOW)
    assert error.value.field == "body" and "at most 2 links" in error.value.message


def test_links_are_free_once_the_account_is_a_day_old(session):
    thread = make_thread(session, now=NOW - timedelta(days=3))
    user = make_user(session, created_at=NOW - timedelta(days=1, minutes=1))
    assert create_post(session, user, thread, body=THREE_LINKS * 3, now=NOW).id


def test_editing_cannot_add_a_third_link(session):
    thread = make_thread(session, now=NOW - timedelta(days=3))
    newcomer = make_user(session, created_at=NOW - timedelta(hours=3))
    post = create_post(session, newcomer, thread, body=TWO_LINKS, now=NOW)
    with pytest.raises(Invalid) as error:
        edit_post(session, newcomer, post, body=THREE_LINKS, now=NOW)
    assert error.value.field == "body"
    assert post.body == TWO_LINKS


def test_page_shows_the_link_rule_next_to_the_text_and_keeps_it(client, session, login):
    thread = make_thread(session)
    newcomer = make_user(session, created_at=utcnow() - timedelta(hours=1))
    session.commit()
    login(newcomer)
    response = client.post(f"/threads/{thread.id}/posts",
                           data={"body": THREE_LINKS, "stance": "for"})
    assert response.status_code == 422
    assert b"at most 2 links" in response.data
    assert b"www.c.example for details." in response.data  # the text stays in the form


def test_api_answers_422_naming_the_body(client, session):
    thread = make_thread(session)
    newcomer = make_user(session, created_at=utcnow() - timedelta(hours=1))
    post = make_post(session, thread=thread, author=newcomer, body="Plain.")
    headers = bearer(newcomer, session)
    response = client.post(f"/api/v1/threads/{thread.id}/posts", json={"body": THREE_LINKS},
                           headers=headers)
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "body"
    response = client.patch(f"/api/v1/posts/{post.id}", json={"body": THREE_LINKS},
                            headers=headers)
    assert response.status_code == 422
