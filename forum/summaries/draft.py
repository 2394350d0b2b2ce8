""""Draft from debate": a deterministic starting draft built from the most-endorsed arguments."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.i18n import _l
from forum.markup import excerpt
from forum.posts.models import Post, Stance
from forum.threads.models import Thread

#: arguments listed per section
PER_SECTION = 5
#: each section's heading, in the moderator's language (the draft is theirs to edit)
SECTION_TITLES = {Stance.FOR: _l("For"), Stance.AGAINST: _l("Against"),
                  Stance.NEUTRAL: _l("Neutral"), Stance.QUESTION: _l("Questions")}


def _best_arguments(session: Session, thread: Thread) -> list[Post]:
    """The ``PER_SECTION`` most-endorsed visible arguments of each stance (ties: older first)."""
    rank = func.row_number().over(partition_by=Post.stance,
                                  order_by=(Post.endorsement_count.desc(), Post.id.asc()))
    ranked = (select(Post.id, rank.label("rank"))
              .where(Post.thread_id == thread.id, Post.parent_id.is_(None),
                     Post.deleted_at.is_(None), Post.hidden_at.is_(None)).subquery())
    stmt = (select(Post).join(ranked, ranked.c.id == Post.id)
            .where(ranked.c.rank <= PER_SECTION)
            .order_by(Post.endorsement_count.desc(), Post.id.asc()))
    return list(session.scalars(stmt))


def draft_from_debate(session: Session, thread: Thread) -> str:
    """Return a Markdown draft: For / Against / Neutral / Questions, each listing arguments.

    Each section is a ``##`` heading followed by its most-endorsed arguments, one list item
    each: the argument's first sentence and its citation. Sections without arguments are
    left out; an empty string means the thread has no visible arguments.
    """
    by_stance: dict[Stance, list[Post]] = {s: [] for s in SECTION_TITLES}
    for post in _best_arguments(session, thread):
        by_stance[post.stance or Stance.NEUTRAL].append(post)
    sections = []
    for stance, title in SECTION_TITLES.items():
        if by_stance[stance]:
            items = "\n".join(f"- {excerpt(p.body)} [#{p.id}]" for p in by_stance[stance])
            sections.append(f"## {title}\n\n{items}")
    return "\n\n".join(sections)
