"""The search index knows each document's language: on PostgreSQL a ``language`` and a
``config`` (text search configuration) column, the ``document`` generated from the row's
own configuration; on SQLite a ``language`` column and a second FTS5 table,
``search_index_plain``, for the languages Porter does not stem (everything but English).

The rows are kept: each takes the language of the post or thread it is (summaries and
responses: English), PostgreSQL computes each ``document`` again, SQLite copies the rows into
its tables made again. Nothing needs reindexing unless the site speaks a language other than
English and Welsh (see forum/search/language.py).

Revision ID: a2c4e6f8b0d3
Revises: e1b3c5d7f9a2
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "a2c4e6f8b0d3"
down_revision = "e1b3c5d7f9a2"
branch_labels = None
depends_on = None

COLUMNS = "kind, ref_id, thread_id, topic_id, stance, created_at, updated_at, title, body"
UNINDEXED = ("kind UNINDEXED, ref_id UNINDEXED, thread_id UNINDEXED, topic_id UNINDEXED, "
             "stance UNINDEXED, created_at UNINDEXED, updated_at UNINDEXED, title, body")
STEMMED, PLAIN = "porter unicode61 remove_diacritics 2", "unicode61 remove_diacritics 2"
#: each indexed row's language, read from the post or thread it is (the others: English)
LANGUAGE_OF = ("coalesce((SELECT language FROM posts WHERE posts.id = {t}.ref_id AND "
               "{t}.kind = 'post'), (SELECT language FROM threads WHERE threads.id = {t}.ref_id "
               "AND {t}.kind IN ('discussion', 'consultation', 'proposal')), 'en')")
DOCUMENT_ENGLISH = ("setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
                    "setweight(to_tsvector('english', coalesce(body, '')), 'B')")
DOCUMENT_OWN = ("setweight(to_tsvector(config, coalesce(title, '')), 'A') || "
                "setweight(to_tsvector(config, coalesce(body, '')), 'B')")


def _fts5(table, columns, tokenize):
    return f"CREATE VIRTUAL TABLE {table} USING fts5({columns}, tokenize='{tokenize}')"


def _document(expression):
    op.drop_index("ix_search_documents_document", table_name="search_documents")
    op.drop_column("search_documents", "document")
    op.add_column("search_documents", sa.Column(
        "document", postgresql.TSVECTOR(), sa.Computed(expression, persisted=True)))
    op.create_index("ix_search_documents_document", "search_documents", ["document"],
                    postgresql_using="gin")


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        with_language = UNINDEXED + ", language UNINDEXED"
        op.execute(_fts5("search_index_new", with_language, STEMMED))
        op.execute(f"INSERT INTO search_index_new (rowid, {COLUMNS}, language) "
                   f"SELECT rowid, {COLUMNS}, {LANGUAGE_OF.format(t='search_index')} "
                   "FROM search_index")
        op.execute("DROP TABLE search_index")
        op.execute("ALTER TABLE search_index_new RENAME TO search_index")
        op.execute(_fts5("search_index_plain", with_language, PLAIN))
        op.execute(f"INSERT INTO search_index_plain (rowid, {COLUMNS}, language) "
                   f"SELECT rowid, {COLUMNS}, language FROM search_index "
                   "WHERE language <> 'en'")
        op.execute("DELETE FROM search_index WHERE language <> 'en'")
        return
    op.add_column("search_documents", sa.Column("language", sa.String(length=16),
                                                nullable=True))
    op.execute(f"UPDATE search_documents SET language = "
               f"{LANGUAGE_OF.format(t='search_documents')}")
    op.add_column("search_documents", sa.Column(
        "config", postgresql.REGCONFIG(), nullable=False, server_default="english"))
    # Welsh (the other language a site speaks by default) has no stemmer: ``simple``. A site
    # speaking a language PostgreSQL stems runs ``flask --app forum search reindex``.
    op.execute("UPDATE search_documents SET config = 'simple' WHERE language <> 'en'")
    op.alter_column("search_documents", "config", server_default="simple")
    _document(DOCUMENT_OWN)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":  # one table again, every row stemmed
        op.execute(_fts5("search_index_old", UNINDEXED, STEMMED))
        for table in ("search_index", "search_index_plain"):
            op.execute(f"INSERT INTO search_index_old (rowid, {COLUMNS}) "
                       f"SELECT rowid, {COLUMNS} FROM {table}")
        op.execute("DROP TABLE search_index_plain")
        op.execute("DROP TABLE search_index")
        op.execute("ALTER TABLE search_index_old RENAME TO search_index")
        return
    _document(DOCUMENT_ENGLISH)
    op.drop_column("search_documents", "config")
    op.drop_column("search_documents", "language")
