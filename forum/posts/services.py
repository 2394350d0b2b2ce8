"""Post operations: argue, reply, edit, delete, endorse."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.errors import Conflict, Invalid, NotAllowed, NotFound
from forum.markup import render_markdown
from forum.posts.models import MAX_DEPTH, PATH_WIDTH, Endorsement, Post, Stance
from forum.posts.rules import can_delete_post, can_edit_post, can_endorse, can_read_post
from forum.threads.models import Revision, Thread
from forum.threads.rules import can_view_thread, why_cannot_contribute
from forum.threads.services import (NEW_ACCOUNT_MAX_LINKS, add_revision,  # noqa: F401
                                    check_new_account_links, clean_body)


def _ensure_can_contribute(actor: User | None, thread: Thread, now: datetime) -> None:
    reason = why_cannot_contribute(actor, thread, now)
    if reason is not None:
        code, message = reason
        raise NotAllowed(message, code=code)


def parse_stance(value: str | None) -> Stance | None:
    """Turn user input into a :class:`Stance` (empty means none) or raise :class:`Invalid`."""
    if value in (None, ""):
        return None
    try:
        return Stance(value)
    except ValueError:
        raise Invalid("Choose for, against, neutral or question.", field="stance") from None


def create_post(session: Session, actor: User, thread: Thread, *, body: str,
                parent: Post | None = None, stance: Stance | str | None = None,
                now: datetime) -> Post:
    """Add an argument (no parent; stance defaults to neutral) or a reply (no stance)."""
    _ensure_can_contribute(actor, thread, now)
    stance = parse_stance(stance) if not isinstance(stance, Stance) else stance
    if parent is not None:
        if parent.thread_id != thread.id:
            raise Invalid("You can only reply to a post in this thread.", field="parent_id")
        if parent.is_deleted or parent.is_hidden:
            raise Invalid("This post was removed, so it takes no replies.", field="parent_id")
        if stance is not None:
            raise Invalid("Only arguments (replies to the thread itself) take a stance.",
                          field="stance")
        if parent.depth + 1 > MAX_DEPTH:
            raise Invalid("This conversation is nested too deeply; reply further up.",
                          field="parent_id")
    body = clean_body(body)
    check_new_account_links(actor, body, now)
    post = Post(thread_id=thread.id, author=actor, parent_id=parent.id if parent else None,
                depth=parent.depth + 1 if parent else 0, body=body,
                stance=None if parent else (stance or Stance.NEUTRAL), created_at=now)
    post.body_html = render_markdown(post.body)
    session.add(post)
    session.flush()
    segment = str(post.id).zfill(PATH_WIDTH)
    post.path = f"{parent.path}/{segment}" if parent else segment
    post.root_id = parent.root_id if parent else post.id
    add_revision(session, actor, post.body, post.body_html, now=now, post=post)
    session.execute(update(Thread).where(Thread.id == thread.id)
                    .values(post_count=Thread.post_count + 1, last_activity_at=now))
    session.flush()
    session.refresh(thread, ["post_count", "last_activity_at"])
    return post


def edit_post(session: Session, actor: User, post: Post, *, body: str, now: datetime) -> Post:
    """Change a post's body; the previous versions stay in its history."""
    if not can_edit_post(actor, post, now):
        raise NotAllowed("You can only edit your own posts while the thread is open.")
    body = clean_body(body)
    if body != post.body:
        check_new_account_links(actor, body, now)
        post.body = body
        post.body_html = render_markdown(body)
        post.edited_at = now
        add_revision(session, actor, post.body, post.body_html, now=now, post=post)
    session.flush()
    return post


def delete_post(session: Session, actor: User, post: Post, *, now: datetime) -> Post:
    """Delete a post by its author: the text goes, a placeholder keeps the tree intact."""
    if not can_delete_post(actor, post, now):
        raise NotAllowed("You can only delete your own posts.")
    post.deleted_at = now
    session.flush()
    return post


def get_post(session: Session, post_id: int, actor: User | None, *, now: datetime) -> Post:
    """Return a post in a thread ``actor`` may see, or raise :class:`NotFound`."""
    post = session.get(Post, post_id)
    if post is None or not can_view_thread(actor, post.thread, now):
        raise NotFound("There is no post at this address.")
    return post


def endorse(session: Session, actor: User, post: Post, *, now: datetime) -> Post:
    """Endorse someone else's post once; a second endorsement is a conflict."""
    if actor is not None and actor.id == post.author_id:
        raise NotAllowed("You cannot endorse your own post.", code="own_post")
    if not can_endorse(actor, post, now):
        _ensure_can_contribute(actor, post.thread, now)
        raise NotAllowed("This post cannot be endorsed.")
    exists = session.get(Endorsement, (actor.id, post.id))
    if exists is not None:
        raise Conflict("You already endorse this post.", code="already_endorsed")
    session.add(Endorsement(user_id=actor.id, post_id=post.id, created_at=now))
    _bump_endorsements(session, post, +1)
    return post


def withdraw_endorsement(session: Session, actor: User, post: Post, *, now: datetime) -> Post:
    """Withdraw an endorsement (allowed while the thread takes contributions)."""
    _ensure_can_contribute(actor, post.thread, now)
    gone = session.execute(delete(Endorsement).where(Endorsement.user_id == actor.id,
                                                     Endorsement.post_id == post.id))
    if gone.rowcount == 0:
        raise NotFound("You do not endorse this post.")
    _bump_endorsements(session, post, -1)
    return post


def toggle_endorsement(session: Session, actor: User, post: Post, *, now: datetime) -> bool:
    """Endorse or withdraw, whichever applies; return whether the post is now endorsed."""
    if session.get(Endorsement, (actor.id, post.id)) is None:
        endorse(session, actor, post, now=now)
        return True
    withdraw_endorsement(session, actor, post, now=now)
    return False


def _bump_endorsements(session: Session, post: Post, delta: int) -> None:
    session.execute(update(Post).where(Post.id == post.id)
                    .values(endorsement_count=Post.endorsement_count + delta))
    session.flush()
    session.refresh(post, ["endorsement_count"])


def post_revisions(session: Session, actor: User | None, post: Post, *, now: datetime):
    """Return the saved versions of a post, newest first (hidden posts: author and moderators)."""
    if not can_read_post(actor, post, now):
        raise NotFound("This post's history is not available.")
    stmt = (select(Revision).where(Revision.post_id == post.id)
            .order_by(Revision.created_at.desc(), Revision.id.desc()))
    return session.scalars(stmt).all()


def endorsed_ids(session: Session, actor: User | None, post_ids: list[int]) -> set[int]:
    """Return which of ``post_ids`` ``actor`` endorses (one query)."""
    if actor is None or not post_ids:
        return set()
    stmt = select(Endorsement.post_id).where(Endorsement.user_id == actor.id,
                                             Endorsement.post_id.in_(post_ids))
    return set(session.scalars(stmt))


def stance_tally(session: Session, thread: Thread) -> dict[str, int]:
    """Count the thread's visible arguments by stance, every stance present."""
    stmt = (select(Post.stance, func.count()).where(
        Post.thread_id == thread.id, Post.parent_id.is_(None), Post.deleted_at.is_(None),
        Post.hidden_at.is_(None)).group_by(Post.stance))
    tally = {s.value: 0 for s in Stance}
    for stance, count in session.execute(stmt):
        tally[Stance(stance).value] = count
    return tally
