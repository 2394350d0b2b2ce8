"""Post operations: argue, reply, edit, delete, endorse."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from forum.accounts.models import User
from forum.errors import Conflict, Invalid, NotAllowed, NotFound
from forum.posts.counters import STANCE_COLUMNS, count_visibility
from forum.posts.mentions import record_mentions, render_post, unlinked
from forum.posts.models import MAX_DEPTH, PATH_WIDTH, Endorsement, Post, Stance
from forum.posts.rules import (can_delete_post, can_edit_post, can_endorse,
                                can_view_post_history)
from forum.posts.revisions import add_revision, revisions_of_post
from forum.threads.models import Thread
from forum.posts.signals import post_created
from forum.threads.rules import can_view_thread, why_cannot_contribute
from forum.threads.services import check_new_account_links, clean_body

EDIT_REFUSED = "You can only edit your own posts while the thread is open."


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
    check_new_account_links(actor, unlinked(body), now)
    post = Post(thread_id=thread.id, author=actor, author_role=actor.role,
                parent_id=parent.id if parent else None,
                depth=parent.depth + 1 if parent else 0, body=body,
                stance=None if parent else (stance or Stance.NEUTRAL), created_at=now)
    rendered = render_post(session, thread, post.body)
    post.body, post.body_html = rendered.source, rendered.html
    session.add(post)
    session.flush()
    segment = str(post.id).zfill(PATH_WIDTH)
    post.path = f"{parent.path}/{segment}" if parent else segment
    post.root_id = parent.root_id if parent else post.id
    add_revision(session, actor, post.body, post.body_html, now=now, post=post)
    counts = {Thread.post_count: Thread.post_count + 1, Thread.last_activity_at: now}
    if parent is None:
        column = STANCE_COLUMNS[post.stance]
        counts.update({Thread.argument_count: Thread.argument_count + 1, column: column + 1})
    session.execute(update(Thread).where(Thread.id == thread.id).values(counts))
    session.flush()
    session.refresh(thread, ["post_count", "last_activity_at", "argument_count",
                             *(c.key for c in STANCE_COLUMNS.values())])
    if parent is None:
        post.argument_number = thread.argument_count
        session.flush()
    record_mentions(session, post, rendered.user_ids, actor=actor, now=now)
    post_created.send(session, post=post, actor=actor, now=now)
    return post


def check_can_edit_post(actor: User | None, post: Post, now: datetime) -> None:
    """Raise :class:`NotAllowed` unless ``actor`` may edit ``post`` now."""
    if not can_edit_post(actor, post, now):
        raise NotAllowed(EDIT_REFUSED)


def check_can_delete_post(actor: User | None, post: Post, now: datetime) -> None:
    """Raise :class:`NotAllowed` unless ``actor`` may delete ``post``."""
    if not can_delete_post(actor, post, now):
        raise NotAllowed("You can only delete your own posts.")


def _refused_edit(session: Session, actor: User, post: Post, version: int,
                  now: datetime) -> NotAllowed | Conflict:
    """Why an edit based on ``version`` lost: the post is gone, or someone saved a newer one."""
    session.refresh(post)
    if not can_edit_post(actor, post, now):
        return NotAllowed(EDIT_REFUSED)
    return Conflict(f"This post was changed while you were editing: you started from version "
                    f"{version}, the current one is version {post.version}. Nothing was "
                    "overwritten; combine your text with the current one and save again.",
                    code="stale_version")


def edit_post(session: Session, actor: User, post: Post, *, body: str, now: datetime,
              version: int | None = None) -> Post:
    """Change a post's body, based on ``version`` (default: the one loaded); keep the old text.

    The check and the change are one conditional UPDATE, so of several edits based on the same
    version exactly one is saved, and the revision written is the text the post now has.
    An edit based on an older version is a conflict (409) and changes nothing.
    """
    check_can_edit_post(actor, post, now)
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)
                                or version < 1):
        raise Invalid("“version” must be the number of the version you edited.",
                      field="version")
    base = post.version if version is None else version
    body = clean_body(body)
    if body == post.body:
        return post
    if base != post.version:
        raise _refused_edit(session, actor, post, base, now)
    check_new_account_links(actor, unlinked(body), now)
    rendered = render_post(session, post.thread, body)
    body, html = rendered.source, rendered.html
    if body == post.body:  # "@Name" typed again for the "@[Name](id)" it was stored as
        return post
    saved = session.execute(
        update(Post).where(Post.id == post.id, Post.version == base,
                           Post.deleted_at.is_(None), Post.hidden_at.is_(None))
        .values(body=body, body_html=html, edited_at=now, version=base + 1)
        .execution_options(synchronize_session=False))
    if saved.rowcount != 1:
        raise _refused_edit(session, actor, post, base, now)
    for name, value in (("body", body), ("body_html", html), ("edited_at", now),
                        ("version", base + 1)):
        set_committed_value(post, name, value)
    add_revision(session, actor, body, html, now=now, post=post)
    record_mentions(session, post, rendered.user_ids, actor=actor, now=now)
    session.flush()
    return post


def delete_post(session: Session, actor: User, post: Post, *, now: datetime) -> Post:
    """Delete a post by its author: the text goes, a placeholder keeps the tree intact."""
    check_can_delete_post(actor, post, now)
    if post.is_visible:
        count_visibility(session, post, -1)
    post.deleted_at = now
    session.flush()
    return post


def lock_post(session: Session, post: Post) -> Post:
    """Hold ``post``'s row until the transaction ends and reload it, so decisions about it queue.

    PostgreSQL: ``FOR NO KEY UPDATE`` (rows that merely refer to the post are not blocked).
    SQLite has no row locks: a write that changes nothing takes its single writer lock instead.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(Post).where(Post.id == post.id).values(version=Post.version)
                        .execution_options(synchronize_session=False))
    session.execute(select(Post).where(Post.id == post.id).with_for_update(key_share=True)
                    .execution_options(populate_existing=True))
    return post


def get_post(session: Session, post_id: int, actor: User | None, *, now: datetime) -> Post:
    """Return a post in a thread ``actor`` may see, or raise :class:`NotFound`."""
    post = session.get(Post, post_id)
    if post is None or not can_view_thread(actor, post.thread, now):
        raise NotFound("There is no post at this address.")
    return post


def endorse(session: Session, actor: User, post: Post, *, now: datetime) -> Post:
    """Endorse someone else's post once; a second endorsement is a conflict.

    Two endorsements sent at once meet the table's key: the second one is the same conflict,
    and the count goes up once.
    """
    if actor is not None and actor.id == post.author_id:
        raise NotAllowed("You cannot endorse your own post.", code="own_post")
    if not can_endorse(actor, post, now):
        _ensure_can_contribute(actor, post.thread, now)
        raise NotAllowed("This post cannot be endorsed.")
    already = Conflict("You already endorse this post.", code="already_endorsed")
    if session.get(Endorsement, (actor.id, post.id)) is not None:
        raise already
    try:
        with session.begin_nested():
            session.add(Endorsement(user_id=actor.id, post_id=post.id, created_at=now))
    except IntegrityError:
        raise already from None
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


def set_endorsement(session: Session, actor: User, post: Post, *, endorsed: bool | None,
                    now: datetime) -> bool:
    """Endorse (``True``) or withdraw (``False``), or with ``None`` toggle; return the new state.

    Asking for the state one is already in changes nothing, so a button pressed twice (or two
    requests racing) ends with one endorsement, not with it withdrawn again.
    """
    if endorsed is None:
        endorsed = session.get(Endorsement, (actor.id, post.id)) is None
    try:
        if endorsed:
            endorse(session, actor, post, now=now)
        else:
            withdraw_endorsement(session, actor, post, now=now)
    except Conflict as error:
        if error.code != "already_endorsed":
            raise
    except NotFound:
        pass
    return endorsed


def _bump_endorsements(session: Session, post: Post, delta: int) -> None:
    session.execute(update(Post).where(Post.id == post.id)
                    .values(endorsement_count=Post.endorsement_count + delta))
    session.flush()
    session.refresh(post, ["endorsement_count"])


def post_revisions(session: Session, actor: User | None, post: Post, *, now: datetime):
    """Return the saved versions of a post, newest (last saved) first.

    Hidden posts: their author and moderators; deleted posts: moderators only.
    """
    if not can_view_post_history(actor, post, now):
        raise NotFound("This post's history is not available.")
    return session.scalars(revisions_of_post(post)).all()


def endorsed_ids(session: Session, actor: User | None, post_ids: list[int]) -> set[int]:
    """Return which of ``post_ids`` ``actor`` endorses (one query)."""
    if actor is None or not post_ids:
        return set()
    stmt = select(Endorsement.post_id).where(Endorsement.user_id == actor.id,
                                             Endorsement.post_id.in_(post_ids))
    return set(session.scalars(stmt))

