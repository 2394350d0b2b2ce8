"""The two engines: what a match, its rank and its highlighted snippets are in SQL.

SQLite: FTS5 ``MATCH`` with ``bm25()`` (the title weighs ten times the body) and
``highlight()``/``snippet()``, in both index tables (stemmed English, and the other languages
as written), their matches put together. PostgreSQL: ``websearch_to_tsquery`` parsed with
each configuration in use, each document matched by the query parsed its own way (so an
English document is matched by English stems, a Welsh one by the words as typed), ranked by
``ts_rank_cd`` and highlighted by ``ts_headline`` in the row's configuration. Both mark
matches with :data:`MARK_START`/:data:`MARK_END`, which :mod:`forum.search.snippets` turns
into ``<mark>`` after escaping everything else.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (ColumnElement, Table, and_, bindparam, cast, func, literal,
                        literal_column, or_, select, union_all)
from sqlalchemy.dialects.postgresql import DOUBLE_PRECISION, REGCONFIG
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from forum.search.documents import MARK_END, MARK_START
from forum.search.language import pg_configs
from forum.search.models import fts_index, fts_plain_index, pg_documents
from forum.search.query import fts5_query

#: bm25 weights, one per FTS5 column in order (only title and body are indexed)
_BM25_WEIGHTS = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.0, 1.0, 0.0)
#: tokens around the match in a snippet
SNIPPET_TOKENS = 24
_HEADLINE = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
             "MaxFragments=2, FragmentDelimiter=\" … \"")
#: the columns a match carries to the filters and the page
_COLUMNS = ("kind", "ref_id", "thread_id", "topic_id", "stance", "created_at", "updated_at",
            "language")


@dataclass(frozen=True)
class Engine:
    """One database's way of finding: its tables, and how to match, rank and highlight."""

    tables: tuple[Table, ...]
    #: the engine's own query for the text typed, or ``None`` when nothing can match
    query: Any

    @property
    def is_sqlite(self) -> bool:
        """Whether this is the FTS5 engine."""
        return self.tables[0] is fts_index

    def matches(self, narrow: Callable[[Select, Any], Select], limit: int) -> Select:
        """Select the key, the filter columns and the rank of the newest ``limit`` matching
        documents that ``narrow(select, columns)`` keeps (it adds the filters' conditions on
        the index's own columns). Only those are ranked: the work is bounded by ``limit``,
        not by how many documents hold a common word."""
        if self.is_sqlite:  # FTS5 reads matches in rowid order: the limit stops the scan,
            # and bm25() runs on the rows kept
            newest = [narrow(self._fts_matches(table), table.c).order_by(table.c.rowid.desc())
                      .limit(limit).subquery() for table in self.tables]
            found = union_all(*(select(*each.c) for each in newest)).subquery()
            return (select(found.c.key, *(found.c[name] for name in _COLUMNS), found.c.rank)
                    .order_by(found.c.key.desc()).limit(limit))
        table = pg_documents
        where = or_(*(and_(table.c.config == cast(literal(config), REGCONFIG),
                           table.c.document.op("@@")(self._tsquery(self._config(config))))
                      for config in pg_configs()))
        newest = (narrow(select(table.c.key).where(where), table.c)
                  .order_by(table.c.key.desc()).limit(limit).subquery())
        rank = cast(func.ts_rank_cd(table.c.document, self._tsquery(table.c.config)),
                    DOUBLE_PRECISION)
        return (select(table.c.key.label("key"), *(table.c[name] for name in _COLUMNS),
                       rank.label("rank")).join(newest, newest.c.key == table.c.key))

    def _fts_matches(self, table: Table) -> Select:
        name = literal_column(table.name)
        rank = -func.bm25(name, *_BM25_WEIGHTS)
        return select(table.c.rowid.label("key"), *(table.c[n] for n in _COLUMNS),
                      rank.label("rank")).where(name.op("MATCH")(bindparam("fts_q", self.query)))

    @staticmethod
    def _config(name: str) -> ColumnElement[Any]:
        return cast(literal(name), REGCONFIG)

    def _tsquery(self, config: ColumnElement[Any]) -> ColumnElement[Any]:
        return func.websearch_to_tsquery(config, bindparam("pg_q", self.query))

    def highlights(self, session: Session, keys: list[int]) -> dict[int, tuple[str, str]]:
        """``{key: (title, snippet)}`` with the matches between the markers, for ``keys``."""
        if not keys:
            return {}
        if self.is_sqlite:
            out: dict[int, tuple[str, str]] = {}
            for table in self.tables:
                name = literal_column(table.name)
                title = func.highlight(name, 7, MARK_START, MARK_END)
                body = func.snippet(name, 8, MARK_START, MARK_END, "…", SNIPPET_TOKENS)
                stmt = select(table.c.rowid, title, body).where(
                    name.op("MATCH")(bindparam("fts_q", self.query)), table.c.rowid.in_(keys))
                out.update({key: (title or "", body or "")
                            for key, title, body in session.execute(stmt)})
            return out
        table = pg_documents
        query = self._tsquery(table.c.config)
        title = func.ts_headline(table.c.config, table.c.title, query,
                                 f"HighlightAll=true, StartSel={MARK_START}, "
                                 f"StopSel={MARK_END}")
        body = func.ts_headline(table.c.config, table.c.body, query, _HEADLINE)
        rows = session.execute(select(table.c.key, title, body).where(table.c.key.in_(keys)))
        return {key: (title or "", body or "") for key, title, body in rows}


def engine_for(session: Session, text: str) -> Engine:
    """The engine of the session's database, with its query for the cleaned ``text``."""
    if session.get_bind().dialect.name == "sqlite":
        return Engine((fts_index, fts_plain_index), fts5_query(text))
    return Engine((pg_documents,), text)
