"""Kept pages: a thread page is kept whole for readers not signed in, and every change to
what it shows, by any write path (a service, or SQL behind the code's back), is on the very
next view, on both databases."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flask import session as flask_session
from sqlalchemy import text

from forum.accounts.models import Role
from forum.consultations.services import post_consultation
from forum.db import utcnow
from forum.moderation.services import hide_post, lock_thread
from forum.pagecache import pages
from forum.pagecache.store import Kept
from forum.posts.services import delete_post, edit_post, endorse
from forum.summaries.services import create_summary, publish_summary
from tests.factories import make_post, make_thread, make_topic, make_user, without_tokens



@pytest.fixture
def world(session):  # noqa: ANN001
    """A thread with an argument, a reply, three citizens and a moderator."""
    author, arguer, replier = (make_user(session, name=n)
                               for n in ("Ann Author", "Bea Arguer", "Cal Replier"))
    moderator = make_user(session, role=Role.MODERATOR, name="Mo Derator")
    thread = make_thread(session, author=author, topic=make_topic(session, title="Parks"),
                         title="Keep the library open late")
    argument = make_post(session, thread=thread, author=arguer, stance="for",
                         body="Evening hours help shift workers.")
    reply = make_post(session, thread=thread, author=replier, parent=argument,
                      body="And students after lectures.")
    session.commit()
    return {"thread": thread, "argument": argument, "reply": reply, "author": author,
            "arguer": arguer, "replier": replier, "moderator": moderator}


def _fresh(app, client, url: str) -> bytes:  # noqa: ANN001
    """The page rendered now, the kept pages turned off for the one request."""
    app.config["PAGE_CACHE_CHARS"] = 0
    try:
        return without_tokens(client.get(url).data)
    finally:
        app.config["PAGE_CACHE_CHARS"] = 16_000_000


def test_a_kept_page_costs_one_query_and_is_the_page(app, client, count_queries, world):  # noqa: ANN001
    url = f"/threads/{world['thread'].id}"
    first = client.get(url)
    with count_queries() as statements:
        again = client.get(url)
    assert again.status_code == 200
    assert len(statements) == 1 and "content_version" in statements[0]
    assert without_tokens(again.data) == without_tokens(first.data) == _fresh(app, client, url)
    assert b"Evening hours help shift workers." in again.data


def _post_argument(w, session):  # noqa: ANN001
    make_post(session, thread=w["thread"], author=w["replier"], stance="against",
              body="Staff costs would rise.")


def _reply(w, session):  # noqa: ANN001
    make_post(session, thread=w["thread"], author=w["author"], parent=w["reply"],
              body="Students have the campus library.")


def _edit(w, session):  # noqa: ANN001
    edit_post(session, w["arguer"], w["argument"], body="Evening hours help nurses.",
              now=utcnow())


def _endorse(w, session):  # noqa: ANN001
    endorse(session, w["replier"], w["argument"], now=utcnow())


def _hide(w, session):  # noqa: ANN001
    hide_post(session, w["moderator"], w["argument"], reason="Off topic.", now=utcnow())


def _delete(w, session):  # noqa: ANN001
    delete_post(session, w["replier"], w["reply"], now=utcnow())


def _lock(w, session):  # noqa: ANN001
    lock_thread(session, w["moderator"], w["thread"], reason="Cooling off.", now=utcnow())


def _summary(w, session):  # noqa: ANN001
    summary = create_summary(session, w["moderator"], w["thread"], now=utcnow(),
                             body=f"Most want later hours [#{w['argument'].id}].")
    publish_summary(session, w["moderator"], summary, now=utcnow())


def _sql(statement: str):  # noqa: ANN202
    def change(w, session):  # noqa: ANN001
        session.execute(text(statement), {"thread": w["thread"].id, "post": w["argument"].id,
                                          "user": w["arguer"].id})
    return change


CHANGES = {
    "an argument is posted": _post_argument,
    "a reply is posted": _reply,
    "a post is edited": _edit,
    "a post is endorsed": _endorse,
    "a post is hidden": _hide,
    "a reply is deleted": _delete,
    "the thread is locked": _lock,
    "a summary is published": _summary,
    "SQL hides a post": _sql("UPDATE posts SET hidden_at = CURRENT_TIMESTAMP, "
                             "hidden_reason = 'Spam.' WHERE id = :post"),
    "SQL changes an endorsement count": _sql(
        "UPDATE posts SET endorsement_count = 41 WHERE id = :post"),
    "SQL renames the thread": _sql("UPDATE threads SET title = 'Renamed' WHERE id = :thread"),
    "SQL renames an author": _sql(
        "UPDATE users SET display_name = 'Bea Renamed' WHERE id = :user"),
    "SQL renames the topic": _sql(
        "UPDATE topics SET title = 'Green spaces' WHERE id = "
        "(SELECT topic_id FROM threads WHERE id = :thread)"),
    "SQL deletes a post": _sql("DELETE FROM posts WHERE id = (SELECT max(id) FROM posts "
                               "WHERE thread_id = :thread)"),
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_every_change_is_on_the_next_view(app, client, session, count_queries, world,  # noqa: ANN001
                                          change):
    url = f"/threads/{world['thread'].id}"
    client.get(url)
    with count_queries() as statements:
        before = without_tokens(client.get(url).data)
    assert len(statements) == 1  # the view was served kept: what follows tests the key
    CHANGES[change](world, session)
    session.commit()
    session.expire_all()
    after = without_tokens(client.get(url).data)
    assert after != before
    assert after == _fresh(app, client, url)


def test_a_signed_in_readers_page_is_their_own_and_waiting_messages_are_never_kept(app, client, login, world):  # noqa: ANN001
    url = f"/threads/{world['thread'].id}"
    client.get(url)
    reader = login(world["replier"], app.test_client())
    page = reader.get(url).data
    assert b"Cal Replier" in page and b"Sign in</a> or" not in page
    assert b"Sign in</a> or" in client.get(url).data
    with client.session_transaction() as sess:
        sess["_flashes"] = [("success", "Your settings were saved.")]
    assert b"Your settings were saved." in client.get(url).data
    assert b"Your settings were saved." not in client.get(url).data


def test_the_address_and_language_are_part_of_the_key(app, client, world):  # noqa: ANN001
    url = f"/threads/{world['thread'].id}"
    assert b'lang="en-GB"' in client.get(url).data
    welsh = client.get(url, headers={"Accept-Language": "cy"}).data
    assert b'<html lang="cy"' in welsh
    assert b'value="newest" selected' in client.get(url + "?sort=newest").data
    assert b'value="oldest" selected' in client.get(url).data


def test_a_page_is_kept_no_later_than_its_next_date(app, world, monkeypatch):  # noqa: ANN001
    now = utcnow()
    with app.test_request_context("/threads/1"):
        flask_session["csrf_token"] = "x"
        pages.keep("k", "<p>page</p>", dates=[now - timedelta(days=1), now + timedelta(seconds=5)])
        assert pages.kept("k") == "<p>page</p>"
        monkeypatch.setattr(pages, "utcnow", lambda: now + timedelta(seconds=6))
        assert pages.kept("k") is None
        monkeypatch.setattr(pages, "utcnow", lambda: now)
        pages.keep("long", "<p>page</p>", dates=[None])
        monkeypatch.setattr(pages, "utcnow", lambda: now + pages.PAGE_LIFETIME)
        assert pages.kept("long") is None


def test_a_consultation_page_is_kept_no_later_than_its_closing(app, client, session,  # noqa: ANN001
                                                                count_queries, world,
                                                                monkeypatch):
    closes = utcnow() + timedelta(hours=2)
    councillor = make_user(session, role=Role.COUNCILLOR)
    consultation = post_consultation(session, councillor, world["thread"].topic,
                                     title="Late opening", question="Should it open late?",
                                     body="Background.", opens_at=None, closes_at=closes,
                                     now=utcnow())
    session.commit()
    assert closes in consultation.moments()
    url = f"/threads/{consultation.id}"
    client.get(url)
    with count_queries() as statements:
        client.get(url)
    assert len(statements) == 1
    monkeypatch.setattr(pages, "utcnow", lambda: closes + timedelta(seconds=1))
    with count_queries() as statements:
        client.get(url)
    assert len(statements) > 1  # the closing passed: the page is made again


def test_kept_html_is_bounded_by_weight():
    store = Kept(1_000)
    for i in range(50):
        store.put(i, "x" * 90)
    assert store.weight <= 1_000 and len(store) <= 11
    store.put("big", "x" * 600)
    assert store.get("big") is None


def test_a_post_hidden_over_http_is_gone_from_the_next_view(fresh_app, client, session,  # noqa: ANN001
                                                            login, world):
    """Real commits, as in production: PostgreSQL's triggers wait for the commit."""
    url = f"/threads/{world['thread'].id}"
    for _ in range(2):
        assert b"Evening hours help shift workers." in client.get(url).data
    moderator = login(world["moderator"], fresh_app.test_client())
    answer = moderator.post(f"/posts/{world['argument'].id}/hide",
                            data={"reason": "Off topic for this thread."})
    assert answer.status_code == 302
    page = client.get(url).data
    assert b"Evening hours help shift workers." not in page
    assert b"Off topic for this thread." in page


def test_kept_coverage_figures_follow_the_debate(app, client, login, session, world):  # noqa: ANN001
    """Signed-in pages are made each time, but a summary's coverage (a count over every post
    of the thread) is kept by the thread's number: a new post moves it."""
    _summary(world, session)
    session.commit()
    reader = login(world["replier"], app.test_client())
    url = f"/threads/{world['thread'].id}"
    assert b"1 of 2" in reader.get(url).data and b"1 of 2" in reader.get(url).data
    _post_argument(world, session)
    session.commit()
    assert b"1 of 3" in reader.get(url).data
    hide_post(session, world["moderator"], world["reply"], reason="Off topic.", now=utcnow())
    session.commit()
    assert b"1 of 2" in reader.get(url).data


def test_made_up_query_parameters_are_not_kept(client, count_queries, world):  # noqa: ANN001
    url = f"/threads/{world['thread'].id}?utm_source=x1"
    client.get(url)
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    assert len(statements) > 1


def test_only_pages_kept_for_signed_in_readers_mark_their_cards(app, client, login, world):  # noqa: ANN001
    """A reader not signed in never has cards of their own, so their kept page carries no
    region marks (less to keep, less to fill on each view); a signed-in class's page marks
    each card, for those of the class who wrote or endorsed one."""
    url = f"/threads/{world['thread'].id}"
    client.get(url)
    store = app.extensions["forum_page_cache"]
    (anonymous,) = store._values.values()  # noqa: SLF001
    assert anonymous.regions == {}
    assert set(anonymous.parts[1::2]) == {"csrf"}
    login(world["moderator"], app.test_client()).get(url)
    signed_in = next(page for page in store._values.values() if page is not anonymous)  # noqa: SLF001
    assert set(signed_in.regions) == {f"card-{world['argument'].id}",
                                      f"card-{world['reply'].id}"}
