"""The summary shown on the thread page, loaded in a single query."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from forum.council.models import CouncilResponse, ResponseUpdate
from forum.summaries.coverage import Coverage, with_coverage
from forum.summaries.models import Summary


@dataclass
class Panel:
    """A thread's summary (any state: the template decides who sees a draft) and its coverage."""

    summary: Summary
    coverage: Coverage


def load_panel(session: Session, thread_id: int) -> Panel | None:
    """Load the thread's summary, its response, updates, people and coverage in one query."""
    response = joinedload(Summary.response)
    stmt = with_coverage(
        select(Summary).where(Summary.thread_id == thread_id).options(
            joinedload(Summary.published_by), joinedload(Summary.submitted_by),
            response.joinedload(CouncilResponse.author),
            response.joinedload(CouncilResponse.points),
            response.joinedload(CouncilResponse.updates).joinedload(ResponseUpdate.author)),
        thread_id)
    row = session.execute(stmt).unique().first()
    if row is None:
        return None
    return Panel(summary=row[0], coverage=Coverage.from_row(row))
