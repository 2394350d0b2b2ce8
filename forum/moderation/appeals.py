"""Appeals: the author of a hidden post, a suspended user, or the author of a thread a
moderator decided about (a refused proposal) asks once for a second look; a moderator other
than the one who acted decides, and the appellant is told why.

Moderation knows nothing of the kinds of thread above it: a kind whose moderators' decisions
can be appealed registers a :class:`ThreadAppeals` for itself (its package does, when the
composition root imports it), saying what granting does and where the appeal is seen.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from forum.db import savepoint
from forum.accounts.models import User
from forum.errors import Conflict, Invalid, NotAllowed, NotFound
from forum.i18n import _
from forum.moderation.audit import log_action, post_link, thread_link
from forum.moderation.models import Appeal, AuditAction, Resolution, Suspension
from forum.moderation.rules import can_appeal_post, can_view_appeal
from forum.moderation.signals import appeal_decided, appeal_opened
from forum.moderation.services import (clean_reason, close_open_flags, end_suspension,
                                       require_moderator, suspension_record)
from forum.posts.counters import count_visibility
from forum.posts.models import Post
from forum.threads.models import Thread

STATEMENT_MAX = 1000


@dataclass(frozen=True)
class ThreadAppeals:
    """How appeals about one kind of thread are decided and shown."""

    #: ``apply(session, actor, appeal, granted, reason, now)`` carries out the decision and
    #: returns what it did, for the log (e.g. "proposal restored")
    apply: Callable[[Session, User, Appeal, bool, str, datetime], str]
    #: where the appellant sees the appeal, given the thread's id
    link: Callable[[int], str]


_THREAD_APPEALS: dict[str, ThreadAppeals] = {}


def register_thread_appeals(kind: str, handler: ThreadAppeals) -> None:
    """Let moderators decide appeals about threads of ``kind`` (registering again replaces)."""
    _THREAD_APPEALS[kind] = handler


def _thread_appeals(thread: Thread) -> ThreadAppeals:
    handler = _THREAD_APPEALS.get(str(thread.kind))
    if handler is None:
        raise LookupError(f"No appeals are registered for threads of kind {thread.kind!r}.")
    return handler


def clean_statement(text: str | None) -> str:
    """Trim an appeal statement (1 to 1,000 characters) or raise :class:`Invalid`."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise Invalid(_("Say why the decision should change."), field="statement")
    if len(text) > STATEMENT_MAX:
        raise Invalid(_("Keep your statement to %(most)s characters or fewer (it has %(has)s).",
                        most=f"{STATEMENT_MAX:,}", has=f"{len(text):,}"), field="statement")
    return text


def _add(session: Session, appeal: Appeal, now: datetime) -> Appeal:
    try:
        with savepoint(session):
            session.add(appeal)
    except IntegrityError:  # the same appeal sent twice at once
        raise Conflict(_("You have already appealed this decision."),
                       code="already_appealed") from None
    appeal_opened.send(session, appeal=appeal, now=now)
    return appeal


def appeal_for_post(session: Session, post: Post) -> Appeal | None:
    """The appeal against the hiding of ``post``, if its author made one."""
    return session.scalar(select(Appeal).where(Appeal.post_id == post.id))


def appeal_for_suspension(session: Session, record: Suspension | None) -> Appeal | None:
    """The appeal against this suspension, if there is one."""
    if record is None:
        return None
    return session.scalar(select(Appeal).where(Appeal.suspension_id == record.id))


def appeal_post(session: Session, actor: User, post: Post, *, statement: str | None,
                now: datetime) -> Appeal:
    """Appeal once against the hiding of one's own post."""
    if not can_appeal_post(actor, post, now):
        if actor is None or actor.id != post.author_id:
            raise NotAllowed(_("Only the author of a post can appeal against its hiding."))
        raise Conflict(_("This post is not hidden, so there is nothing to appeal."),
                       code="not_hidden")
    if appeal_for_post(session, post) is not None:
        raise Conflict(_("You have already appealed against the hiding of this post; each "
                         "decision can be appealed once."), code="already_appealed")
    appeal = Appeal(appellant_id=actor.id, post_id=post.id, statement=clean_statement(statement),
                    acted_by_id=post.hidden_by_id, created_at=now)
    return _add(session, appeal, now)


def appeal_for_thread(session: Session, thread: Thread) -> Appeal | None:
    """The appeal against a moderator's decision about ``thread``, if its author made one."""
    return session.scalar(select(Appeal).where(Appeal.thread_id == thread.id))


def appeal_thread(session: Session, actor: User, thread: Thread, *, statement: str | None,
                  acted_by_id: int | None, now: datetime) -> Appeal:
    """Appeal once against a moderator's decision about one's own thread. The thread's
    package checks first that the decision is appealable (its own rule); ``acted_by_id`` is
    the moderator who made it, who may not decide the appeal."""
    _thread_appeals(thread)  # a kind nobody can decide appeals for is refused loudly
    if actor is None or actor.id != thread.author_id:
        raise NotAllowed(_("Only the person who started it can appeal this decision."))
    if appeal_for_thread(session, thread) is not None:
        raise Conflict(_("You have already appealed this decision; each decision can be "
                         "appealed once."), code="already_appealed")
    appeal = Appeal(appellant_id=actor.id, thread_id=thread.id,
                    statement=clean_statement(statement), acted_by_id=acted_by_id,
                    created_at=now)
    return _add(session, appeal, now)


def appeal_suspension(session: Session, actor: User, *, statement: str | None,
                      now: datetime) -> Appeal:
    """Appeal once against one's current suspension."""
    record = suspension_record(session, actor, now)
    if record is None:
        raise Conflict(_("Your account is not suspended, so there is nothing to appeal."),
                       code="not_suspended")
    if appeal_for_suspension(session, record) is not None:
        raise Conflict(_("You have already appealed against this suspension; each decision can "
                         "be appealed once."), code="already_appealed")
    appeal = Appeal(appellant_id=actor.id, suspension_id=record.id,
                    statement=clean_statement(statement), acted_by_id=record.created_by_id,
                    created_at=now)
    return _add(session, appeal, now)


def get_appeal(session: Session, appeal_id: int, actor: User | None = None, *,
               now: datetime | None = None) -> Appeal:
    """Return the appeal, or raise :class:`NotFound`; given an ``actor``, also when the
    appeal is not theirs to see (its appellant and moderators see it)."""
    appeal = session.get(Appeal, appeal_id)
    if appeal is None or (actor is not None and now is not None
                          and not can_view_appeal(actor, appeal, now)):
        raise NotFound(_("There is no such appeal."))
    return appeal


def _check_decider(actor: User, appeal: Appeal) -> None:
    require_moderator(actor, _("Only moderators decide appeals."))
    if not appeal.is_pending:
        raise Conflict(_("This appeal has already been decided."), code="already_decided")
    if actor.id == appeal.appellant_id:
        raise NotAllowed(_("You cannot decide your own appeal."), code="own_appeal")
    if actor.id == appeal.acted_by_id:
        raise NotAllowed(_("A different moderator must decide this appeal: you made the "
                           "decision it is about."), code="same_moderator")


def _apply_to_post(session: Session, actor: User, appeal: Appeal, granted: bool, reason: str,
                   now: datetime) -> str:
    post = appeal.post
    if granted:
        close_open_flags(session, actor, post, Resolution.DISMISSED, now=now)
        if post.is_hidden and not post.is_deleted:
            count_visibility(session, post, +1)
            post.hidden_at = post.hidden_reason = post.hidden_by_id = None
            return "post restored"
        return "post already visible"
    if post.is_hidden and post.hidden_by_id is None:  # hidden by reports: this is the review
        close_open_flags(session, actor, post, Resolution.UPHELD, now=now)
        post.hidden_by_id, post.hidden_reason = actor.id, reason
    return "post stays hidden"


def _apply_to_suspension(session: Session, actor: User, appeal: Appeal, granted: bool,
                         now: datetime) -> str:
    user = appeal.appellant
    if not granted:
        return "suspension stands"
    if appeal.suspension.is_current(now) and user.is_suspended(now):
        end_suspension(session, actor, user, reason="Your appeal was granted.", now=now,
                       by_appeal=True)
        return "suspension lifted"
    return "suspension had already ended"


def decide_appeal(session: Session, actor: User, appeal: Appeal, *, granted: bool | None,
                  reason: str | None, now: datetime) -> Appeal:
    """Grant (restore the post / lift the suspension) or refuse an appeal, with a reason."""
    _check_decider(actor, appeal)
    if not isinstance(granted, bool):
        raise Invalid(_("Choose whether to grant or refuse the appeal."), field="granted")
    reason = clean_reason(reason)
    appeal.decided_at, appeal.decided_by_id = now, actor.id
    appeal.granted, appeal.decision_reason = granted, reason
    if appeal.post_id is not None:
        effect = _apply_to_post(session, actor, appeal, granted, reason, now)
        link = post_link(appeal.post)
    elif appeal.thread_id is not None:
        effect = _thread_appeals(appeal.thread).apply(session, actor, appeal, granted, reason,
                                                      now)
        link = thread_link(appeal.thread)
    else:
        effect = _apply_to_suspension(session, actor, appeal, granted, now)
        link = None
    session.flush()
    log_action(session, actor, AuditAction.APPEAL_GRANTED if granted else AuditAction.APPEAL_REFUSED,
               target_type="appeal", target_id=appeal.id, link=link, reason=reason,
               details=effect, now=now)
    appeal_decided.send(session, appeal=appeal, now=now)
    return appeal


def appeal_link(appeal: Appeal) -> str:
    """Where the appellant sees the appeal and its outcome."""
    if appeal.thread_id is not None:
        return _thread_appeals(appeal.thread).link(appeal.thread_id)
    return f"/posts/{appeal.post_id}/appeal" if appeal.post_id else "/appeals/suspension"


def _with_context(stmt: Select) -> Select:
    return stmt.options(joinedload(Appeal.appellant), joinedload(Appeal.acted_by),
                        joinedload(Appeal.decided_by),
                        joinedload(Appeal.post).joinedload(Post.author),
                        joinedload(Appeal.post).joinedload(Post.thread),
                        joinedload(Appeal.suspension), joinedload(Appeal.thread))


def pending_appeals() -> Select:
    """Select undecided appeals, oldest first, with everything the queue shows."""
    return _with_context(select(Appeal).where(Appeal.decided_at.is_(None))
                         .order_by(Appeal.created_at, Appeal.id))


def appeals_by(user: User) -> Select:
    """Select ``user``'s appeals, newest first."""
    return _with_context(select(Appeal).where(Appeal.appellant_id == user.id)
                         .order_by(Appeal.created_at.desc(), Appeal.id.desc()))
