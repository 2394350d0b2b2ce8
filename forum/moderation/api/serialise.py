"""JSON views of reports, appeals, suspensions and log entries."""
from __future__ import annotations

from typing import Any

from forum.accounts.models import User
from forum.jsonapi import author_json, iso
from forum.moderation.flags import QueueItem
from forum.moderation.models import Appeal, AuditEntry, Flag, Suspension
from forum.posts.models import Post
from forum.posts.serialise import post_json


def moderated_post_json(post: Post) -> dict[str, Any]:
    """A post as moderators see it: its author, the text even when hidden, and who hid it."""
    out = post_json(post)
    out.update(author=author_json(post.author),
               body_html=None if post.is_deleted else post.body_html,
               hidden_by_id=post.hidden_by_id,
               pending_review=post.is_hidden and post.hidden_by_id is None)
    return out


def flag_json(flag: Flag, *, with_reporter: bool = False) -> dict[str, Any]:
    """A report; moderators also see who made it."""
    out = {"id": flag.id, "post_id": flag.post_id, "reason": flag.reason.value,
           "text": flag.text, "created_at": iso(flag.created_at),
           "status": flag.resolution.value if flag.resolution else "open"}
    if with_reporter:
        out["reporter"] = author_json(flag.user)
    return out


def queue_item_json(item: QueueItem) -> dict[str, Any]:
    """A reported post with its thread, its parent and its open reports."""
    post = item.post
    return {"post": moderated_post_json(post),
            "thread": {"id": post.thread_id, "title": post.thread.title,
                       "locked": post.thread.is_locked},
            "parent": moderated_post_json(item.parent) if item.parent else None,
            "open_flags": item.open_count,
            "flags": [flag_json(f, with_reporter=True) for f in item.flags]}


def suspension_json(record: Suspension | None, user: User) -> dict[str, Any]:
    """A user's suspension state."""
    return {"user": author_json(user), "suspended_until": iso(user.suspended_until),
            "reason": user.suspension_reason,
            "suspension_id": record.id if record is not None else None}


def appeal_json(appeal: Appeal) -> dict[str, Any]:
    """An appeal and, once decided, its outcome."""
    return {"id": appeal.id, "kind": appeal.kind, "post_id": appeal.post_id,
            "suspension_id": appeal.suspension_id, "appellant": author_json(appeal.appellant),
            "statement": appeal.statement, "created_at": iso(appeal.created_at),
            "status": appeal.status, "decided_at": iso(appeal.decided_at),
            "decision_reason": appeal.decision_reason, "acted_by_id": appeal.acted_by_id,
            "decided_by_id": appeal.decided_by_id}


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    """One moderation log entry."""
    return {"id": entry.id, "created_at": iso(entry.created_at),
            "actor": author_json(entry.actor) if entry.actor else None,
            "action": entry.action.value,
            "target": {"type": entry.target_type, "id": entry.target_id,
                       "label": entry.target_label, "link": entry.link},
            "reason": entry.reason, "details": entry.details}
