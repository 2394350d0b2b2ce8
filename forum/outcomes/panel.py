"""The summary shown on the thread page, loaded in a single query."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Integer, Select, bindparam, select
from sqlalchemy.orm import Session, joinedload

from forum.council.models import CouncilResponse, ResponseUpdate
from forum.pagecache.store import Kept
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


#: how many threads' coverage figures a process keeps, by thread and the thread's ``content_version`` (which
#: moves with every post, endorsement, hide and citation: forum/pagecache/triggers.py)
KEPT_FIGURES = 4_096


@cache
def _panel_statement(figures: bool) -> Select:
    """The panel's query (with the coverage figures, or without when they are kept), built
    once with the thread's id as a bound parameter."""
    thread_id = bindparam("panel_thread_id", type_=Integer)
    response = joinedload(Summary.response)
    stmt = select(Summary, cited_names_column()).where(Summary.thread_id == thread_id).options(
        joinedload(Summary.published_by), joinedload(Summary.submitted_by),
        response.joinedload(CouncilResponse.author),
        response.joinedload(CouncilResponse.points),
        response.joinedload(CouncilResponse.updates).joinedload(ResponseUpdate.author))
    return with_coverage(stmt, thread_id) if figures else stmt  # type: ignore[arg-type]


def load_panel(session: Session, thread_id: int, *,
               kept: tuple[Kept[Coverage], int] | None = None) -> Panel | None:
    """Load the thread's summary, its response, updates, people, cited names and coverage in
    one query.

    The coverage counts every visible post of the thread; with ``kept`` (a store and the
    thread's ``content_version`` as read by this request, before anything it wrote) the
    figures are taken from, or left in, the store instead of counted again.
    """
    key = (thread_id, kept[1]) if kept else None
    figures = kept[0].get(key) if kept else None
    row = session.execute(_panel_statement(figures is None),
                          {"panel_thread_id": thread_id}).unique().first()
    if row is None:
        return None
    if figures is None:
        figures = Coverage.from_row(row)
        if kept:
            kept[0].put(key, figures)
    return Panel(summary=row[0], coverage=figures,
                 cited_names=read_cited_names(row._mapping["cited_names"]))
