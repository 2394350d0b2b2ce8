"""Saved versions of posts and of threads' opening texts: recording and listing them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.posts.models import Post, Revision
from forum.threads.models import Thread
from forum.threads.services import opening_text_saved


def add_revision(session: Session, editor: User, body: str, body_html: str, *, now: datetime,
                 thread: Thread | None = None, post: Post | None = None) -> Revision:
    """Record one saved version of a thread's opening text or of a post (with its stance)."""
    revision = Revision(thread_id=thread.id if thread else None, post_id=post.id if post else None,
                        editor_id=editor.id, body=body, body_html=body_html, created_at=now,
                        stance=post.stance if post else None)
    session.add(revision)
    return revision


def subscribe() -> None:
    """Keep each saved opening text as a revision (``create_app`` connects this once; the
    same receiver connected again changes nothing)."""
    opening_text_saved.connect(record_opening_text)


def record_opening_text(session: Session, *, editor: User, thread: Thread,
                        now: datetime) -> None:
    """Keep the opening text a thread service has just saved as a revision."""
    add_revision(session, editor, thread.body, thread.body_html, now=now, thread=thread)


def thread_revisions(thread: Thread) -> Select:
    """Select the saved versions of a thread's opening text, newest first."""
    return (select(Revision).where(Revision.thread_id == thread.id)
            .order_by(Revision.created_at.desc(), Revision.id.desc()))


def revisions_of_post(post: Post) -> Select:
    """Select the saved versions of a post, newest (last saved) first."""
    return select(Revision).where(Revision.post_id == post.id).order_by(Revision.id.desc())
