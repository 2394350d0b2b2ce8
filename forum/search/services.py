"""Searching: the filters, what the reader may see, relevance order and keyset pages."""
from __future__ import annotations

import base64
import binascii
import json
import struct
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup
from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from forum.accounts.models import User
from forum.accounts.rules import is_staff
from forum.council.models import CouncilResponse
from forum.errors import Invalid
from forum.i18n import _
from forum.posts.models import Post, Stance
from forum.search.backends import engine_for
from forum.search.models import DocumentKind
from forum.search.query import clean_query, has_words
from forum.search.snippets import marked_html
from forum.summaries.models import Summary
from forum.threads.models import Thread
from forum.topics.models import Topic

#: results on one page
PER_PAGE = 20
#: how many matching documents, the newest first, a search ranks: a word in a million posts
#: costs what it costs in a thousand (the page says when more matched)
CANDIDATES = 1_000
_THREAD_KINDS = (DocumentKind.DISCUSSION.value, DocumentKind.CONSULTATION.value,
                 DocumentKind.PROPOSAL.value)


@dataclass
class Filters:
    """What to look for, and where."""

    q: str = ""
    topic: Topic | None = None
    thread: Thread | None = None
    kind: DocumentKind | None = None
    stance: Stance | None = None
    #: first and last day (inclusive, in the forum's time zone) the document was published
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class Hit:
    """One result: what it is, where it is, and its highlighted title and snippet."""

    kind: DocumentKind
    ref_id: int
    thread: Thread
    #: the summary a summary or a council response belongs to (``None`` otherwise)
    summary_id: int | None
    stance: Stance | None
    created_at: datetime
    updated_at: datetime
    title_html: Markup
    snippet_html: Markup
    #: the language the text found is written in (its title and snippet carry it as ``lang``)
    language: str | None = None


@dataclass
class Results:
    """A page of results, how many there are in all, and the cursor of the next page."""

    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    #: more documents match than :data:`CANDIDATES` (``candidates``): the newest were ranked
    capped: bool = False
    candidates: int = 0
    next_cursor: str | None = None
    #: set when the query asks for nothing findable (no words in it)
    message: str | None = None


def visible_threads(actor: User | None, now: datetime) -> ColumnElement[bool]:
    """The SQL twin of ``can_view_thread``: threads open to everyone, plus, for their author
    and staff, those not open yet."""
    if is_staff(actor):
        return true()
    visible = ~Thread.is_upcoming(now)
    return visible | (Thread.author_id == actor.id) if actor is not None else visible


def encode_after(rank: float, updated_at: datetime, key: int) -> str:
    """The cursor after a result: its exact rank (as the bits of the float), date and key."""
    raw = json.dumps([struct.pack(">d", rank).hex(), updated_at.isoformat(), key])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_after(raw: str) -> tuple[float, datetime, int]:
    """Read a cursor made by :func:`encode_after`, or raise 422."""
    try:
        bits, when, key = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        rank = struct.unpack(">d", bytes.fromhex(bits))[0]
        when = datetime.fromisoformat(when)
        if when.utcoffset() is None or not isinstance(key, int) or isinstance(key, bool) \
                or not 0 < key < 2 ** 62 or rank != rank:
            raise ValueError(raw)
        return rank, when.astimezone(UTC), key
    except (binascii.Error, ValueError, TypeError, struct.error, OverflowError,
            UnicodeDecodeError):
        raise Invalid(_("The page link is not valid; start the search again."),
                      field="after") from None


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone).astimezone(UTC)


def search(session: Session, actor: User | None, filters: Filters, *, now: datetime,
           zone: ZoneInfo, after: str | None = None, per_page: int = PER_PAGE) -> Results:
    """Find what ``actor`` may read matching ``filters``, best first, a page at a time."""
    text = clean_query(filters.q)
    position = decode_after(after) if after else None
    if not has_words(text):
        return Results(message=_("Type one or more words to search for."))
    engine = engine_for(session, text)
    if engine.query is None:
        return Results()
    def narrow(found, columns):  # noqa: ANN001, ANN202 - a Select and its table's columns
        return _filtered(found, columns, filters, zone)
    hits = engine.matches(narrow, CANDIDATES).subquery("hits")
    visible = _visible(hits, actor, now)
    total, found = session.execute(select(
        select(func.count()).select_from(visible.subquery()).scalar_subquery(),
        select(func.count()).select_from(engine.matches(narrow, CANDIDATES + 1).subquery())
        .scalar_subquery())).one()
    page = visible.add_columns(Thread).order_by(
        hits.c.rank.desc(), hits.c.updated_at.desc(), hits.c.key.desc())
    if position is not None:
        rank, when, key = position
        page = page.where(or_(hits.c.rank < rank, and_(hits.c.rank == rank, or_(
            hits.c.updated_at < when, and_(hits.c.updated_at == when, hits.c.key < key)))))
    rows = session.execute(page.limit(per_page + 1)).all()
    more, rows = len(rows) > per_page, rows[:per_page]
    marked = engine.highlights(session, [row.key for row in rows])
    results = Results(total=total or 0, capped=found > CANDIDATES, candidates=CANDIDATES,
                      hits=[_hit(row, marked.get(row.key)) for row in rows])
    if more:
        last = rows[-1]
        results.next_cursor = encode_after(last.rank, last.updated_at, last.key)
    return results


def _filtered(matches, table, filters: Filters, zone: ZoneInfo):  # noqa: ANN001, ANN202 - Selects
    """Narrow the engine's matches by the filters (all on the index's own ``table``
    columns)."""
    if filters.topic is not None:
        matches = matches.where(table.topic_id == filters.topic.id)
    if filters.thread is not None:
        matches = matches.where(table.thread_id == filters.thread.id)
    if filters.kind is not None:
        matches = matches.where(table.kind == filters.kind.value)
    if filters.stance is not None:
        matches = matches.where(table.stance == filters.stance.value)
    if filters.date_from is not None:
        matches = matches.where(table.created_at >= _day_start(filters.date_from, zone))
    if filters.date_to is not None:
        matches = matches.where(
            table.created_at < _day_start(filters.date_to + timedelta(days=1), zone))
    return matches


def _visible(hits, actor: User | None, now: datetime):  # noqa: ANN001, ANN202 - Selects
    """Select the matches ``actor`` may read, checked against the tables themselves: a
    visible thread, and a visible post, a published summary or a published response."""
    post, summary, response = aliased(Post), aliased(Summary), aliased(CouncilResponse)
    readable = or_(
        hits.c.kind.in_(_THREAD_KINDS),
        and_(hits.c.kind == DocumentKind.POST.value, post.deleted_at.is_(None),
             post.hidden_at.is_(None), post.id.is_not(None)),
        and_(hits.c.kind == DocumentKind.SUMMARY.value, summary.published_at.is_not(None)),
        and_(hits.c.kind == DocumentKind.RESPONSE.value, response.published_at.is_not(None)))
    return (select(hits.c.key, hits.c.kind, hits.c.ref_id, hits.c.stance, hits.c.created_at,
                   hits.c.updated_at, hits.c.rank, hits.c.language,
                   func.coalesce(summary.id, response.summary_id).label("summary_id"))
            .join(Thread, Thread.id == hits.c.thread_id)
            .outerjoin(post, and_(hits.c.kind == DocumentKind.POST.value,
                                  post.id == hits.c.ref_id))
            .outerjoin(summary, and_(hits.c.kind == DocumentKind.SUMMARY.value,
                                     summary.id == hits.c.ref_id))
            .outerjoin(response, and_(hits.c.kind == DocumentKind.RESPONSE.value,
                                      response.id == hits.c.ref_id))
            .where(visible_threads(actor, now), readable))


def _hit(row, marked: tuple[str, str] | None) -> Hit:  # noqa: ANN001 - a result row
    title, snippet = marked or ("", "")
    kind = DocumentKind(row.kind)
    return Hit(kind=kind, ref_id=row.ref_id, thread=row.Thread, summary_id=row.summary_id,
               stance=Stance(row.stance) if row.stance else None, created_at=row.created_at,
               updated_at=row.updated_at,
               title_html=marked_html(title) if kind.value in _THREAD_KINDS else Markup(""),
               snippet_html=marked_html(snippet), language=row.language)
