"""Who may edit, delete, endorse and read posts, and read their history."""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import is_moderator
from forum.permissions import rule
from forum.posts.models import Post
from forum.threads.rules import why_cannot_contribute


@rule
def can_edit_post(user: User | None, post: Post, now: datetime) -> bool:
    """The author edits a live post while the thread takes contributions."""
    return (user is not None and user.id == post.author_id and post.is_visible
            and why_cannot_contribute(user, post.thread, now) is None)


@rule
def can_delete_post(user: User | None, post: Post, now: datetime) -> bool:
    """The author deletes their own post at any time (a placeholder stays)."""
    return user is not None and user.id == post.author_id and not post.is_deleted


@rule
def can_endorse(user: User | None, post: Post, now: datetime) -> bool:
    """Contributors endorse other people's visible posts while the thread takes contributions."""
    return (user is not None and user.id != post.author_id and post.is_visible
            and why_cannot_contribute(user, post.thread, now) is None)


@rule
def can_read_post(user: User | None, post: Post, now: datetime) -> bool:
    """Everyone reads visible posts; a hidden post's author and moderators still read it."""
    if post.is_deleted:
        return False
    if not post.is_hidden:
        return True
    return user is not None and (user.id == post.author_id or is_moderator(user))


@rule
def can_view_post_history(user: User | None, post: Post, now: datetime) -> bool:
    """Who reads a post's saved versions.

    Cases: a visible post, everyone; a hidden one, its author and moderators; a deleted one,
    moderators only (its author took the text down, and nobody else reads it again).
    """
    if post.is_deleted:
        return is_moderator(user)
    return can_read_post(user, post, now)
