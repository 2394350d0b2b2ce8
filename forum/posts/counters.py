"""The thread's argument counters, kept in the transaction of the write that changes them.

``Thread.argument_count`` numbers every argument posted (``Post.argument_number``), so a page
of arguments is a range of positions; the ``stance_*`` columns count visible arguments by
stance, so the tally and a stance's page count need no ``COUNT`` over the thread.
"""
from __future__ import annotations

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from forum.posts.models import Post, Stance
from forum.threads.models import Thread

STANCE_COLUMNS = {Stance.FOR: Thread.stance_for, Stance.AGAINST: Thread.stance_against,
                  Stance.NEUTRAL: Thread.stance_neutral, Stance.QUESTION: Thread.stance_question}


def stance_counts(thread: Thread) -> dict[str, int]:
    """The thread's visible arguments by stance, from its counters (no query)."""
    return {stance.value: getattr(thread, column.key) or 0
            for stance, column in STANCE_COLUMNS.items()}


def count_visibility(session: Session, post: Post, delta: int) -> None:
    """An argument became visible (``+1``) or stopped being visible (``-1``): adjust its tally."""
    if post.parent_id is not None or post.stance is None:
        return
    column = STANCE_COLUMNS[Stance(post.stance)]
    session.execute(update(Thread).where(Thread.id == post.thread_id)
                    .values({column: column + delta})
                    .execution_options(synchronize_session=False))
    loaded = session.identity_map.get(session.identity_key(Thread, post.thread_id))
    if loaded is not None:
        session.expire(loaded, [column.key])


def recount_arguments(session: Session) -> None:
    """Number every thread's arguments and recount its tallies (after rows were bulk-inserted)."""
    numbered = (select(Post.id, func.row_number().over(partition_by=Post.thread_id,
                                                       order_by=Post.id).label("n"))
                .where(Post.parent_id.is_(None)).subquery())
    session.execute(update(Post).where(Post.id == numbered.c.id)
                    .values(argument_number=numbered.c.n)
                    .execution_options(synchronize_session=False))
    arguments = and_(Post.thread_id == Thread.id, Post.parent_id.is_(None))
    visible = and_(arguments, Post.deleted_at.is_(None), Post.hidden_at.is_(None))
    values = {Thread.argument_count: select(func.count()).where(arguments).scalar_subquery()}
    for stance, column in STANCE_COLUMNS.items():
        values[column] = select(func.count()).where(visible, Post.stance == stance) \
            .scalar_subquery()
    session.execute(update(Thread).values(values).execution_options(synchronize_session=False))
