"""The public list of proposals: filters by topic, state and area; four orders; keyset pages.

Each order is a key of the proposal row (and its id), so a page is "the next rows after
this key" however deep the reader goes: an opaque cursor (:func:`cursor_after`) carries it.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from forum.council.models import CouncilResponse
from forum.errors import Invalid
from forum.i18n import _, _l
from forum.inputs import whole_number
from forum.jsonapi import decode_cursor, decode_time_cursor, encode_cursor
from forum.proposals.models import Proposal, ProposalState
from forum.topics.models import Topic

#: the orders of the list, with their labels
SORTS = {"supported": _l("Most supported"), "closing": _l("Closing soon"),
         "newest": _l("Newest"), "answered": _l("Recently answered")}
#: the states a reader may filter by, with their labels
STATES = {"collecting": _l("Collecting support"), "qualified": _l("Waiting for the council"),
          "answered": _l("Answered"), "in_progress": _l("In progress"), "done": _l("Done"),
          "closed": _l("Closed without enough support"), "merged": _l("Merged")}
#: stored states no public list shows (drafts are private; refused ones are withdrawn)
HIDDEN = (ProposalState.DRAFT, ProposalState.REFUSED)
ANSWERED_STATES = (ProposalState.ANSWERED, ProposalState.IN_PROGRESS, ProposalState.DONE)


def _state_clause(state: str, now: datetime) -> ColumnElement[bool]:
    """Proposals at stage ``state`` at ``now`` (the clock closes a collecting one)."""
    if state == "collecting":
        return Proposal.is_collecting(now)
    if state == "closed":
        return or_(Proposal.proposal_state == ProposalState.CLOSED,
                   and_(Proposal.proposal_state == ProposalState.COLLECTING,
                        Proposal.collect_until <= now))
    return Proposal.proposal_state == ProposalState(state)


def _total() -> ColumnElement[int]:
    return Proposal.support_count + Proposal.offline_support_count


def _answered_at() -> ColumnElement[datetime]:
    return CouncilResponse.published_at


#: each order: its key (descending unless it is "closing"), and the type the cursor holds
_KEYS: dict[str, tuple[Callable[[], ColumnElement[Any]], type]] = {
    "supported": (_total, int),  # a count: the cursor holds it as text (0 is no id)
    "closing": (lambda: Proposal.collect_until, str),
    "newest": (lambda: Proposal.published_at, str),
    "answered": (_answered_at, str),
}


def check_sort(sort: str | None) -> str:
    """Return ``sort`` if it is one of :data:`SORTS` (default: most supported), else raise."""
    if not sort:
        return "supported"
    if sort not in SORTS:
        raise Invalid(_("Choose how to sort: %(sorts)s.", sorts=", ".join(SORTS)), field="sort")
    return sort


def check_state(state: str | None) -> str | None:
    """Return ``state`` if it is one of :data:`STATES` (or empty: every state), else raise."""
    if state and state not in STATES:
        raise Invalid(_("Choose a state from the list."), field="state")
    return state or None


def _decode(after: str, sort: str) -> tuple[Any, int]:
    """The ``(key, id)`` a cursor of order ``sort`` points after, or raise Invalid."""
    if _KEYS[sort][1] is not int:
        return decode_time_cursor(after)
    value, last_id = decode_cursor(after, str, int)
    count = whole_number(value)
    if count is None:
        raise Invalid(_("The cursor is not valid; start again without one."), field="cursor")
    return count, last_id


def proposals_list(*, topic_id: int | None = None, state: str | None = None,
                   area: str | None = None, sort: str | None = None, after: str | None = None,
                   now: datetime) -> Select:
    """Select the public proposals matching the filters in order ``sort``, after the cursor
    ``after`` (from :func:`cursor_after`). "Closing soon" lists only those still collecting;
    "recently answered" only those the council answered."""
    sort, state = check_sort(sort), check_state(state)
    key_of, _kind = _KEYS[sort]
    key = key_of()
    stmt = select(Proposal).where(Proposal.proposal_state.not_in(HIDDEN))
    if sort == "answered":
        stmt = stmt.join(CouncilResponse, CouncilResponse.thread_id == Proposal.id).where(
            CouncilResponse.published_at.is_not(None),
            Proposal.proposal_state.in_(ANSWERED_STATES))
    if sort == "closing":
        stmt = stmt.where(Proposal.is_collecting(now))
    if topic_id is not None:
        stmt = stmt.where(Proposal.topic_id == topic_id)
    if state is not None:
        stmt = stmt.where(_state_clause(state, now))
    if area:
        stmt = stmt.where(func.lower(Proposal.area) == " ".join(area.split()).lower())
    if after:
        value, last_id = _decode(after, sort)
        if sort == "closing":
            stmt = stmt.where(or_(key > value, and_(key == value, Proposal.id > last_id)))
        else:
            stmt = stmt.where(or_(key < value, and_(key == value, Proposal.id < last_id)))
    if sort == "closing":
        return stmt.order_by(key, Proposal.id)
    return stmt.order_by(key.desc(), Proposal.id.desc())


def cursor_after(proposal: Proposal, sort: str | None, *,
                 answered_at: datetime | None = None) -> str:
    """The cursor of the page after ``proposal`` in order ``sort`` (for "recently answered",
    ``answered_at`` is its response's publication time)."""
    sort = check_sort(sort)
    values: dict[str, Any] = {"supported": proposal.total_supports,
                              "closing": proposal.collect_until,
                              "newest": proposal.published_at, "answered": answered_at}
    value = values[sort]
    return encode_cursor(value.isoformat() if isinstance(value, datetime) else str(value),
                         proposal.id)


def answered_times(session: Any, proposals: list[Proposal]) -> dict[int, datetime]:
    """When the council's answer to each of ``proposals`` was published (one query)."""
    if not proposals:
        return {}
    rows = session.execute(select(CouncilResponse.thread_id, CouncilResponse.published_at)
                           .where(CouncilResponse.thread_id.in_([p.id for p in proposals]),
                                  CouncilResponse.published_at.is_not(None)))
    return {thread_id: at for thread_id, at in rows}


def close_to_threshold(*, now: datetime, limit: int = 5) -> Select:
    """Select the collecting proposals nearest their threshold (for the home page): those
    with the largest share of their supports, then closing soonest."""
    share = _total() * 1.0 / func.coalesce(func.nullif(Proposal.threshold, 0), 1)
    return (select(Proposal).where(Proposal.is_collecting(now))
            .order_by(share.desc(), Proposal.collect_until, Proposal.id).limit(limit))


def open_topics(*, include_archived: bool = False) -> Select:
    """Select the topics (by title) a proposal may be started in, or, with
    ``include_archived``, every topic (to filter the list by)."""
    stmt = select(Topic).order_by(Topic.title, Topic.id)
    return stmt if include_archived else stmt.where(Topic.archived_at.is_(None))
