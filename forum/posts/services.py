"""Post operations: argue, reply, edit, delete, endorse."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from forum.db import savepoint
from forum.accounts.models import User
from forum.errors import Conflict, Invalid, NotAllowed, NotFound
from forum.i18n import _, _l
from forum.posts.counters import STANCE_COLUMNS, count_visibility
from forum.posts.duplicates import DuplicatePost, first_duplicate
from forum.posts.mentions import record_mentions, render_post, unlinked
from forum.posts.models import MAX_DEPTH, PATH_WIDTH, Endorsement, Post, Stance
from forum.posts.rules import (can_delete_post, can_edit_post, can_endorse,
                                can_view_post_history)
from forum.posts.revisions import add_revision, revisions_of_post
from forum.threads.models import Thread
from forum.posts.signals import post_created, post_deleted, post_edited, post_endorsed
from forum.threads.rules import can_view_thread, why_cannot_contribute
from forum.threads.services import (check_new_account_links, clean_body, clean_language,
                                    preview_text)

EDIT_REFUSED = _l("You can only edit your own posts while the thread is open.")
STANCE_QUESTION_ERROR = _l("Choose whether you are for, against, neutral, or asking a question.")


def _ensure_can_contribute(actor: User | None, thread: Thread, now: datetime) -> None:
    reason = why_cannot_contribute(actor, thread, now)
    if reason is not None:
        code, message = reason
        raise NotAllowed(message, code=code)


def parse_stance(value: Stance | str | None) -> Stance | None:
    """Turn user input into a :class:`Stance` (empty means none) or raise :class:`Invalid`."""
    if value in (None, "") or isinstance(value, Stance):
        return value or None
    try:
        return Stance(value)
    except ValueError:
        raise Invalid(str(STANCE_QUESTION_ERROR), field="stance") from None


def _chosen_stance(value: Stance | str | None, parent: Post | None,
                   required: bool) -> Stance | None:
    """The stance asked for; an argument must have one when ``required``."""
    stance = parse_stance(value)
    if required and parent is None and stance is None:
        raise Invalid(str(STANCE_QUESTION_ERROR), field="stance")
    return stance


def _checked_contribution(actor: User, thread: Thread, *, body: str, parent: Post | None,
                          stance: Stance | str | None, now: datetime,
                          stance_required: bool = False, language: str | None = None
                          ) -> tuple[str, Stance | None, str]:
    """Check that ``actor`` may post this text here; return the cleaned body, stance and
    language (a missing stance, a missing text and an unknown language are reported
    together)."""
    _ensure_can_contribute(actor, thread, now)
    stance, body, language = Invalid.collect([
        lambda: _chosen_stance(stance, parent, stance_required), lambda: clean_body(body),
        lambda: clean_language(language)])
    if parent is not None:
        if parent.thread_id != thread.id:
            raise Invalid(_("You can only reply to a post in this thread."), field="parent_id")
        if parent.is_deleted or parent.is_hidden:
            raise Invalid(_("This post was removed, so it takes no replies."), field="parent_id")
        if stance is not None:
            raise Invalid(_("Only arguments (replies to the thread itself) take a stance."),
                          field="stance")
        if parent.depth + 1 > MAX_DEPTH:
            raise Invalid(_("This conversation is nested too deeply; reply further up."),
                          field="parent_id")
    check_new_account_links(actor, unlinked(body), now)
    return body, stance, language


def preview_post(session: Session, actor: User, thread: Thread, *, body: str,
                 parent: Post | None = None, now: datetime, language: str | None = None) -> str:
    """Return the HTML a new post's ``body`` would be saved as, after the checks posting
    makes (the stance aside), mentions resolved as posting would; nothing is saved."""
    body, _stance, _language = _checked_contribution(actor, thread, body=body, parent=parent,
                                                     stance=None, now=now, language=language)
    return render_post(session, thread, body).html


def create_post(session: Session, actor: User, thread: Thread, *, body: str,
                parent: Post | None = None, stance: Stance | str | None = None,
                now: datetime, stance_required: bool = False,
                language: str | None = None) -> Post:
    """Add an argument (no parent) or a reply (no stance), written in ``language`` (a code of
    ``LANGUAGES``; default: the language the author's pages speak).

    With ``stance_required`` (the HTML form, which asks) an argument without a stance is
    refused; otherwise it is neutral, the default the API keeps for the clients written
    before the stance was asked for. Mentions are resolved first (a name several people
    share is refused) and the text is stored with each mention pinned to its account.
    The same text by the same author in the same thread within ten minutes is refused
    (:class:`DuplicatePost`). The thread's counters are updated before that check: the row
    lock the update takes lasts until the commit, so of two identical posts sent at once the
    second waits, then finds the first committed.
    """
    body, stance, language = _checked_contribution(actor, thread, body=body, parent=parent,
                                                   stance=stance, now=now,
                                                   stance_required=stance_required,
                                                   language=language)
    stance = None if parent else (stance or Stance.NEUTRAL)
    rendered = render_post(session, thread, body)
    counts = {Thread.post_count: Thread.post_count + 1, Thread.last_activity_at: now}
    if parent is None:
        column = STANCE_COLUMNS[stance]
        counts.update({Thread.argument_count: Thread.argument_count + 1, column: column + 1})
    counted = (Thread.post_count, Thread.last_activity_at, Thread.argument_count,
               *STANCE_COLUMNS.values())
    row = session.execute(update(Thread).where(Thread.id == thread.id).values(counts)
                          .returning(*counted)).one()
    for column, value in zip(counted, row):  # the thread as this post leaves it: no reload
        set_committed_value(thread, column.key, value)
    first_id = first_duplicate(session, actor, thread, rendered.source, now)
    if first_id is not None:
        raise DuplicatePost(first_id)
    post = Post(thread_id=thread.id, author=actor, author_role=actor.role,
                parent_id=parent.id if parent else None,
                depth=parent.depth + 1 if parent else 0, body=rendered.source,
                body_html=rendered.html, stance=stance, language=language, created_at=now,
                argument_number=None if parent else thread.argument_count)
    session.add(post)
    session.flush()
    segment = str(post.id).zfill(PATH_WIDTH)
    post.path = f"{parent.path}/{segment}" if parent else segment
    post.root_id = parent.root_id if parent else post.id
    add_revision(session, actor, post.body, post.body_html, now=now, post=post)
    session.flush()
    if rendered.user_ids:  # a new post had no mentions before: nothing to look up otherwise
        record_mentions(session, post, rendered.user_ids, actor=actor, now=now)
    post_created.send(session, post=post, actor=actor, now=now,
                      mentioned=list(rendered.user_ids))
    return post


def check_can_edit_post(actor: User | None, post: Post, now: datetime) -> None:
    """Raise :class:`NotAllowed` unless ``actor`` may edit ``post`` now."""
    if not can_edit_post(actor, post, now):
        raise NotAllowed(str(EDIT_REFUSED))


def check_can_delete_post(actor: User | None, post: Post, now: datetime) -> None:
    """Raise :class:`NotAllowed` unless ``actor`` may delete ``post``."""
    if not can_delete_post(actor, post, now):
        raise NotAllowed(_("You can only delete your own posts."))


def _refused_edit(session: Session, actor: User, post: Post, version: int,
                  now: datetime) -> NotAllowed | Conflict:
    """Why an edit based on ``version`` lost: the post is gone, or someone saved a newer one."""
    session.refresh(post)
    if not can_edit_post(actor, post, now):
        return NotAllowed(str(EDIT_REFUSED))
    return Conflict(_("This post was changed while you were editing: you started from version "
                      "%(version)d, the current one is version %(current)d. Nothing was "
                      "overwritten; combine your text with the current one and save again.",
                      version=version, current=post.version), code="stale_version")


def _edited_stance(post: Post, stance: Stance | str | None) -> Stance | None:
    """The stance an edit gives ``post``: its own unless one is named (arguments only)."""
    stance = parse_stance(stance)
    if stance is None:
        return post.stance
    if not post.is_argument:
        raise Invalid(_("Only arguments (replies to the thread itself) take a stance."),
                      field="stance")
    return stance


def preview_edit(actor: User, post: Post, *, body: str, now: datetime) -> str:
    """Return the HTML an edit of ``post`` to ``body`` would save; nothing is saved."""
    check_can_edit_post(actor, post, now)
    return preview_text(actor, body, now=now)


def edit_post(session: Session, actor: User, post: Post, *, body: str, now: datetime,
              version: int | None = None, stance: Stance | str | None = None,
              language: str | None = None) -> Post:
    """Change a post's body, the language it is written in (``None`` keeps it) and, for an
    argument, its stance, based on ``version`` (default: the one loaded); keep the old text
    and stance in the post's revisions.

    The check and the change are one conditional UPDATE, so of several edits based on the same
    version exactly one is saved, and the revision written is the text the post now has.
    An edit based on an older version is a conflict (409) and changes nothing.
    """
    check_can_edit_post(actor, post, now)
    if version is not None and (not isinstance(version, int) or isinstance(version, bool)
                                or version < 1):
        raise Invalid(_("“version” must be the number of the version you edited."),
                      field="version")
    base = post.version if version is None else version
    body, new_language = Invalid.collect([
        lambda: clean_body(body),
        lambda: post.language if language is None else clean_language(language)])
    old_stance, new_stance = post.stance, _edited_stance(post, stance)
    if body == post.body and new_stance == old_stance and new_language == post.language:
        return post
    if base != post.version:
        raise _refused_edit(session, actor, post, base, now)
    check_new_account_links(actor, unlinked(body), now)
    rendered = render_post(session, post.thread, body)
    body, html = rendered.source, rendered.html
    if body == post.body and new_stance == old_stance \
            and new_language == post.language:  # "@Name" typed again for the "@[Name](id)"
        return post                             # it was stored as
    saved = session.execute(
        update(Post).where(Post.id == post.id, Post.version == base,
                           Post.deleted_at.is_(None), Post.hidden_at.is_(None))
        .values(body=body, body_html=html, edited_at=now, version=base + 1, stance=new_stance,
                language=new_language)
        .execution_options(synchronize_session=False))
    if saved.rowcount != 1:
        raise _refused_edit(session, actor, post, base, now)
    if new_stance != old_stance:
        count_visibility(session, post, -1)  # the post is visible: the UPDATE required it
    for name, value in (("body", body), ("body_html", html), ("edited_at", now),
                        ("version", base + 1), ("stance", new_stance),
                        ("language", new_language)):
        set_committed_value(post, name, value)
    if new_stance != old_stance:
        count_visibility(session, post, +1)
    add_revision(session, actor, body, html, now=now, post=post)
    record_mentions(session, post, rendered.user_ids, actor=actor, now=now)
    post_edited.send(session, post=post, actor=actor, now=now)
    session.flush()
    return post


def delete_post(session: Session, actor: User, post: Post, *, now: datetime) -> Post:
    """Delete a post by its author: the text goes, a placeholder keeps the tree intact."""
    check_can_delete_post(actor, post, now)
    if post.is_visible:
        count_visibility(session, post, -1)
    post.deleted_at = now
    session.flush()
    post_deleted.send(session, post=post, actor=actor, now=now)
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
        raise NotFound(_("There is no post at this address."))
    return post


def endorse(session: Session, actor: User, post: Post, *, now: datetime) -> Post:
    """Endorse someone else's post once; a second endorsement is a conflict.

    Two endorsements sent at once meet the table's key: the second one is the same conflict,
    and the count goes up once.
    """
    if actor is not None and actor.id == post.author_id:
        raise NotAllowed(_("You cannot endorse your own post."), code="own_post")
    if not can_endorse(actor, post, now):
        _ensure_can_contribute(actor, post.thread, now)
        raise NotAllowed(_("This post cannot be endorsed."))
    already = Conflict(_("You already endorse this post."), code="already_endorsed")
    if session.get(Endorsement, (actor.id, post.id)) is not None:
        raise already
    try:
        with savepoint(session):
            session.add(Endorsement(user_id=actor.id, post_id=post.id, created_at=now))
    except IntegrityError:
        raise already from None
    _bump_endorsements(session, post, +1)
    post_endorsed.send(session, post=post, actor=actor, now=now)
    return post


def withdraw_endorsement(session: Session, actor: User, post: Post, *, now: datetime) -> Post:
    """Withdraw an endorsement (allowed while the thread takes contributions)."""
    _ensure_can_contribute(actor, post.thread, now)
    gone = session.execute(delete(Endorsement).where(Endorsement.user_id == actor.id,
                                                     Endorsement.post_id == post.id))
    if gone.rowcount == 0:
        raise NotFound(_("You do not endorse this post."))
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
        raise NotFound(_("This post's history is not available."))
    return session.scalars(revisions_of_post(post)).all()


def endorsed_ids(session: Session, actor: User | None, post_ids: list[int]) -> set[int]:
    """Return which of ``post_ids`` ``actor`` endorses (one query)."""
    if actor is None or not post_ids:
        return set()
    stmt = select(Endorsement.post_id).where(Endorsement.user_id == actor.id,
                                             Endorsement.post_id.in_(post_ids))
    return set(session.scalars(stmt))

