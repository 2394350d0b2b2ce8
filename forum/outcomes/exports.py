"""Exports as CSV or JSON: every visible contribution of a consultation or a proposal
(hidden and deleted left out), and every public proposal with its count and the council's
decision. Each text comes with the code of the language it is written in (``language``: a
contribution's, a proposal's title's)."""
from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, contains_eager, joinedload

from forum.council.models import CouncilResponse
from forum.posts.models import Post
from forum.proposals.lists import HIDDEN
from forum.proposals.models import Proposal
from forum.threads.models import Thread
from forum.urls import external_url

#: the columns of a contributions export, in order (new ones go at the end, so a program
#: reading columns by position keeps working)
COLUMNS = ["id", "parent_id", "stance", "author", "created_at", "text", "language"]
#: the columns of the proposals export, in order
PROPOSAL_COLUMNS = ["id", "title", "topic", "state", "supports_online", "supports_offline",
                    "supports_total", "threshold", "created_at", "published_at", "deadline",
                    "qualified_at", "decision", "answered_at", "url", "language"]
#: a cell starting with one of these is a formula to a spreadsheet
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def contributions(session: Session, thread: Thread) -> list[dict[str, Any]]:
    """The thread's visible arguments and replies, oldest first, as plain records."""
    stmt = (select(Post).options(joinedload(Post.author))
            .where(Post.thread_id == thread.id, Post.deleted_at.is_(None),
                   Post.hidden_at.is_(None))
            .order_by(Post.id))
    return [{"id": p.id, "parent_id": p.parent_id,
             "stance": p.stance.value if p.stance else None,
             "author": p.author.display_name, "created_at": p.created_at.isoformat(),
             "language": p.language, "text": p.body} for p in session.scalars(stmt)]


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (prefixed with a quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    """Write ``rows`` as CSV with a header line of ``columns`` (default: the contributions'),
    every cell made formula-safe."""
    columns = columns or COLUMNS
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(row[c]) for c in columns])
    return out.getvalue()


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def proposals(session: Session, now: datetime) -> list[dict[str, Any]]:
    """Every public proposal (no draft, none refused), oldest first, as plain records: its
    stage at ``now``, its supports, dates, and the council's published decision."""
    stmt = (select(Proposal, CouncilResponse)
            .outerjoin(CouncilResponse, and_(CouncilResponse.thread_id == Proposal.id,
                                             CouncilResponse.published_at.is_not(None)))
            .join(Proposal.topic).options(contains_eager(Proposal.topic))
            .where(Proposal.proposal_state.not_in(HIDDEN)).order_by(Proposal.id))
    return [{"id": p.id, "title": p.title, "language": p.language, "topic": p.topic.slug, "state": p.stage(now).value,
             "supports_online": p.support_count, "supports_offline": p.offline_support_count,
             "supports_total": p.total_supports, "threshold": p.threshold,
             "created_at": _iso(p.created_at), "published_at": _iso(p.published_at),
             "deadline": _iso(p.collect_until), "qualified_at": _iso(p.qualified_at),
             "decision": response.decision.value if response is not None else None,
             "answered_at": _iso(response.published_at) if response is not None else None,
             "url": external_url("posts.thread", thread_id=p.id)}
            for p, response in session.execute(stmt)]
