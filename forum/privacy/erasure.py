"""Erasing an account: by its owner (after the password) or by an admin on request.

The user row stays as a tombstone (:data:`~forum.privacy.references.FORMER_PARTICIPANT`, no
email address, no password, ``erased_at`` set) so posts, reports and summaries keep an
author; every table that refers to the account is handled as
:data:`~forum.privacy.references.USER_REFERENCES` decides. Text the forum itself wrote with
the person's name in it (mentions, quote lines, other people's notifications) names the
tombstone instead, and background jobs carrying the address or name (queued mail) are
deleted. With ``delete_posts`` the person's posts are deleted too, leaving the usual
placeholders, and their saved versions go.
"""
from __future__ import annotations

import html
import json
import re
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.services import display_name_changed
from forum.db import db
from forum.errors import Conflict, Invalid, NotAllowed
from forum.i18n import _
from forum.jobs.models import RUNNING, Job
from forum.moderation.audit import log_user
from forum.moderation.models import AuditAction
from forum.notifications.models import Follow, FollowKind, Notification
from forum.posts.counters import count_visibility
from forum.posts.models import Post, Revision
from forum.privacy.export import delete_export_files
from forum.privacy.references import (DELETE, FORMER_PARTICIPANT, USER_COLUMNS, decision,
                                      user_references)
from forum.privacy.rules import can_erase_account
from forum.search.index import index_again
from forum.security.two_factor import verify_second_factor
from forum.threads.models import Thread


def check_can_erase(actor: User, user: User, now: datetime) -> None:
    """Raise unless ``actor`` may erase ``user`` (themselves, or anyone as an admin)."""
    if user.erased_at is not None:
        raise Conflict(_("This account is already erased."), code="already_erased")
    if actor != user and not can_erase_account(actor, user, now):
        raise NotAllowed(_("Only administrators can erase someone else's account."))


def erase_account(session: Session, actor: User, user: User, *, now: datetime,
                  delete_posts: bool = False, reason: str | None = None) -> User:
    """Erase ``user``'s personal data from every table; an admin's erasure is logged."""
    check_can_erase(actor, user, now)
    reason = (reason or "").strip()
    on_request = actor != user
    if on_request and not reason:
        raise Invalid(_("Say why the account is erased (for example, the date of the request)."),
                      field="reason")
    old_name, old_email = user.display_name, user.email
    post_ids = list(session.scalars(select(Post.id).where(Post.author_id == user.id)))
    if delete_posts:
        _delete_posts(session, user, now)
    renamed = _rename_in_others_text(session, user, post_ids, old_name)
    _forget_jobs(session, [old_email, old_name])
    delete_export_files(session, user_id=user.id)
    for table, column in user_references(db.metadata):
        if decision(table, column) == DELETE:
            session.execute(delete(table).where(column == user.id))
    # follows of the person (no foreign key: a follow names a thread, topic or person by id)
    session.execute(delete(Follow).where(Follow.target_kind == FollowKind.PERSON,
                                         Follow.target_id == user.id))
    for name, value in USER_COLUMNS.items():
        if value is not None:
            setattr(user, name, value(user, now))
    session.flush()
    index_again(session, [*session.scalars(select(Post).where(Post.author_id == user.id)),
                          *session.scalars(select(Thread).where(Thread.author_id == user.id)),
                          *renamed])
    display_name_changed.send(session, user=user, old=old_name)
    if on_request:
        log_user(session, actor, AuditAction.USER_ERASED, user, now=now, reason=reason[:1000],
                 details="posts deleted" if delete_posts else "posts kept")
    return user


def _delete_posts(session: Session, user: User, now: datetime) -> None:
    posts = list(session.scalars(select(Post).where(Post.author_id == user.id)))
    for post in posts:
        if post.is_visible:
            count_visibility(session, post, -1)
        post.deleted_at = post.deleted_at or now
        post.body, post.body_html = "", ""
    if posts:
        session.execute(delete(Revision).where(Revision.post_id.in_([p.id for p in posts])))
    session.flush()


def _rename_in_others_text(session: Session, user: User, post_ids: list[int],
                           old_name: str) -> list[Post | Thread]:
    """Mentions (``@[Name](id)``), quote lines (``[Name wrote](/posts/id)``) and
    notifications written with the old name name the tombstone instead."""
    mention = re.compile(rf"@\[[^\[\]\n]*\]\({user.id}\)")
    quoted = "|".join(str(i) for i in post_ids) or "0"
    quote = re.compile(rf"\[[^\n]*? wrote\]\(/posts/({quoted})\)")
    quote_html = re.compile(rf'(<a href="/posts/({quoted})"[^<>]*>)[^<]* wrote</a>')
    mention_html = re.compile(rf'(<a href="/people/{user.id}"[^<>]*>)@[^<]*</a>')

    def scrub(text: str) -> str:
        text = mention.sub(f"@[{FORMER_PARTICIPANT}]({user.id})", text)
        text = quote.sub(lambda m: f"[{FORMER_PARTICIPANT} wrote](/posts/{m.group(1)})", text)
        text = mention_html.sub(lambda m: f"{m.group(1)}@{FORMER_PARTICIPANT}</a>", text)
        return quote_html.sub(lambda m: f"{m.group(1)}{FORMER_PARTICIPANT} wrote</a>", text)

    changed: list[Post | Thread] = []
    for model in (Post, Thread, Revision):
        candidates = select(model).where(
            model.body.contains(f"]({user.id})") | model.body.contains(" wrote](/posts/"))
        for row in session.scalars(candidates):
            body = scrub(row.body)
            if body != row.body and not isinstance(row, Revision):
                changed.append(row)
            row.body, row.body_html = body, scrub(row.body_html)
    for spelling in {old_name, html.escape(old_name)}:
        for note in session.scalars(select(Notification).where(
                Notification.user_id != user.id, Notification.message.contains(spelling))):
            note.message = note.message.replace(spelling, FORMER_PARTICIPANT)
            note.message_params = _renamed(note.message_params, spelling)
    session.flush()
    return changed


def _renamed(params: dict | None, spelling: str) -> dict | None:
    """A notification's JSON parameters with ``spelling`` replaced in each text (and in the
    parameters of a nested message; never in a msgid or a date's pattern)."""
    if not params:
        return params
    renamed: dict = {}
    for key, value in params.items():
        if isinstance(value, str):
            value = value.replace(spelling, FORMER_PARTICIPANT)
        elif isinstance(value, dict) and "$msg" in value:
            value = {**value, "params": _renamed(value.get("params"), spelling)}
        renamed[key] = value
    return renamed


def _forget_jobs(session: Session, words: list[str]) -> None:
    """Delete the jobs (queued or done mail, exports) whose arguments carry any of ``words``."""
    words = [w.lower() for w in words if w]
    doomed = [job_id for job_id, payload in
              session.execute(select(Job.id, Job.payload).where(Job.status != RUNNING))
              if any(w in json.dumps(payload, ensure_ascii=False).lower() for w in words)]
    if doomed:
        session.execute(delete(Job).where(Job.id.in_(doomed)))


def forget_outbox_mail(folder: Path, email: str) -> int:
    """Delete development mail files addressed to or naming ``email``; return how many."""
    if not folder.is_dir():
        return 0
    removed = 0
    needle = email.lower().encode()
    for path in folder.glob("*.eml"):
        if needle in path.read_bytes().lower():
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def delete_own_account(session: Session, user: User, *, password: str, code: str,
                       now: datetime, delete_posts: bool = False) -> User:
    """Erase ``user`` at their own request, after their password (and second factor)."""
    check_can_erase(user, user, now)
    if not user.check_password(password or ""):
        raise Invalid(_("Your password is not right."), field="password")
    if user.totp_secret is not None and not verify_second_factor(session, user, code or "",
                                                                  now=now):
        raise Invalid(_("Enter a current code from your authenticator app, or a recovery code."),
                      field="code")
    return erase_account(session, user, user, now=now, delete_posts=delete_posts)
