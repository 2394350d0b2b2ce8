"""The summary shown on the thread page, loaded in a single query."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import Session, joinedload

from forum.council.models import CouncilResponse, ResponseUpdate
from forum.summaries.citations import cited_names_column, read_cited_names
from forum.summaries.coverage import Coverage, with_coverage
from forum.summaries.models import Summary


@dataclass
class Panel:
    """A thread's summary (any state: the template decides who sees a draft) and its coverage."""

    summary: Summary
    coverage: Coverage
    #: the cited posts' authors by post id, as they are called now
    cited_names: dict[int, str]


@cache
def _panel_statement() -> Select:
    """The panel's query, built once with the thread's id as a bound parameter."""
    thread_id = bindparam("panel_thread_id", type_=Integer)
    response = joinedload(Summary.response)
    return with_coverage(
        select(Summary, cited_names_column()).where(Summary.thread_id == thread_id).options(
            joinedload(Summary.published_by), joinedload(Summary.submitted_by),
            response.joinedload(CouncilResponse.author),
            response.joinedload(CouncilResponse.points),
            response.joinedload(CouncilResponse.updates).joinedload(ResponseUpdate.author)),
        thread_id)  # type: ignore[arg-type]


def load_panel(session: Session, thread_id: int) -> Panel | None:
    """Load the thread's summary, its response, updates, people, cited names and coverage in
    one query."""
    row = session.execute(_panel_statement(), {"panel_thread_id": thread_id}).unique().first()
    if row is None:
        return None
    return Panel(summary=row[0], coverage=Coverage.from_row(row),
                 cited_names=read_cited_names(row._mapping["cited_names"]))
