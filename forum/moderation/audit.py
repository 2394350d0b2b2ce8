"""The append-only moderation log: writing entries, filtering them, and hooks for admin actions.

There is deliberately no service that changes or deletes an entry; the model refuses it
and the database triggers in :mod:`forum.moderation.models` refuse it below the ORM.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload

from forum.accounts.models import Role, User
from forum.accounts.services import role_changed
from forum.db import utcnow
from forum.i18n import _, _l
from forum.moderation.models import Appeal, AuditAction, AuditEntry
from forum.posts.models import Post
from forum.threads.models import Thread
from forum.topics.models import Topic
from forum.topics.services import topic_archived


def post_link(post: Post) -> str:
    """Site-relative address of a post on its thread page."""
    return f"/threads/{post.thread_id}#post-{post.id}"


def thread_link(thread: Thread) -> str:
    """Site-relative address of a thread."""
    return f"/threads/{thread.id}"


def post_label(post: Post) -> str:
    """How a post is named in the log: whose, and in which thread (as they are called now)."""
    return _("Post by %(name)s in “%(title)s”",
             name=post.author.display_name, title=post.thread.title)[:300]


def appeal_label(appeal: Appeal) -> str:
    """How an appeal is named in the log: whose, and against what (as they are called now)."""
    if appeal.post is not None:
        return _("Appeal by %(name)s: %(post_label)s",
                 name=appeal.appellant.display_name, post_label=post_label(appeal.post))[:300]
    if appeal.thread is not None:
        return _("Appeal by %(name)s about “%(title)s”", name=appeal.appellant.display_name,
                 title=appeal.thread.title)[:300]
    return _("Appeal by %(name)s against a suspension", name=appeal.appellant.display_name)


def log_action(session: Session, actor: User | None, action: AuditAction, *, target_type: str,
               target_id: int, now: datetime, link: str | None = None,
               reason: str | None = None, details: str | None = None) -> AuditEntry:
    """Append one entry to the moderation log.

    The entry keeps the target's type and id, never its name or title: those are looked up
    when the log is shown (:func:`label_entries`), so erasing an account needs no change here.
    """
    entry = AuditEntry(actor_id=actor.id if actor is not None else None, action=action,
                       target_type=target_type, target_id=target_id,
                       link=link, reason=reason or None, details=details, created_at=now)
    session.add(entry)
    session.flush()
    return entry


def log_post(session: Session, actor: User | None, action: AuditAction, post: Post, *,
             now: datetime, reason: str | None = None, details: str | None = None) -> AuditEntry:
    """Append an entry about a post."""
    return log_action(session, actor, action, target_type="post", target_id=post.id,
                      link=post_link(post), reason=reason,
                      details=details, now=now)


def log_user(session: Session, actor: User | None, action: AuditAction, user: User, *,
             now: datetime, reason: str | None = None, details: str | None = None) -> AuditEntry:
    """Append an entry about an account."""
    return log_action(session, actor, action, target_type="user", target_id=user.id,
                      reason=reason, details=details, now=now)


def log_entries(*, actor_id: int | None = None, action: AuditAction | None = None,
                start: datetime | None = None, end: datetime | None = None) -> Select:
    """Select log entries, newest first, optionally by actor, action and ``[start, end)``."""
    stmt = select(AuditEntry).options(joinedload(AuditEntry.actor))
    if actor_id is not None:
        stmt = stmt.where(AuditEntry.actor_id == actor_id)
    if action is not None:
        stmt = stmt.where(AuditEntry.action == action)
    if start is not None:
        stmt = stmt.where(AuditEntry.created_at >= start)
    if end is not None:
        stmt = stmt.where(AuditEntry.created_at < end)
    return stmt.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


#: how each kind of target is found and named when the log is shown
_TARGETS: dict[str, tuple[type, Callable[[Any], str]]] = {
    "post": (Post, post_label),
    "thread": (Thread, lambda thread: thread.title),
    "user": (User, lambda user: user.display_name),
    "topic": (Topic, lambda topic: topic.title),
    "appeal": (Appeal, appeal_label),
}


def label_entries(session: Session, entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """Name each entry's target as it is called now (one query per kind of target)."""
    entries = list(entries)
    for kind, (model, name) in _TARGETS.items():
        ids = {e.target_id for e in entries if e.target_type == kind}
        if not ids:
            continue
        found = {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))}
        for entry in entries:
            if entry.target_type == kind:
                target = found.get(entry.target_id)
                entry.target_label = name(target) if target is not None else str(_GONE[kind])
    return entries


#: what an entry shows when its target no longer exists
_GONE = {"post": _l("A post that no longer exists"),
         "thread": _l("A thread that no longer exists"),
         "user": _l("An account that no longer exists"),
         "topic": _l("A topic that no longer exists"),
         "appeal": _l("An appeal that no longer exists")}


def log_actors(session: Session) -> list[User]:
    """Everyone who appears as the actor of a log entry, by name (for the filter)."""
    ids = select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None)).distinct()
    return list(session.scalars(select(User).where(User.id.in_(ids)).order_by(User.display_name)))


def _on_role_changed(session: Session, *, actor: User | None, user: User, old: Role | str,
                     new: Role | str, now: datetime | None = None, **_extra: object) -> None:
    if old == new:
        return
    log_user(session, actor, AuditAction.ROLE_CHANGED, user, now=now or utcnow(),
             details=f"{getattr(old, 'value', old)} → {getattr(new, 'value', new)}"
                     + ("" if actor is not None else " (command line)"))


def _on_topic_archived(session: Session, *, actor: User | None, topic: Topic, archived: bool,
                       now: datetime, **_extra: object) -> None:
    action = AuditAction.TOPIC_ARCHIVED if archived else AuditAction.TOPIC_REOPENED
    log_action(session, actor, action, target_type="topic", target_id=topic.id,
               link=f"/topics/{topic.slug}", now=now)


def subscribe() -> None:
    """Log role changes and topic archiving (the composition root calls this; connecting
    again is a no-op)."""
    role_changed.connect(_on_role_changed)
    topic_archived.connect(_on_topic_archived)
