"""Coverage and balance of a summary, computed from its citations in one SQL statement.

Definitions (see docs/summaries-and-council.md):

* contributions are the thread's visible posts, arguments and replies (the opening text is
  not one); a contribution is cited when the summary cites it;
* participants are the distinct authors of contributions; a participant is cited when at
  least one of their contributions is;
* the top arguments are the (at most) 10 visible arguments with the most endorsements
  (at least one), ties broken by the older post;
* by stance, a cited reply counts towards the stance of its argument; each cited post
  counts once however often it is cited;
* newer contributions are visible posts written after the newest post the summary covers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, Row, Select, and_, case, distinct, func, select, true
from sqlalchemy.orm import Session, aliased, join

from forum.posts.models import Post, Stance
from forum.summaries.models import Summary, SummaryCitation

TOP_ARGUMENTS = 10
STANCES = [s.value for s in Stance]


def _visible(post: type[Post]) -> ColumnElement[bool]:
    return and_(post.deleted_at.is_(None), post.hidden_at.is_(None))


def _summary_id(thread_id: int):
    return select(Summary.id).where(Summary.thread_id == thread_id).scalar_subquery()


def _counts(thread_id: int) -> Select:
    """One row: contribution, participant, stance and staleness counts for the thread."""
    post, root, cite = aliased(Post), aliased(Post), aliased(SummaryCitation)
    cited = cite.post_id.is_not(None)
    covers = (select(Summary.covers_up_to_id).where(Summary.thread_id == thread_id)
              .scalar_subquery())
    newer = case((covers.is_(None), 1), (post.id > covers, 1), else_=0)
    columns = [
        func.count(post.id).label("contributions"),
        func.count(cite.post_id).label("cited_contributions"),
        func.count(distinct(post.author_id)).label("participants"),
        func.count(distinct(case((cited, post.author_id)))).label("cited_participants"),
        func.coalesce(func.sum(newer), 0).label("newer"),
    ]
    for stance in Stance:
        columns.append(func.coalesce(func.sum(case((and_(cited, root.stance == stance), 1),
                                                   else_=0)), 0).label(f"cited_{stance.value}"))
        columns.append(func.coalesce(func.sum(case(
            (and_(post.parent_id.is_(None), post.stance == stance), 1), else_=0)), 0)
            .label(f"arguments_{stance.value}"))
    return (select(*columns).select_from(post)
            .join(root, root.id == post.root_id)
            .outerjoin(cite, and_(cite.post_id == post.id,
                                  cite.summary_id == _summary_id(thread_id)))
            .where(post.thread_id == thread_id, _visible(post)))


def top_arguments(thread_id: int) -> Select:
    """Select the ids of the thread's most-endorsed visible arguments, best first."""
    return (select(Post.id).where(Post.thread_id == thread_id, Post.parent_id.is_(None),
                                  Post.endorsement_count > 0, _visible(Post))
            .order_by(Post.endorsement_count.desc(), Post.id.asc()).limit(TOP_ARGUMENTS))


def _top(thread_id: int) -> Select:
    """One row: how many top arguments there are and how many of them are cited."""
    top = top_arguments(thread_id).subquery("top")
    cite = aliased(SummaryCitation)
    return (select(func.count(top.c.id).label("top_considered"),
                   func.count(cite.post_id).label("top_cited"))
            .select_from(top)
            .outerjoin(cite, and_(cite.post_id == top.c.id,
                                  cite.summary_id == _summary_id(thread_id))))


def coverage_columns(thread_id: int) -> tuple[list, list]:
    """Return ``(joins, columns)`` to add the coverage figures to a query of the summary.

    Each join is an uncorrelated one-row subquery, so the figures cost no extra round trip.
    """
    counts = _counts(thread_id).subquery("coverage_counts")
    top = _top(thread_id).subquery("coverage_top")
    return [counts, top], [*counts.c, *top.c]


def with_coverage(stmt: Select, thread_id: int) -> Select:
    """Add the coverage columns of ``thread_id`` to a ``select(Summary, …)``."""
    (counts, top), columns = coverage_columns(thread_id)
    return stmt.select_from(join(Summary, counts, true()).join(top, true())).add_columns(*columns)


@dataclass
class Share:
    """One stance's share of the citations and of the arguments (0–1)."""

    stance: str
    cited: int
    arguments: int
    cited_share: float
    argument_share: float

    @property
    def cited_percent(self) -> int:
        """Share of citations as a whole percentage."""
        return round(100 * self.cited_share)

    @property
    def argument_percent(self) -> int:
        """Share of arguments as a whole percentage."""
        return round(100 * self.argument_share)


@dataclass
class Coverage:
    """How much of the debate a summary cites, and how balanced its citations are."""

    contributions: int
    cited_contributions: int
    participants: int
    cited_participants: int
    top_considered: int
    top_cited: int
    newer: int
    stances: list[Share]

    @property
    def arguments(self) -> int:
        """Visible arguments in the thread."""
        return sum(share.arguments for share in self.stances)

    @property
    def replies(self) -> int:
        """Visible replies in the thread."""
        return self.contributions - self.arguments

    @property
    def argument_tally(self) -> dict[str, int]:
        """Visible arguments by stance (the shape the stance chart macro takes)."""
        return {share.stance: share.arguments for share in self.stances}

    #: the top arguments not cited (moderators only; ``None`` when not loaded)
    uncited_top_ids: list[int] | None = field(default=None)

    @classmethod
    def from_row(cls, row: Row) -> Coverage:
        """Build from a row holding the columns of :func:`coverage_columns`."""
        m = row._mapping
        cited_total = sum(m[f"cited_{s}"] for s in STANCES)
        argument_total = sum(m[f"arguments_{s}"] for s in STANCES)
        stances = [Share(s, m[f"cited_{s}"], m[f"arguments_{s}"],
                         m[f"cited_{s}"] / cited_total if cited_total else 0.0,
                         m[f"arguments_{s}"] / argument_total if argument_total else 0.0)
                   for s in STANCES]
        return cls(contributions=m["contributions"], cited_contributions=m["cited_contributions"],
                   participants=m["participants"], cited_participants=m["cited_participants"],
                   top_considered=m["top_considered"], top_cited=m["top_cited"],
                   newer=m["newer"], stances=stances)


def compute_coverage(session: Session, summary: Summary, *, uncited: bool = False) -> Coverage:
    """Compute the coverage of ``summary``; ``uncited`` also lists the uncited top arguments."""
    stmt = with_coverage(select(Summary.id).where(Summary.id == summary.id), summary.thread_id)
    coverage = Coverage.from_row(session.execute(stmt).one())
    if uncited:
        top = top_arguments(summary.thread_id).add_columns(Post.endorsement_count).subquery()
        cited = select(SummaryCitation.post_id).where(SummaryCitation.summary_id == summary.id)
        stmt = (select(top.c.id).where(top.c.id.not_in(cited))
                .order_by(top.c.endorsement_count.desc(), top.c.id.asc()))
        coverage.uncited_top_ids = list(session.scalars(stmt))
    return coverage


def thread_figures(session: Session, thread_id: int) -> Coverage:
    """Participation figures of a thread (contributions, participants, arguments by stance).

    Uses the same counting as the coverage panel, so report and panel always agree.
    """
    joins, columns = coverage_columns(thread_id)
    stmt = select(*columns).select_from(joins[0]).join(joins[1], true())
    return Coverage.from_row(session.execute(stmt).one())
