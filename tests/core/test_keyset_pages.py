"""Thread pages by keyset: constant queries, indexed plans, counters kept by the writes,
and permalinks that find a post's page."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, insert, text

from forum.accounts.models import Role
from forum.consultations.models import Consultation
from forum.db import db, utcnow
from forum.moderation.services import hide_post, restore_post
from forum.posts.counters import recount_arguments, stance_counts
from forum.posts.models import PATH_WIDTH, Post
from forum.posts.services import delete_post
from tests.factories import make_post, make_thread, make_user

STANCES = ["for", "against", "neutral", "question"]
URLS = ["", "?page={last}&sort=newest", "?sort=newest", "?sort=endorsed", "?stance=against",
        "?page={last}"]


def _bulk(session, thread, authors, n: int) -> None:  # noqa: ANN001
    """Insert ``n`` posts in bulk (one argument in four, replies chained to depth 9), then
    number them as the migration does."""
    next_id = (session.query(db.func.max(Post.id)).scalar() or 0) + 1
    rows, last = [], None
    for i in range(n):
        pid = next_id + i
        parent = None if i % 4 == 0 or last is None or last["depth"] >= 9 else last
        segment = str(pid).zfill(PATH_WIDTH)
        row = {"id": pid, "thread_id": thread.id, "author_id": authors[i % len(authors)].id,
               "author_role": authors[i % len(authors)].role.value,
               "parent_id": parent["id"] if parent else None,
               "root_id": parent["root_id"] if parent else pid,
               "depth": parent["depth"] + 1 if parent else 0,
               "path": f"{parent['path']}/{segment}" if parent else segment,
               "stance": None if parent else STANCES[i // 4 % 4], "body": f"Post {i}",
               "body_html": f"<p>Post {i}</p>", "created_at": utcnow(),
               "endorsement_count": i % 7}
        rows.append(row)
        last = row
    session.execute(insert(Post), rows)
    recount_arguments(session)
    session.commit()
    session.expire_all()


@pytest.fixture
def threads(session):  # noqa: ANN001
    """Threads of 10, 1,000 and 10,000 posts."""
    authors = [make_user(session) for _ in range(5)]
    made = {}
    for size in (10, 1_000, 10_000):
        made[size] = make_thread(session)
        _bulk(session, made[size], authors, size)
    return made


def _captured():  # noqa: ANN202
    """Record each statement with its parameters."""
    seen: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, *args):  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))
    return seen, record


def _pages(thread) -> list[str]:  # noqa: ANN001
    last = max(1, -(-thread.argument_count // 25))
    return [f"/threads/{thread.id}" + u.format(last=last) for u in URLS]


def test_queries_per_page_do_not_grow_with_the_thread(client, session, count_queries,
                                                      threads):
    counts = {}
    for size, thread in threads.items():
        for url in _pages(thread):
            with count_queries() as statements:
                assert client.get(url).status_code == 200
            counts.setdefault(url.split(str(thread.id), 1)[1], []).append(len(statements))
    for url, per_size in counts.items():
        assert len(set(per_size)) == 1, (url, per_size)
        assert per_size[0] <= 4, (url, per_size)


def _plans(session, statements) -> list[str]:  # noqa: ANN001
    """The query plan lines of every statement touching posts."""
    conn = session.connection()
    dialect = conn.dialect.name
    lines = []
    for statement, parameters in statements:
        if "posts" not in statement or "coverage_counts" in statement:
            continue  # the summary panel's coverage figures: see docs/performance.md
        cursor = conn.connection.driver_connection.cursor()
        prefix = "EXPLAIN QUERY PLAN " if dialect == "sqlite" else "EXPLAIN "
        cursor.execute(prefix + statement, parameters)
        lines += [str(row[-1] if dialect == "sqlite" else row[0]) for row in cursor.fetchall()]
    return lines


def test_the_big_thread_page_uses_indexes_not_a_scan_of_its_posts(client, session, app,
                                                                  threads):
    big = threads[10_000]
    if session.connection().dialect.name == "postgresql":
        session.execute(text("ANALYZE posts"))
        session.execute(text("ANALYZE threads"))
    pages = [f"/threads/{big.id}", f"/threads/{big.id}?page=100",
             f"/threads/{big.id}?page=50&sort=newest", f"/threads/{big.id}?sort=endorsed",
             f"/threads/{big.id}?stance=for"]
    seen, record = _captured()
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        for url in pages:
            assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    plans = _plans(session, seen)
    assert plans
    if session.connection().dialect.name == "sqlite":
        whole_thread = re.compile(r"SEARCH posts USING (COVERING )?INDEX ix_posts_thread_"
                                  r"(path|root|argument) \(thread_id=\?\)$")
        scans = [p for p in plans if p.startswith("SCAN posts") or whole_thread.match(p)]
    else:
        scans = [p for p in plans if "Seq Scan on posts" in p]
    assert scans == [], "\n".join(plans)


def test_counters_follow_posting_deleting_hiding_and_restoring(session):
    thread = make_thread(session)
    moderator = make_user(session, role=Role.MODERATOR)
    args = [make_post(session, thread=thread, stance=s) for s in ["for", "for", "against"]]
    make_post(session, thread=thread, parent=args[0])
    assert thread.argument_count == 3 and [a.argument_number for a in args] == [1, 2, 3]
    delete_post(session, args[1].author, args[1], now=utcnow())
    hide_post(session, moderator, args[2], reason="Abuse.", now=utcnow())
    session.commit()
    session.refresh(thread)
    assert stance_counts(thread) == {"for": 1, "against": 0, "neutral": 0, "question": 0}
    restore_post(session, moderator, args[2], now=utcnow())
    session.commit()
    session.refresh(thread)
    assert stance_counts(thread)["against"] == 1 and thread.argument_count == 3


def _location(client, post) -> str:  # noqa: ANN001
    response = client.get(f"/posts/{post.id}")
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


def test_a_permalink_redirects_to_the_page_and_anchor_of_its_post(app, client, session):
    app.config["ARGUMENTS_PER_PAGE"] = 3
    thread = make_thread(session)
    args = [make_post(session, thread=thread, stance="for", body=f"Argument {i}.")
            for i in range(7)]
    deep = args[4]
    for _ in range(12):
        deep = make_post(session, thread=thread, parent=deep, body="Deeper.")
    session.commit()
    base = f"/threads/{thread.id}"
    assert _location(client, args[0]) == f"{base}#post-{args[0].id}"
    assert _location(client, args[4]) == f"{base}?page=2#post-{args[4].id}"
    assert _location(client, args[6]) == f"{base}?page=3#post-{args[6].id}"
    assert _location(client, deep) == f"{base}?page=2#post-{deep.id}"
    assert f'id="post-{deep.id}"' in client.get(f"{base}?page=2").text
    assert f'id="post-{args[6].id}"' in client.get(f"{base}?page=3").text


def test_a_permalink_answers_as_the_thread_page_would(client, session):
    thread = make_thread(session)
    moderator = make_user(session, role=Role.MODERATOR)
    hidden, deleted = (make_post(session, thread=thread, stance="for") for _ in range(2))
    hide_post(session, moderator, hidden, reason="Abuse.", now=utcnow())
    delete_post(session, deleted.author, deleted, now=utcnow())
    session.commit()
    assert _location(client, hidden) == f"/threads/{thread.id}#post-{hidden.id}"
    assert _location(client, deleted) == f"/threads/{thread.id}#post-{deleted.id}"
    assert client.get("/posts/999999").status_code == 404


def test_a_permalink_into_a_thread_not_open_yet_is_not_found(client, session):
    councillor = make_user(session, role=Role.COUNCILLOR)
    upcoming = make_thread(session, author=councillor, model=Consultation, question="Why?",
                           opens_at=utcnow() - timedelta(days=1),
                           closes_at=utcnow() + timedelta(days=9))
    post = make_post(session, thread=upcoming, stance="for")
    upcoming.opens_at = utcnow() + timedelta(days=1)
    session.commit()
    assert client.get(f"/posts/{post.id}").status_code == 404
    assert client.get(f"/threads/{upcoming.id}").status_code == 404
