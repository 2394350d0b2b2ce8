"""Plain factory functions that build valid objects through the services."""
from __future__ import annotations

import itertools
import re
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import func, insert, inspect, select, text

from forum.accounts.models import Role, User
from forum.accounts.services import issue_token
from forum.db import db, utcnow
from forum.posts.counters import recount_arguments
from forum.posts.models import PATH_WIDTH, Post
from forum.posts.services import create_post
from forum.security.signins import open_session
from forum.threads.models import Thread
from forum.threads.services import start_thread
from forum.topics.models import Topic
from tests.apps import TEST_PASSWORD_METHOD, werkzeug_password_hash

PASSWORD = "correct-horse-battery"
_PASSWORD_HASH = werkzeug_password_hash(PASSWORD, method=TEST_PASSWORD_METHOD)
_seq = itertools.count(1)


def make_user(session=None, *, role: Role | str = Role.CITIZEN, email: str | None = None,  # noqa: ANN001
              name: str | None = None, created_at: datetime | None = None,
              suspended_until: datetime | None = None, reason: str = "Test suspension",
              confirmed: bool = True) -> User:
    """A user whose password is :data:`PASSWORD` (hash computed once); its email address is
    confirmed unless ``confirmed=False``."""
    session = session or db.session
    n = next(_seq)
    joined = created_at or utcnow() - timedelta(days=30)
    user = User(email=email or f"user{n}@example.org", display_name=name or f"User {n}",
                role=Role(role), password_hash=_PASSWORD_HASH, created_at=joined)
    if confirmed:  # left unset otherwise, so the insert also fits schemas older than the column
        user.email_confirmed_at = joined
    if suspended_until:
        user.suspended_until, user.suspension_reason = suspended_until, reason
    session.add(user)
    session.flush()
    return user


@contextmanager
def users_as_today(session=None):  # noqa: ANN001, ANN201
    """For a migration test on an older schema: add the columns ``users``, ``topics``,
    ``threads`` and ``posts`` have today but lack there while the factories build the test's
    data, then drop them again, so that the migrations still to run find the tables as they
    expect."""
    session = session or db.session
    missing = []
    for table in (User.__table__, Topic.__table__, Thread.__table__, Post.__table__):
        present = {column["name"] for column in inspect(db.engine).get_columns(table.name)}
        # columns the database alone fills in (``auto_follow``) are not written by the
        # factories; those with a default of the model's own (``language``) are
        missing += [(table.name, column) for column in table.columns
                    if column.name not in present
                    and (column.server_default is None or column.default is not None)]
    dialect = db.engine.dialect
    with db.engine.begin() as conn:
        for table, column in missing:
            kind = column.type.compile(dialect=dialect)
            conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column.name} {kind}"))
    try:
        yield
        session.commit()
    finally:
        session.rollback()
        db.engine.dispose()  # connections from before the columns came may not see them
        with db.engine.begin() as conn:
            for table, column in missing:
                conn.execute(text(f"ALTER TABLE {table} DROP COLUMN {column.name}"))


def make_sign_in(session=None, *, user: User, user_agent: str = "",  # noqa: ANN001
                 now: datetime | None = None) -> str:
    """Open a sign-in record for ``user``; return the key a session cookie carries."""
    _, key = open_session(session or db.session, user, user_agent=user_agent,
                          now=now or utcnow(), idle=timedelta(days=60))
    return key


def make_topic(session=None, *, title: str | None = None, slug: str | None = None,  # noqa: ANN001
               archived: bool = False) -> Topic:
    """A topic."""
    session = session or db.session
    n = next(_seq)
    topic = Topic(title=title or f"Topic {n}", slug=slug or f"topic-{n}",
                  description="About this topic.", description_html="<p>About this topic.</p>",
                  archived_at=utcnow() if archived else None)
    session.add(topic)
    session.flush()
    return topic


def make_thread(session=None, *, author: User | None = None, topic: Topic | None = None,  # noqa: ANN001
                title: str = "A thread about something", body: str = "Opening text.",
                now: datetime | None = None, **extra) -> Thread:
    """A discussion thread (pass consultation fields in ``extra`` for a consultation)."""
    session = session or db.session
    return start_thread(session, author or make_user(session), topic or make_topic(session),
                        title=title, body=body, now=now or utcnow(), **extra)


def make_post(session=None, *, thread: Thread, author: User | None = None,  # noqa: ANN001
              parent: Post | None = None, stance: str | None = None, body: str | None = None,
              now: datetime | None = None, language: str | None = None) -> Post:
    """An argument (no parent) or a reply; without a ``body``, a text of its own (the same
    text twice by one author in a thread is refused as a duplicate)."""
    session = session or db.session
    body = body if body is not None else f"A post ({next(_seq)})."
    return create_post(session, author or make_user(session), thread, body=body, parent=parent,
                       stance=stance, now=now or utcnow(), language=language)


def bearer(user: User, session=None) -> dict[str, str]:  # noqa: ANN001
    """Authorization header with a fresh API token for ``user``."""
    raw = issue_token(session or db.session, user, now=utcnow())
    (session or db.session).commit()
    return {"Authorization": f"Bearer {raw}"}


_TOKENS = re.compile(rb'(name="csrf[-_]token"[^>]*?(?:content|value)=")[^"]*"')


def without_tokens(page: bytes) -> bytes:
    """A page with its CSRF tokens blanked: they carry the second they were made, so two
    answers that are otherwise the same differ in them when a second ticks between."""
    return _TOKENS.sub(rb'\1"', page)


def bulk_posts(session=None, *, thread: Thread, authors: list[User], n: int) -> None:  # noqa: ANN001
    """Insert ``n`` posts in one statement (no notifications, no search index): one argument
    in four, replies chained up to depth 9, endorsement counts from 0 to 6; the thread's
    counters are set as the services keep them. For tests and benchmarks of big threads."""
    session = session or db.session
    now = utcnow()
    rows, next_id = [], (session.scalar(select(func.max(Post.id))) or 0) + 1
    last = None
    for i in range(n):
        pid = next_id + i
        parent = None if i % 4 == 0 or last is None or last["depth"] >= 9 else last
        path = f"{parent['path']}/{pid:0{PATH_WIDTH}d}" if parent else f"{pid:0{PATH_WIDTH}d}"
        author = authors[i % len(authors)]
        row = {"id": pid, "thread_id": thread.id, "author_id": author.id,
               "author_role": author.role.value, "parent_id": parent["id"] if parent else None,
               "root_id": parent["root_id"] if parent else pid,
               "depth": parent["depth"] + 1 if parent else 0, "path": path,
               "stance": None if parent else ["for", "against", "neutral", "question"][i % 4],
               "body": f"Post {i}", "body_html": f"<p>Post {i}</p>", "created_at": now,
               "endorsement_count": i % 7}
        rows.append(row)
        last = row
    if rows:
        session.execute(insert(Post), rows)
    if session.get_bind().dialect.name == "postgresql":  # ids were given: move the sequence on
        session.execute(text("SELECT setval(pg_get_serial_sequence('posts', 'id'), "
                             "(SELECT max(id) FROM posts))"))
    thread.post_count += n
    recount_arguments(session)
    session.commit()
