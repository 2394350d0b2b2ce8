"""Every visible contribution of a consultation as CSV or JSON (hidden and deleted left out)."""
from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from forum.posts.models import Post
from forum.threads.models import Thread

COLUMNS = ["id", "parent_id", "stance", "author", "created_at", "text"]
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
             "text": p.body} for p in session.scalars(stmt)]


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (prefixed with a quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(rows: list[dict[str, Any]]) -> str:
    """Write ``rows`` as CSV with a header line, every cell made formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(row[c]) for c in COLUMNS])
    return out.getvalue()
