"""Kept listings: the home page, the topics, a topic's page and the outcomes are kept whole
for readers who are not signed in, like the thread page, and every change to what they list (by a service,
or by SQL behind the code's back) is on the very next view, on both databases."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from forum.accounts.models import Role
from forum.consultations.services import post_consultation
from forum.db import utcnow
from forum.pagecache import pages
from forum.summaries.services import create_summary, publish_summary, submit_summary
from forum.threads import views as thread_views
from tests.factories import make_post, make_thread, make_topic, make_user, without_tokens


@pytest.fixture
def world(session):  # noqa: ANN001
    """Two topics with a thread each, an argument in the first, a councillor, a moderator."""
    author = make_user(session, name="Ann Author")
    parks = make_topic(session, title="Parks", slug="parks")
    roads = make_topic(session, title="Roads", slug="roads")
    thread = make_thread(session, author=author, topic=parks, title="Keep the library open late")
    other = make_thread(session, author=author, topic=roads, title="Resurface the high street")
    argument = make_post(session, thread=thread, author=make_user(session, name="Bea Arguer"),
                         stance="for", body="Evening hours help shift workers.")
    session.commit()
    return {"parks": parks, "roads": roads, "thread": thread, "other": other,
            "argument": argument, "author": author,
            "councillor": make_user(session, role=Role.COUNCILLOR, name="Cy Councillor"),
            "moderator": make_user(session, role=Role.MODERATOR, name="Mo Derator")}


PAGES = ["/", "/topics", "/topics/parks", "/topics/roads", "/topics/parks?page=2",
         "/outcomes", "/outcomes?status=with_council&topic=parks"]


def _fresh(app, client, url: str) -> bytes:  # noqa: ANN001
    """The page rendered now, the kept pages turned off for the one request."""
    chars = app.config["PAGE_CACHE_CHARS"]
    app.config["PAGE_CACHE_CHARS"] = 0
    try:
        return without_tokens(client.get(url).data)
    finally:
        app.config["PAGE_CACHE_CHARS"] = chars


@pytest.mark.parametrize("url", PAGES)
def test_a_kept_listing_costs_one_query_and_is_the_page(app, client, count_queries, world,  # noqa: ANN001
                                                        url):
    first = client.get(url)
    with count_queries() as statements:
        again = client.get(url)
    assert again.status_code == first.status_code == 200
    assert len(statements) == 1 and "content_version" in statements[0], statements
    assert without_tokens(again.data) == without_tokens(first.data) == _fresh(app, client, url)


def _sql(statement: str):  # noqa: ANN202
    def change(w, session):  # noqa: ANN001
        session.execute(text(statement), {"thread": w["thread"].id, "other": w["other"].id,
                                          "post": w["argument"].id, "topic": w["parks"].id,
                                          "roads": w["roads"].id})
    return change


def _new_thread(w, session):  # noqa: ANN001
    make_thread(session, author=w["author"], topic=w["parks"], title="Plant more trees")


def _post(w, session):  # noqa: ANN001
    make_post(session, thread=w["thread"], author=w["author"], stance="against",
              body="Staff costs would rise.")


def _consultation(w, session):  # noqa: ANN001
    post_consultation(session, w["councillor"], w["parks"], title="Opening hours",
                      question="Should the library open until nine?", body="Background.",
                      closes_at=utcnow() + timedelta(days=7), now=utcnow())


def _sent_to_the_council(w, session):  # noqa: ANN001
    summary = create_summary(session, w["moderator"], w["thread"], now=utcnow(),
                             body=f"Most want later hours [#{w['argument'].id}].")
    publish_summary(session, w["moderator"], summary, now=utcnow())
    submit_summary(session, w["moderator"], summary, now=utcnow())


CHANGES = {
    "a thread is started": _new_thread,
    "an argument is posted": _post,
    "a consultation is posted": _consultation,
    "a summary is sent to the council": _sent_to_the_council,
    "SQL renames a thread": _sql("UPDATE threads SET title = 'Renamed' WHERE id = :thread"),
    "SQL changes a post count": _sql("UPDATE threads SET post_count = 41 WHERE id = :thread"),
    "SQL moves a thread": _sql("UPDATE threads SET topic_id = :roads WHERE id = :thread"),
    # each topic keeps one thread at the version the other had: its count and sum of
    # versions stay the same, so only the move of site_version tells the pages apart
    "SQL swaps two threads' topics and versions": _sql(
        "UPDATE threads SET topic_id = CASE WHEN id = :thread THEN :roads ELSE :topic END, "
        "content_version = CASE WHEN id = :thread "
        "THEN (SELECT content_version FROM threads WHERE id = :other) "
        "ELSE (SELECT content_version FROM threads WHERE id = :thread) END "
        "WHERE id IN (:thread, :other)"),
    "SQL renames a topic": _sql("UPDATE topics SET title = 'Green spaces' WHERE id = :topic"),
    "SQL archives a topic": _sql(
        "UPDATE topics SET archived_at = CURRENT_TIMESTAMP WHERE id = :topic"),
    "SQL renames an author": _sql(
        "UPDATE users SET display_name = 'Ann Renamed' WHERE display_name = 'Ann Author'"),
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_every_change_is_on_the_next_view(app, client, session, count_queries, world,  # noqa: ANN001
                                          change):
    before = {}
    for url in PAGES:
        client.get(url)
        with count_queries() as statements:
            before[url] = without_tokens(client.get(url).data)
        assert len(statements) == 1, url  # served kept: what follows tests the key
    CHANGES[change](world, session)
    session.commit()
    session.expire_all()
    after = {url: without_tokens(client.get(url).data) for url in PAGES}
    assert any(after[url] != before[url] for url in PAGES), "the change shows on no page"
    for url in PAGES:
        assert after[url] == _fresh(app, client, url), url


def test_a_topics_page_is_kept_no_later_than_a_consultation_opens(  # noqa: ANN201
        app, client, session, count_queries, world, monkeypatch):  # noqa: ANN001
    """An upcoming consultation is hidden from residents until it opens: no write happens
    then, so the listing's dates say until when it may be kept."""
    opens = utcnow() + timedelta(hours=2)
    post_consultation(session, world["councillor"], world["parks"], title="Opening hours",
                      question="Should the library open until nine?", body="Background.",
                      opens_at=opens, closes_at=opens + timedelta(days=7), now=utcnow())
    session.commit()
    for url in ("/topics/parks", "/"):
        client.get(url)
        with count_queries() as statements:
            assert b"Opening hours" not in client.get(url).data
        assert len(statements) == 1
    later = opens + timedelta(seconds=1)
    monkeypatch.setattr(pages, "utcnow", lambda: later)
    monkeypatch.setattr(thread_views, "utcnow", lambda: later)
    with count_queries() as statements:
        assert b"Opening hours" in client.get("/topics/parks").data
    assert len(statements) > 1  # the opening passed: the page was made again


def test_signed_in_readers_and_unknown_topics_are_not_kept(app, client, login, count_queries,  # noqa: ANN001
                                                           world):
    client.get("/")
    reader = login(world["author"], app.test_client())
    for _ in range(2):
        with count_queries() as statements:
            page = reader.get("/").data
        assert b"Ann Author" in page and len(statements) > 1
    assert b"Ann Author" not in client.get("/").data.split(b"<main")[0]
    for _ in range(2):
        assert client.get("/topics/no-such-topic").status_code == 404


def test_the_outcomes_show_a_summary_sent_to_the_council_on_the_next_view(  # noqa: ANN201
        app, client, session, count_queries, world):  # noqa: ANN001
    url = "/outcomes?status=with_council"
    client.get(url)
    with count_queries() as statements:
        assert b"Keep the library open late" not in client.get(url).data
    assert len(statements) == 1
    _sent_to_the_council(world, session)
    session.commit()
    assert b"Keep the library open late" in client.get(url).data
