""""You said → We decided → We did": each point of a summary with its citations, the
council's answer and the progress reported on it, loaded for many summaries at once."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from forum.council.due import due_state, kept_on
from forum.council.models import CouncilResponse, ResponsePoint, ResponseUpdate
from forum.posts.models import Post
from forum.summaries.models import Summary, SummaryPoint


@dataclass
class LoopPoint:
    """One point: what residents said, what the council decided, what it did since."""

    point: SummaryPoint
    #: the cited contributions that are still visible, in the order cited
    said: list[Post]
    answer: ResponsePoint | None
    updates: list[ResponseUpdate]
    #: ``on_time``, ``late``, ``overdue``, ``pending`` or ``None`` (no date promised)
    due: str | None


@dataclass
class Loop:
    """A summary's points and the response they got (``None`` until there is one to show)."""

    summary: Summary
    response: CouncilResponse | None
    points: list[LoopPoint] = field(default_factory=list)
    #: progress updates on the response as a whole
    general_updates: list[ResponseUpdate] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        """How many points' promised updates are overdue."""
        return sum(1 for p in self.points if p.due == "overdue")


def _posts(session: Session, points: list[SummaryPoint]) -> dict[int, Post]:
    ids = {i for p in points for i in p.cited_post_ids or []}
    if not ids:
        return {}
    stmt = select(Post).options(joinedload(Post.author)).where(Post.id.in_(ids))
    return {p.id: p for p in session.scalars(stmt) if not p.is_hidden and not p.is_deleted}


def build_loop(summary: Summary, points: list[SummaryPoint], posts: dict[int, Post],
               response: CouncilResponse | None, now: datetime) -> Loop:
    """Put one summary's points, posts, answers and updates together (no queries)."""
    loop = Loop(summary=summary, response=response)
    answers = {a.point_id: a for a in response.points} if response else {}
    updates = response.updates if response else []
    completed = response.completed_at if response else None
    for point in points:
        answer = answers.get(point.id)
        loop.points.append(LoopPoint(
            point=point, said=[posts[i] for i in point.cited_post_ids or [] if i in posts],
            answer=answer, updates=[u for u in updates if u.point_id == point.id],
            due=due_state(answer, kept_on(answer, updates, completed), now) if answer else None))
    known = {p.id for p in points}
    loop.general_updates = [u for u in updates if u.point_id not in known]
    return loop


def load_loops(session: Session, summaries: list[Summary], *, now: datetime,
               drafts: bool = False) -> dict[int, Loop]:
    """The loop of each summary, by summary id, in four queries whatever their number.

    Only published responses are shown unless ``drafts`` (the councillors' preview).
    """
    ids = [s.id for s in summaries]
    if not ids:
        return {}
    points = list(session.scalars(select(SummaryPoint).where(SummaryPoint.summary_id.in_(ids))
                                  .order_by(SummaryPoint.summary_id, SummaryPoint.position)))
    posts = _posts(session, points)
    responses = {r.summary_id: r for r in session.scalars(
        select(CouncilResponse).where(CouncilResponse.summary_id.in_(ids)).options(
            joinedload(CouncilResponse.points),
            joinedload(CouncilResponse.updates).joinedload(ResponseUpdate.author))).unique()
        if drafts or r.is_published}
    return {s.id: build_loop(s, [p for p in points if p.summary_id == s.id], posts,
                             responses.get(s.id), now) for s in summaries}


def load_loop(session: Session, summary: Summary, *, now: datetime,
              drafts: bool = False) -> Loop:
    """The loop of one summary, using the response already loaded with it (the thread
    page's panel joins it): two queries, its points and their cited posts."""
    response = summary.response
    if response is not None and not (drafts or response.is_published):
        response = None
    points = list(summary.points)
    return build_loop(summary, points, _posts(session, points), response, now)
