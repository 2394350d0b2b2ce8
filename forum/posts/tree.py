"""Arrange a thread's posts as the debate tree shown on the thread page.

Posts carry a materialised ``path`` so one ordered query returns a whole page of
arguments with their replies in tree order; the tree is then built in one pass.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from forum.i18n import _
from forum.posts.counters import stance_counts
from forum.posts.models import MAX_DISPLAY_DEPTH, Post, Stance
from forum.threads.models import Thread

SORTS = {
    "oldest": (Post.id.asc(),),
    "newest": (Post.id.desc(),),
    "endorsed": (Post.endorsement_count.desc(), Post.id.asc()),
}


@dataclass
class Node:
    """A post with the replies displayed under it."""

    post: Post
    children: list[Node] = field(default_factory=list)
    #: display name of the author replied to, when nesting was flattened
    replying_to: str | None = None

    @property
    def display_depth(self) -> int:
        """Nesting level as shown (capped at :data:`MAX_DISPLAY_DEPTH`)."""
        return min(self.post.depth, MAX_DISPLAY_DEPTH)


def argument_page(session: Session, thread: Thread, *, sort: str = "oldest",
                  stance: Stance | None = None, page: int = 1,
                  per_page: int) -> tuple[list[int], int]:
    """Return the ids of one page of arguments and the number of matching arguments.

    The number comes from the thread's counters. Oldest or newest first, a page is a range of
    argument positions (an index range, whatever the thread's size); by endorsements or for
    one stance, an index walked in order up to the page (never a sort of the thread).
    """
    page = max(page, 1)
    total = thread.argument_count if stance is None else stance_counts(thread)[stance.value]
    stmt = select(Post.id).where(Post.thread_id == thread.id)
    newest = sort == "newest"
    if sort == "endorsed":
        stmt = stmt.where(Post.parent_id.is_(None)).order_by(*SORTS["endorsed"])
    elif stance is None:
        first = total - page * per_page + 1 if newest else (page - 1) * per_page + 1
        stmt = stmt.where(Post.argument_number.between(first, first + per_page - 1))
        stmt = stmt.order_by(Post.argument_number.desc() if newest else Post.argument_number)
        return list(session.scalars(stmt)), total
    else:
        stmt = stmt.where(Post.argument_number > 0).order_by(
            Post.argument_number.desc() if newest else Post.argument_number)
    if stance is not None:
        stmt = stmt.where(Post.stance == stance, Post.deleted_at.is_(None),
                          Post.hidden_at.is_(None))
    return list(session.scalars(stmt.limit(per_page).offset((page - 1) * per_page))), total


def page_of(argument_number: int | None, per_page: int) -> int:
    """The page (oldest first, the default order) showing the argument at this position."""
    return max(1, -(-(argument_number or 1) // per_page))


def load_posts(session: Session, thread: Thread, root_ids: list[int]) -> list[Post]:
    """Load the arguments ``root_ids`` and all their replies, with authors, in tree order."""
    if not root_ids:
        return []
    # Sorting by an expression keeps SQLite on the (thread, root) index: walking the
    # (thread, path) index for its order would read every post of the thread.
    stmt = (select(Post).options(joinedload(Post.author))
            .where(Post.thread_id == thread.id, Post.root_id.in_(root_ids))
            .order_by(Post.path.concat("")))
    return list(session.scalars(stmt))


def all_posts(session: Session, thread: Thread) -> list[Post]:
    """Load every post of a thread with its author, in display (depth-first) order."""
    stmt = (select(Post).options(joinedload(Post.author)).where(Post.thread_id == thread.id)
            .order_by(Post.path))
    return list(session.scalars(stmt))


def build_tree(posts: list[Post], root_ids: list[int]) -> list[Node]:
    """Arrange posts (in path order) under their display parents; roots follow ``root_ids``."""
    nodes: dict[int, Node] = {}
    for post in posts:
        node = nodes[post.id] = Node(post)
        if post.parent_id is None:
            continue
        if post.depth <= MAX_DISPLAY_DEPTH:
            parent = nodes.get(post.parent_id)
        else:
            ancestor_id = int(post.path.split("/")[MAX_DISPLAY_DEPTH])
            parent = nodes.get(ancestor_id)
            replied = nodes.get(post.parent_id)
            if replied is not None:
                node.replying_to = (_("a deleted post") if replied.post.is_deleted
                                    else replied.post.author.display_name)
        if parent is not None:
            parent.children.append(node)
    return [nodes[i] for i in root_ids if i in nodes]
