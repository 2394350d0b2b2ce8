"""A deleted post names nobody in the API either; its history is for moderators alone."""
from __future__ import annotations

import pytest

from forum.moderation.flags import flag_post
from forum.posts.services import delete_post, edit_post
from tests.conftest import NOW
from tests.factories import bearer, make_post, make_thread, make_user

SECRET = "My neighbour at 12 Elm Street leaves the back door open."

#: who asks for a deleted post's history, and whether they may read it
READERS = [("anonymous", False), ("citizen", False), ("author", False), ("councillor", False),
           ("moderator", True), ("admin", True)]


@pytest.fixture
def deleted(session):  # noqa: ANN001
    """A post edited once and then deleted by its author, with its thread and author."""
    author = make_user(session, name="Dee Leted")
    thread = make_thread(session)
    post = make_post(session, thread=thread, author=author, body=SECRET, now=NOW)
    edit_post(session, author, post, body=SECRET + " Every night.", now=NOW)
    delete_post(session, author, post, now=NOW)
    session.commit()
    return post


def _reader(session, who: str, post):  # noqa: ANN001, ANN202
    if who == "anonymous":
        return None
    if who == "author":
        return post.author
    return make_user(session, role=who if who != "citizen" else "citizen")


def test_08_15_the_api_names_no_author_of_a_deleted_post(client, session, deleted):
    for url in (f"/api/v1/posts/{deleted.id}", f"/api/v1/threads/{deleted.thread_id}/posts"):
        body = client.get(url).get_data(as_text=True)
        assert "Dee Leted" not in body and SECRET not in body
    shown = client.get(f"/api/v1/posts/{deleted.id}").get_json()
    assert shown["deleted"] is True
    assert (shown["author"], shown["body_html"], shown["edited_at"]) == (None, None, None)
    listed = client.get(f"/api/v1/threads/{deleted.thread_id}/posts").get_json()["posts"]
    assert [p["author"] for p in listed if p["id"] == deleted.id] == [None]


def test_08_15_deleting_through_the_api_answers_without_the_author(client, session):
    author = make_user(session, name="Dee Leted")
    post = make_post(session, thread=make_thread(session), author=author, body=SECRET)
    response = client.delete(f"/api/v1/posts/{post.id}", headers=bearer(author, session))
    assert response.status_code == 200
    assert response.get_json()["author"] is None and response.get_json()["deleted"] is True


def test_08_15_the_thread_page_and_the_api_agree(client, session, deleted):
    page = client.get(f"/threads/{deleted.thread_id}").get_data(as_text=True)
    assert "Dee Leted" not in page and SECRET not in page and "[deleted]" in page


@pytest.mark.parametrize("who,allowed", READERS)
def test_08_15_a_deleted_posts_history_is_for_moderators(client, session, login, deleted,
                                                         who, allowed):
    reader = _reader(session, who, deleted)
    session.commit()
    headers = bearer(reader, session) if reader is not None else {}
    api = client.get(f"/api/v1/posts/{deleted.id}/revisions", headers=headers)
    if reader is not None:
        login(reader)
    page = client.get(f"/posts/{deleted.id}/history")
    if allowed:
        assert api.status_code == 200 and page.status_code == 200
        assert [r["body"] for r in api.get_json()["revisions"]] == [SECRET + " Every night.",
                                                                     SECRET]
        html = page.get_data(as_text=True)
        assert SECRET in html and "Only moderators can read what it said." in html
    else:
        assert (api.status_code, page.status_code) == (404, 404)
        assert SECRET not in api.get_data(as_text=True) + page.get_data(as_text=True)


def test_08_15_moderators_find_the_history_from_the_thread(client, session, login, deleted):
    page = client.get(f"/threads/{deleted.thread_id}").get_data(as_text=True)
    assert f"/posts/{deleted.id}/history" not in page
    login(make_user(session, role="moderator"))
    page = client.get(f"/threads/{deleted.thread_id}").get_data(as_text=True)
    assert f"/posts/{deleted.id}/history" in page and SECRET not in page


def test_08_15_moderators_still_see_who_wrote_a_deleted_post(client, session):
    author = make_user(session, name="Dee Leted")
    post = make_post(session, thread=make_thread(session), author=author, body=SECRET, now=NOW)
    flag_post(session, make_user(session), post, reason="spam", threshold=3, now=NOW)
    delete_post(session, author, post, now=NOW)
    moderator = make_user(session, role="moderator")
    queue = client.get("/api/v1/moderation/queue", headers=bearer(moderator, session)).get_json()
    [item] = queue["items"]
    assert item["post"]["author"]["display_name"] == "Dee Leted"
    assert item["post"]["deleted"] is True and item["post"]["body_html"] is None
