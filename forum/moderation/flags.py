"""Reports (flags): readers report posts; enough reports hide a post until a moderator
upholds or dismisses them; the review queue."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from forum.db import savepoint
from forum.accounts.models import User
from forum.accounts.rules import why_cannot_write
from forum.errors import Conflict, Invalid, NotAllowed
from forum.i18n import _, _l
from forum.moderation.audit import log_post
from forum.moderation.models import AuditAction, Flag, FlagReason, Resolution
from forum.moderation.rules import can_flag_post
from forum.moderation.signals import post_hidden, report_opened, reports_decided
from forum.moderation.services import clean_reason, close_open_flags, hide, require_moderator, \
    unhide
from forum.posts.models import Post
from forum.posts.services import lock_post

TEXT_MAX = 1000
#: the reason shown on a post that reports hid automatically
#: stored as the post's hidden reason, so in the forum's source language
AUTO_HIDE_REASON = "Reported by several readers; hidden until a moderator reviews it."

#: the one refusal of reviewing reports, upheld or dismissed
REVIEW_REFUSED = _l("Only moderators can review reports.")


def parse_reason(value: str | None) -> FlagReason:
    """Turn user input into a :class:`FlagReason` or raise :class:`Invalid`."""
    try:
        return FlagReason(value or "")
    except ValueError:
        raise Invalid(_("Choose why you are reporting this post."), field="reason") from None


def _clean_text(reason: FlagReason, text: str | None) -> str | None:
    text = (text or "").replace("\r\n", "\n").strip()
    if reason == FlagReason.OTHER and not text:
        raise Invalid(_("Say what is wrong with this post: it is required when you choose "
                        "“Something else”."), field="text")
    if len(text) > TEXT_MAX:
        raise Invalid(_("Keep the details to %(most)s characters or fewer (they have %(has)s).",
                        most=f"{TEXT_MAX:,}", has=f"{len(text):,}"), field="text")
    return text or None


def existing_flag(session: Session, user: User | None, post: Post) -> Flag | None:
    """``user``'s report of ``post``, if they made one."""
    if user is None:
        return None
    return session.scalar(select(Flag).where(Flag.post_id == post.id, Flag.user_id == user.id))


def open_flag_count(session: Session, post: Post) -> int:
    """How many reports of ``post`` wait for a moderator."""
    return session.scalar(select(func.count()).where(Flag.post_id == post.id,
                                                     Flag.resolved_at.is_(None))) or 0


def explain_flag_refusal(user: User | None, post: Post, now: datetime) -> None:
    """Raise the error that says why ``user`` may not report ``post``."""
    if user is None:
        raise NotAllowed(_("Sign in to report a post."), code="unauthorized")
    if user.id == post.author_id:
        raise NotAllowed(_("You cannot report your own post."), code="own_post")
    refusal = why_cannot_write(user, now)  # suspended, or the address not confirmed yet
    if refusal is not None:
        raise NotAllowed(refusal[1], code=refusal[0])
    raise Conflict(_("This post has already been removed, so it cannot be reported."),
                   code="post_removed")


def flag_post(session: Session, actor: User | None, post: Post, *, reason: str | None,
              text: str | None = None, threshold: int, now: datetime) -> Flag:
    """Report someone else's post once; ``threshold`` distinct open reports hide it.

    The post's row is locked first, so reports sent at the same moment are counted one after
    another and the one that reaches the threshold sees all the others.
    """
    if not can_flag_post(actor, post, now):
        explain_flag_refusal(actor, post, now)
    lock_post(session, post)
    if not can_flag_post(actor, post, now):  # hidden or deleted while we waited
        explain_flag_refusal(actor, post, now)
    if existing_flag(session, actor, post) is not None:
        raise Conflict(_("You have already reported this post. Moderators will review it."),
                       code="already_flagged")
    parsed = parse_reason(reason)
    flag = Flag(post_id=post.id, user_id=actor.id, reason=parsed,
                text=_clean_text(parsed, text), created_at=now)
    try:
        with savepoint(session):
            session.add(flag)
    except IntegrityError:  # the same report sent twice at once
        raise Conflict(_("You have already reported this post. Moderators will review it."),
                       code="already_flagged") from None
    count = open_flag_count(session, post)
    if count == 1:
        report_opened.send(session, flag=flag, post=post, now=now)
    if count >= threshold and post.is_visible:
        hide(session, None, post, AUTO_HIDE_REASON, now=now)
        log_post(session, None, AuditAction.POST_AUTO_HIDDEN, post, reason=AUTO_HIDE_REASON,
                 details=f"{count} reports", now=now)
    return flag


def _require_open(session: Session, post: Post) -> None:
    if open_flag_count(session, post) == 0:
        raise Conflict(_("There are no open reports on this post."), code="no_open_flags")


def uphold_flags(session: Session, actor: User, post: Post, *, reason: str | None,
                 now: datetime) -> Post:
    """Agree with the reports: the post is (or stays) hidden with a public reason."""
    require_moderator(actor, REVIEW_REFUSED)
    lock_post(session, post)
    _require_open(session, post)
    reason = clean_reason(reason)
    reporters = close_open_flags(session, actor, post, Resolution.UPHELD, now=now)
    if post.is_visible:
        hide(session, actor, post, reason, now=now)
        log_post(session, actor, AuditAction.POST_HIDDEN, post, reason=reason, now=now,
                 details="after reports")
    elif post.is_hidden and post.hidden_by_id is None:
        post.hidden_by_id, post.hidden_reason = actor.id, reason
        post_hidden.send(session, post=post, actor=actor, reason=reason, now=now,
                         after_review=True)
    log_post(session, actor, AuditAction.FLAGS_UPHELD, post, reason=reason, now=now,
             details=f"{len(reporters)} report(s)")
    reports_decided.send(session, post=post, reporters=reporters, upheld=True, now=now)
    return post


def dismiss_flags(session: Session, actor: User, post: Post, *, reason: str | None = None,
                  now: datetime) -> Post:
    """Disagree with the reports: they close, and a post they hid is restored."""
    require_moderator(actor, REVIEW_REFUSED)
    lock_post(session, post)
    _require_open(session, post)
    reason = clean_reason(reason, required=False)
    reporters = close_open_flags(session, actor, post, Resolution.DISMISSED, now=now)
    if post.is_hidden and post.hidden_by_id is None and not post.is_deleted:
        unhide(session, actor, post, now=now, after_review=True)
    log_post(session, actor, AuditAction.FLAGS_DISMISSED, post, reason=reason, now=now,
             details=f"{len(reporters)} report(s)")
    reports_decided.send(session, post=post, reporters=reporters, upheld=False, now=now)
    return post


@dataclass
class QueueItem:
    """A reported post with what a moderator needs to judge it."""

    post: Post
    open_count: int
    parent: Post | None = None
    flags: list[Flag] = field(default_factory=list)

    @property
    def reasons(self) -> dict[str, int]:
        """Open reports counted by reason label."""
        out: dict[str, int] = {}
        for flag in self.flags:
            if flag.is_open:
                label = str(flag.reason.label)
                out[label] = out.get(label, 0) + 1
        return out


def flag_queue(session: Session, *, page: int = 1, per_page: int = 20) -> tuple[list[QueueItem],
                                                                                 int]:
    """One page of posts with open reports, most reported first, and the number of such posts.

    A fixed number of queries whatever the page holds: posts (with authors and threads), their
    parents, and their reports are each loaded in one statement.
    """
    counts = (select(Flag.post_id, func.count().label("n"),
                     func.min(Flag.created_at).label("first"))
              .where(Flag.resolved_at.is_(None)).group_by(Flag.post_id).subquery())
    total = session.scalar(select(func.count()).select_from(counts)) or 0
    stmt = (select(Post, counts.c.n).join(counts, counts.c.post_id == Post.id)
            .options(joinedload(Post.author), joinedload(Post.thread))
            .order_by(counts.c.n.desc(), counts.c.first, Post.id)
            .limit(per_page).offset((max(page, 1) - 1) * per_page))
    items = [QueueItem(post, n) for post, n in session.execute(stmt).unique()]
    if not items:
        return [], total
    by_id = {item.post.id: item for item in items}
    parent_ids = {item.post.parent_id for item in items if item.post.parent_id}
    parents = {p.id: p for p in session.scalars(
        select(Post).options(joinedload(Post.author)).where(Post.id.in_(parent_ids)))} \
        if parent_ids else {}
    flags = session.scalars(select(Flag).options(joinedload(Flag.user))
                            .where(Flag.post_id.in_(by_id), Flag.resolved_at.is_(None))
                            .order_by(Flag.created_at, Flag.id))
    for flag in flags:
        by_id[flag.post_id].flags.append(flag)
    for item in items:
        item.parent = parents.get(item.post.parent_id)
    return items, total


def queue_item(session: Session, post: Post) -> QueueItem:
    """The review view of one post: its open reports and its parent."""
    flags = list(session.scalars(select(Flag).options(joinedload(Flag.user))
                                 .where(Flag.post_id == post.id, Flag.resolved_at.is_(None))
                                 .order_by(Flag.created_at, Flag.id)))
    parent = session.get(Post, post.parent_id) if post.parent_id else None
    return QueueItem(post, len(flags), parent, flags)
