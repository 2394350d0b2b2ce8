"""The committed Alembic migrations build exactly the schema the models describe."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from forum.db import db, utcnow
from forum.moderation.flags import flag_post
from forum.posts.services import endorse
from tests.factories import make_post, make_thread, make_user


def _drop_everything() -> None:
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def _not_search_index(name, type_, _parent) -> bool:  # noqa: ANN001
    """The search index's tables are outside the ORM metadata (an FTS5 table and its shadow
    tables on SQLite, one table on PostgreSQL): ``tests/search`` checks them."""
    return not (type_ == "table" and name and name.startswith(("search_index", "search_documents")))


def test_migrations_match_models(fresh_app):  # real DDL and commits: the live database
    _drop_everything()
    try:
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(
                conn, opts={"compare_type": True, "render_as_batch": True,
                            "include_name": _not_search_index}), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    finally:
        _drop_everything()
        db.create_all()


#: tables whose rows a round trip through the migrations must keep (the posts and threads
#: tables are copied by batch migrations on SQLite; what refers to them must survive)
KEPT = ("users", "topics", "threads", "posts", "revisions", "endorsements", "flags")


def _counts() -> dict[str, int]:
    with db.engine.connect() as conn:
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in KEPT}


def test_an_upgrade_keeps_every_row(fresh_app, session):  # noqa: ANN001
    """Down to the schema before the resident-experience work and up again, with data in
    every table that refers to posts and threads: nothing is lost, nothing refused."""
    _drop_everything()
    try:
        upgrade()
        councillor = make_user(session, role="councillor")
        thread = make_thread(session, author=councillor)
        argument = make_post(session, thread=thread, stance="for")
        make_post(session, thread=thread, parent=argument)
        endorse(session, make_user(session), argument, now=utcnow())
        flag_post(session, make_user(session), argument, reason="spam", threshold=3, now=utcnow())
        session.commit()
        before = _counts()
        assert all(before.values()), before
        session.close()
        downgrade(revision="c4a8f2d6e1b3")
        upgrade()
        assert _counts() == before
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT author_role FROM threads")).scalar_one() \
                == "councillor"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == [] \
                if db.engine.dialect.name == "sqlite" else True
    finally:
        session.rollback()
        _drop_everything()
        db.create_all()
