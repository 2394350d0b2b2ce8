"""The search index's tables: two FTS5 virtual tables on SQLite (English, stemmed; every
other language, words as written), one ``tsvector`` table on PostgreSQL whose rows each name
their text search configuration (:mod:`forum.search.language`).

None is in the ORM metadata (an FTS5 table cannot be described there, and each database
has only its own), so :func:`create_index_table` and :func:`drop_index_table` follow
``db.metadata``'s ``create_all`` and ``drop_all``; the migrations make the same tables.

Each document has a ``key`` made from what it is and its row id (:func:`document_key`), so an
update replaces exactly one row and a lookup is by primary key on both databases.
"""
from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import (BigInteger, Column, Computed, Index, Integer, MetaData, String, Table, Text,
                        event, text)
from sqlalchemy.dialects.postgresql import REGCONFIG, TSVECTOR
from sqlalchemy.engine import Connection

from forum.db import UTCDateTime, db
from forum.i18n import _l
from forum.search.language import FTS5_PLAIN, FTS5_STEMMED, PG_SIMPLE

#: the SQLite table of stemmed (English) documents (``rowid`` is the document key)
FTS_TABLE = "search_index"
#: the SQLite table of the documents in every other language, indexed as written
FTS_PLAIN_TABLE = "search_index_plain"
#: the PostgreSQL table
PG_TABLE = "search_documents"


class DocumentKind(enum.StrEnum):
    """What a search result is (the ``kind=`` filter)."""

    DISCUSSION = "discussion"
    CONSULTATION = "consultation"
    PROPOSAL = "proposal"
    POST = "post"
    SUMMARY = "summary"
    RESPONSE = "response"

    @property
    def label(self) -> str:
        """Human label, in the current language."""
        return str(KIND_LABELS[self.value])


#: each kind's label, translated when shown
KIND_LABELS = {"discussion": _l("Discussion"), "consultation": _l("Consultation"),
               "proposal": _l("Proposal"),
               "post": _l("Post"), "summary": _l("Summary"), "response": _l("Council response")}


#: the low bits of a document key: threads (either kind) share one, since they share ids
_KEY_CODES = {DocumentKind.DISCUSSION: 1, DocumentKind.CONSULTATION: 1,
              DocumentKind.PROPOSAL: 1, DocumentKind.POST: 2,
              DocumentKind.SUMMARY: 3, DocumentKind.RESPONSE: 4}


def document_key(kind: DocumentKind, ref_id: int) -> int:
    """The index key of the document ``kind`` number ``ref_id``."""
    return ref_id * 8 + _KEY_CODES[kind]


def _columns() -> list[Column[Any]]:
    return [Column("kind", String(20)), Column("ref_id", Integer), Column("thread_id", Integer),
            Column("topic_id", Integer), Column("stance", String(20)),
            Column("created_at", UTCDateTime), Column("updated_at", UTCDateTime),
            Column("title", Text), Column("body", Text), Column("language", String(16))]


def pg_document_sql() -> str:
    """The SQL computing a PostgreSQL document with the row's own configuration (the
    two-argument ``to_tsvector`` is immutable, as a generated column needs): the title
    weighs A, the body B."""
    return ("setweight(to_tsvector(config, coalesce(title, '')), 'A') || "
            "setweight(to_tsvector(config, coalesce(body, '')), 'B')")


_search_metadata = MetaData()
#: the FTS5 table as SQLAlchemy Core sees it (its ``rowid`` is the key)
fts_index = Table(FTS_TABLE, _search_metadata, Column("rowid", BigInteger, primary_key=True),
                  *_columns())
#: the FTS5 table of the documents not stemmed (same columns)
fts_plain_index = Table(FTS_PLAIN_TABLE, _search_metadata,
                        Column("rowid", BigInteger, primary_key=True), *_columns())
#: the PostgreSQL table; ``config`` is the row's text search configuration, ``document`` its
#: title (weight A) and body (weight B) as that configuration reads them
pg_documents = Table(PG_TABLE, _search_metadata, Column("key", BigInteger, primary_key=True),
                     *_columns(),
                     Column("config", REGCONFIG, nullable=False, server_default=PG_SIMPLE),
                     Column("document", TSVECTOR, Computed(
                         pg_document_sql(), persisted=True)),
                     Index("ix_search_documents_document", "document", postgresql_using="gin"),
                     Index("ix_search_documents_thread_id", "thread_id"))


def fts5_ddl(table: str = FTS_TABLE, tokenize: str = FTS5_STEMMED) -> str:
    """The statement making one SQLite index table (by default the stemmed one)."""
    return (f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(kind UNINDEXED, "
            "ref_id UNINDEXED, thread_id UNINDEXED, topic_id UNINDEXED, stance UNINDEXED, "
            "created_at UNINDEXED, updated_at UNINDEXED, title, body, language UNINDEXED, "
            f"tokenize='{tokenize}')")


def create_index_table(connection: Connection) -> None:
    """Make the index tables for ``connection``'s database, if they are missing."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(fts5_ddl()))
        connection.execute(text(fts5_ddl(FTS_PLAIN_TABLE, FTS5_PLAIN)))
    else:
        pg_documents.create(connection, checkfirst=True)


def drop_index_table(connection: Connection) -> None:
    """Drop the index tables of ``connection``'s database, if they are there."""
    if connection.dialect.name == "sqlite":
        connection.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
        connection.execute(text(f"DROP TABLE IF EXISTS {FTS_PLAIN_TABLE}"))
    else:
        pg_documents.drop(connection, checkfirst=True)


@event.listens_for(db.metadata, "after_create")
def _after_create(_target: MetaData, connection: Connection, **_kw: Any) -> None:
    create_index_table(connection)


@event.listens_for(db.metadata, "before_drop")
def _before_drop(_target: MetaData, connection: Connection, **_kw: Any) -> None:
    drop_index_table(connection)
