"""Each document is split and stemmed in its own language: English stemmed on both
databases, Welsh (no stemmer anywhere) word for word, and a query finds both kinds."""
from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from forum.db import db, utcnow
from forum.posts.services import edit_post
from forum.search.index import index_tables, reindex_all
from forum.search.language import pg_configs, search_language
from forum.search.models import FTS_PLAIN_TABLE, pg_documents
from tests.factories import make_post, make_thread
from tests.search.helpers import find, found

WELSH = "Mae angen mwy o leoedd parcio ger yr ysgolion; mae'r parking yn llawn."


@pytest.mark.parametrize(("code", "config", "stemmed"), [
    ("en", "english", True), ("cy", "simple", False), ("fr", "french", False),
    ("de", "german", False), ("ga", "irish", False), ("cy_GB", "simple", False),
    ("en_XA", "english", True), ("xx", "simple", False)])
def test_each_language_has_its_configuration(app, code, config, stemmed):  # noqa: ANN001
    language = search_language(code)
    assert (language.pg_config, language.fts5_stemmed) == (config, stemmed)


def test_a_query_is_parsed_in_every_configuration_the_site_speaks(app):  # noqa: ANN001
    assert pg_configs() == ("english", "simple")  # en, cy


def _stored_where(session, post_id):  # noqa: ANN001, ANN202 - where the row is, and how
    for table in index_tables(session):
        key = table.c.key if table is pg_documents else table.c.rowid
        row = session.execute(select(*[c for c in table.c if c.name in ("language", "config")])
                              .where(key == post_id * 8 + 2)).first()
        if row is not None:
            return table.name, tuple(str(value) for value in row)
    return None


def test_a_welsh_post_is_indexed_as_written_an_english_one_stemmed(session):  # noqa: ANN001
    thread = make_thread(session, title="Places to leave a car")
    welsh = make_post(session, thread=thread, stance="for", body=WELSH, language="cy")
    english = make_post(session, thread=thread, stance="for",
                        body="More parking near the schools, please.")
    if session.get_bind().dialect.name == "sqlite":
        assert _stored_where(session, welsh.id) == (FTS_PLAIN_TABLE, ("cy",))
        assert _stored_where(session, english.id) == ("search_index", ("en",))
    else:
        assert _stored_where(session, welsh.id) == ("search_documents", ("cy", "simple"))
        assert _stored_where(session, english.id) == ("search_documents", ("en", "english"))
    # "park" stems "parking" in English; Welsh text keeps its words as written
    assert found(find(session, "park")) == {("post", english.id)}
    assert found(find(session, "parking")) == {("post", english.id), ("post", welsh.id)}
    assert found(find(session, "ysgolion")) == {("post", welsh.id)}
    assert found(find(session, "ysgol")) == set()  # no Welsh stemmer: the plural only
    assert found(find(session, "parcio")) == {("post", welsh.id)}
    hit = find(session, "parcio").hits[0]
    assert hit.language == "cy" and "<mark>parcio</mark>" in hit.snippet_html


def test_a_change_of_language_moves_the_document(session):  # noqa: ANN001
    post = make_post(session, thread=make_thread(session), stance="for",
                     body="The parking is full.")
    assert found(find(session, "park")) == {("post", post.id)}
    edit_post(session, post.author, post, body=post.body, language="cy", now=utcnow())
    assert find(session, "park").total == 0
    assert found(find(session, "parking")) == {("post", post.id)}
    assert sum(session.scalar(select(db.func.count()).select_from(table)
                              .where(table.c.kind == "post"))
               for table in index_tables(session)) == 1


def test_reindexing_keeps_each_documents_language(session):  # noqa: ANN001
    thread = make_thread(session, title="Croesfan", body="Croesfan ddiogel.", language="cy")
    welsh = make_post(session, thread=thread, stance="for", body=WELSH, language="cy")
    english = make_post(session, thread=thread, stance="for", body="Parking is full.")
    assert reindex_all(session) == 3
    assert found(find(session, "park")) == {("post", english.id)}
    assert found(find(session, "parcio")) == {("post", welsh.id)}
    assert found(find(session, "croesfan")) == {(thread.kind.value, thread.id)}


def test_the_search_page_marks_each_result_with_its_language(client, session):  # noqa: ANN001
    thread = make_thread(session, title="Parcio", body="Testun.", language="cy")
    make_post(session, thread=thread, stance="for", body=WELSH, language="cy")
    session.commit()
    page = client.get("/search?q=parcio").get_data(as_text=True)
    assert '<p class="snippet" lang="cy" dir="auto">' in page
    assert '<span lang="cy" dir="auto"><mark>Parcio</mark></span>' in page
    api = client.get("/api/v1/search?q=parcio").json
    assert {result["language"] for result in api["results"]} == {"cy"}


def test_the_migration_keeps_every_document_in_its_language(fresh_app, session):  # noqa: ANN001
    """Down to one English-stemmed index and up again: every row stays, and each comes back
    to its own language (read from its post or thread)."""
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    try:
        upgrade()
        thread = make_thread(session, title="Parking permits")
        welsh = make_post(session, thread=thread, stance="for", body=WELSH, language="cy")
        session.commit()
        thread_id, welsh_id = thread.id, welsh.id
        session.close()
        downgrade(revision="e1b3c5d7f9a2")
        table = "search_index" if db.engine.dialect.name == "sqlite" else "search_documents"
        with db.engine.connect() as conn:
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 2
        upgrade()
        assert found(find(session, "park")) == {("discussion", thread_id)}
        assert found(find(session, "parcio")) == {("post", welsh_id)}
        assert find(session, "ysgol").total == 0  # unstemmed again
        assert find(session, "parcio").hits[0].language == "cy"
        session.close()
    finally:
        session.rollback()
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
