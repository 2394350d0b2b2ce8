"""The two engines: what a match, its rank and its highlighted snippets are in SQL.

SQLite: FTS5 ``MATCH`` with ``bm25()`` (the title weighs ten times the body) and
``highlight()``/``snippet()``. PostgreSQL: ``websearch_to_tsquery`` against the stored
``tsvector`` (title weight A, body B) with ``ts_rank_cd`` and ``ts_headline``. Both mark
matches with :data:`MARK_START`/:data:`MARK_END`, which :mod:`forum.search.snippets` turns
into ``<mark>`` after escaping everything else.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, cast, func, literal, literal_column, select
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION, REGCONFIG
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from forum.search.documents import MARK_END, MARK_START
from forum.search.language import search_language
from forum.search.models import FTS_TABLE, fts_index, pg_documents
from forum.search.query import fts5_query

#: bm25 weights, one per FTS5 column in order (only title and body are indexed)
_BM25_WEIGHTS = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.0, 1.0)
#: tokens around the match in a snippet
SNIPPET_TOKENS = 24
_HEADLINE = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
             "MaxFragments=2, FragmentDelimiter=\" … \"")


@dataclass(frozen=True)
class Engine:
    """One database's way of finding: the table, and how to match, rank and highlight."""

    table: Table
    key: ColumnElement[Any]
    #: the engine's own query for the text typed, or ``None`` when nothing can match
    query: Any

    @property
    def is_sqlite(self) -> bool:
        """Whether this is the FTS5 engine."""
        return self.table is fts_index

    def matches(self) -> Select:
        """Select the key, the filter columns and the rank of every matching document."""
        table = self.table
        if self.is_sqlite:
            rank = -func.bm25(literal_column(FTS_TABLE), *_BM25_WEIGHTS)
            where = literal_column(FTS_TABLE).op("MATCH")(bindparam("fts_q", self.query))
        else:
            rank = cast(func.ts_rank_cd(table.c.document, self._tsquery()), DOUBLE_PRECISION)
            where = table.c.document.op("@@")(self._tsquery())
        return select(self.key.label("key"), table.c.kind, table.c.ref_id, table.c.thread_id,
                      table.c.topic_id, table.c.stance, table.c.created_at, table.c.updated_at,
                      rank.label("rank")).where(where)

    @staticmethod
    def _config() -> ColumnElement[Any]:
        return cast(literal(search_language().pg_config), REGCONFIG)

    def _tsquery(self) -> ColumnElement[Any]:
        return func.websearch_to_tsquery(self._config(), bindparam("pg_q", self.query))

    def highlights(self, session: Session, keys: list[int]) -> dict[int, tuple[str, str]]:
        """``{key: (title, snippet)}`` with the matches between the markers, for ``keys``."""
        if not keys:
            return {}
        table = self.table
        if self.is_sqlite:
            title = func.highlight(literal_column(FTS_TABLE), 7, MARK_START, MARK_END)
            body = func.snippet(literal_column(FTS_TABLE), 8, MARK_START, MARK_END, "…",
                                SNIPPET_TOKENS)
            stmt = select(self.key, title, body).where(
                literal_column(FTS_TABLE).op("MATCH")(bindparam("fts_q", self.query)))
        else:
            config = self._config()
            title = func.ts_headline(config, table.c.title, self._tsquery(),
                                     f"HighlightAll=true, StartSel={MARK_START}, "
                                     f"StopSel={MARK_END}")
            body = func.ts_headline(config, table.c.body, self._tsquery(), _HEADLINE)
            stmt = select(self.key, title, body)
        rows = session.execute(stmt.where(self.key.in_(keys)))
        return {key: (title or "", body or "") for key, title, body in rows}


def engine_for(session: Session, text: str) -> Engine:
    """The engine of the session's database, with its query for the cleaned ``text``."""
    if session.get_bind().dialect.name == "sqlite":
        return Engine(fts_index, fts_index.c.rowid, fts5_query(text))
    return Engine(pg_documents, pg_documents.c.key, text)
