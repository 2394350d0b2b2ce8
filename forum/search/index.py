"""Keeping the index: every change to what can be found rewrites its row in the same
transaction (the signal handlers below), a full rebuild, and forgetting a person's posts."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Select, Table, delete, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, joinedload, selectinload

from forum.bilingual.signals import versions_saved
from forum.council.models import CouncilResponse, ResponsePoint
from forum.council.signals import response_published, response_saved, thread_response_changed
from forum.moderation.signals import post_hidden, post_restored
from forum.posts.models import Post
from forum.posts.signals import post_created, post_deleted, post_edited
from forum.search.documents import (Document, post_document, response_document,
                                    summary_document, thread_document)
from forum.search.models import (DocumentKind, document_key, fts_index, fts_plain_index,
                                 pg_documents)
from forum.summaries.models import Summary
from forum.summaries.signals import summary_published, summary_saved
from forum.threads.models import Thread
from forum.threads.services import opening_text_saved, thread_edited

#: rows written per statement by a rebuild
BATCH = 500


def index_tables(session: Session) -> tuple[Table, ...]:
    """The index tables of the session's database (SQLite: the stemmed one first)."""
    if session.get_bind().dialect.name == "sqlite":
        return fts_index, fts_plain_index
    return (pg_documents,)


def _table_of(tables: tuple[Table, ...], document: Document) -> Table:
    """The table ``document`` belongs in: SQLite's stemmed one only for a stemmed language."""
    return tables[0] if len(tables) == 1 or document.search.fts5_stemmed else tables[1]


def _key_column(table: Table):  # noqa: ANN202 - a Column of any index table
    return table.c.key if table is pg_documents else table.c.rowid


def _rows(table: Table, documents: Iterable[Document]) -> list[dict[str, Any]]:
    if table is pg_documents:
        return [{"key": doc.key, **doc.row(), "config": doc.search.pg_config}
                for doc in documents]
    return [{"rowid": doc.key, **doc.row()} for doc in documents]


def put(session: Session, key: int, document: Document | None, *, new: bool = False) -> None:
    """Make the row ``key`` hold ``document``, written over any row already there (a row
    left by a deleted thread whose id came back, say, or the same text before its language
    changed, in SQLite's other table); ``None`` removes it. A ``new`` document (a post just
    written: posts are never deleted as rows, so no id of theirs comes back) has no row in
    another table to remove."""
    tables = index_tables(session)
    target = None if document is None else _table_of(tables, document)
    for table in tables:
        if table is not target and not (new and target is not None):
            session.execute(delete(table).where(_key_column(table) == key))
    if target is None:
        return
    if target is not pg_documents:
        session.execute(insert(target).prefix_with("OR REPLACE"), _rows(target, [document]))
    else:
        row = _rows(target, [document])[0]
        session.execute(pg_insert(target).values(row).on_conflict_do_update(
            index_elements=[target.c.key], set_={k: v for k, v in row.items() if k != "key"}))


def index_thread(session: Session, thread: Thread) -> None:
    """Index a thread's title and opening text as they now are."""
    put(session, document_key(DocumentKind(thread.kind.value), thread.id),
        thread_document(thread))


def index_post(session: Session, post: Post, *, new: bool = False) -> None:
    """Index a post as it now is (a hidden or deleted post leaves the index); ``new``: just
    written (see :func:`put`)."""
    put(session, document_key(DocumentKind.POST, post.id), post_document(post), new=new)


def index_summary(session: Session, summary: Summary) -> None:
    """Index a summary as it now is (a draft is not in the index)."""
    put(session, document_key(DocumentKind.SUMMARY, summary.id), summary_document(summary))


def index_response(session: Session, response: CouncilResponse) -> None:
    """Index the council's response as it now is (a draft is not in the index)."""
    put(session, document_key(DocumentKind.RESPONSE, response.id), response_document(response))


def index_again(session: Session, rows: Iterable[Post | Thread]) -> None:
    """Index posts and threads again as they now stand, after a change made in bulk rather
    than through the services (account erasure: deleted posts leave the index, kept ones and
    texts renamed to "Former participant" are written again)."""
    for row in rows:
        if isinstance(row, Post):
            index_post(session, row)
        else:
            index_thread(session, row)


def _sources() -> list[tuple[Select, Callable[[Any], Document | None]]]:
    """What a rebuild reads: each ``(select, to_document)``, only rows the public may read."""
    posts = select(Post).options(joinedload(Post.thread)).where(
        Post.deleted_at.is_(None), Post.hidden_at.is_(None))
    summaries = select(Summary).options(joinedload(Summary.thread)).where(
        Summary.published_at.is_not(None))
    responses = select(CouncilResponse).options(
        selectinload(CouncilResponse.points),
        joinedload(CouncilResponse.summary).joinedload(Summary.thread),
        joinedload(CouncilResponse.thread)).where(CouncilResponse.published_at.is_not(None))
    return [(select(Thread), thread_document), (posts, post_document),
            (summaries, summary_document), (responses, response_document)]


def _all_documents(session: Session) -> Iterator[Document | None]:
    """Every document that should be in the index (``None`` for a row that is not indexed)."""
    for stmt, to_document in _sources():
        entity = stmt.column_descriptions[0]["entity"]
        rows = session.scalars(stmt.order_by(entity.id).execution_options(yield_per=BATCH))
        yield from map(to_document, rows)


def count_sources(session: Session) -> int:
    """How many rows a rebuild reads (for its progress bar)."""
    return sum(session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
               or 0 for stmt, _ in _sources())


def reindex_all(session: Session, *, progress: Callable[[int], None] | None = None) -> int:
    """Empty the index and fill it again from the tables; return the documents indexed.

    ``progress(n)`` is called after each batch with the number of source rows read.
    """
    tables = index_tables(session)
    for table in tables:
        session.execute(delete(table))
    written, batch, read = 0, [], 0
    for document in _all_documents(session):
        read += 1
        if document is not None:
            batch.append(document)
        if len(batch) >= BATCH:
            written += _insert(session, tables, batch)
            batch = []
            if progress:
                progress(read)
                read = 0
    if batch:
        written += _insert(session, tables, batch)
    if progress and read:
        progress(read)
    return written


def _insert(session: Session, tables: tuple[Table, ...], documents: list[Document]) -> int:
    """Insert ``documents``, each into its table; return how many."""
    for table in tables:
        rows = _rows(table, [doc for doc in documents if _table_of(tables, doc) is table])
        if rows:
            session.execute(insert(table), rows)
    return len(documents)


# -- signal handlers: each rewrites one row inside the transaction that sent the signal --

def _on_thread_saved(session: Session, *, thread: Thread, **_: object) -> None:
    index_thread(session, thread)


def _on_post_changed(session: Session, *, post: Post, **_: object) -> None:
    index_post(session, post)


def _on_post_created(session: Session, *, post: Post, **_: object) -> None:
    index_post(session, post, new=True)


def _on_summary_changed(session: Session, *, summary: Summary, **_: object) -> None:
    index_summary(session, summary)


def _on_response_changed(session: Session, *, response: CouncilResponse, **_: object) -> None:
    index_response(session, response)


def _on_versions_saved(session: Session, *, owner: object, **_: object) -> None:
    """An official text's versions are searched with it: index its document again."""
    if isinstance(owner, Thread):
        index_thread(session, owner)
    elif isinstance(owner, Summary):
        index_summary(session, owner)
    elif isinstance(owner, CouncilResponse):
        index_response(session, owner)
    elif isinstance(owner, ResponsePoint):
        response = session.get(CouncilResponse, owner.response_id)
        if response is not None:
            index_response(session, response)


def subscribe() -> None:
    """Connect the index to the domains' signals (``create_app`` calls this once; connecting
    the same receivers again changes nothing)."""
    opening_text_saved.connect(_on_thread_saved)
    thread_edited.connect(_on_thread_saved)
    post_created.connect(_on_post_created)
    for signal in (post_edited, post_deleted, post_hidden, post_restored):
        signal.connect(_on_post_changed)
    summary_saved.connect(_on_summary_changed)
    summary_published.connect(_on_summary_changed)
    response_saved.connect(_on_response_changed)
    response_published.connect(_on_response_changed)
    thread_response_changed.connect(_on_response_changed)
    versions_saved.connect(_on_versions_saved)
