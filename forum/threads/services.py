"""Thread operations: start, edit, look up and list threads."""
from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from blinker import signal
from sqlalchemy import Row, Select, bindparam, case, func, select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.rules import is_new_account, is_staff, why_cannot_write
from forum.db import UTCDateTime
from forum.errors import Invalid, NotAllowed, NotFound
from forum.i18n import _, ngettext, writing_language, written_languages
from forum.markup import count_links, render_markdown
from forum.pagecache.models import SiteVersion
from forum.threads.models import Thread
from forum.threads.rules import can_edit_thread, can_view_thread
from forum.threads.signals import thread_started
from forum.topics.models import Topic
from forum.topics.rules import can_start_thread
from forum.topics.services import check_takes_new_threads

TITLE_MIN, TITLE_MAX = 5, 200
BODY_MAX = 20_000
#: links a post or an opening text by an account younger than a day may contain
NEW_ACCOUNT_MAX_LINKS = 2

#: sent as ``opening_text_saved.send(session, editor=, thread=, now=)`` each time a thread's
#: opening text is saved (started or changed); the posts package records the revision
opening_text_saved = signal("forum.threads.opening_text_saved")
#: sent as ``thread_edited.send(session, editor=, thread=, now=)`` after every edit of a
#: thread's title or opening text
thread_edited = signal("forum.threads.edited")


def clean_title(title: str) -> str:
    """Validate a thread title (5–200 characters) and return it trimmed."""
    title = " ".join((title or "").split())
    if len(title) < TITLE_MIN:
        raise Invalid(ngettext("Enter a title of at least %(num)d character.",
                               "Enter a title of at least %(num)d characters.", TITLE_MIN),
                      field="title")
    if len(title) > TITLE_MAX:
        raise Invalid(ngettext("Keep the title to %(num)d character or fewer.",
                               "Keep the title to %(num)d characters or fewer.", TITLE_MAX),
                      field="title")
    return title


def clean_body(body: str, field: str = "body") -> str:
    """Validate a Markdown body (1–20,000 characters) and return it with line ends unified."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise Invalid(_("Enter some text."), field=field)
    if len(body) > BODY_MAX:
        raise Invalid(_("Keep the text to %(most)s characters or fewer (it has %(has)s).",
                        most=f"{BODY_MAX:,}", has=f"{len(body):,}"), field=field)
    return body


def clean_language(value: object, field: str = "language") -> str:
    """Validate the language a text is written in: a code of :func:`written_languages`
    (``None`` or empty: :func:`writing_language`); anything else is refused (422)."""
    if value is None or value == "":
        return writing_language()
    offered = written_languages()
    if not isinstance(value, str) or value not in offered:
        raise Invalid(_("Choose the language your text is written in (one of: %(codes)s).",
                        codes=", ".join(offered)), field=field, code="invalid_language")
    return value


def check_new_account_links(actor: User, body: str, now: datetime, field: str = "body") -> None:
    """Accounts younger than a day may put at most :data:`NEW_ACCOUNT_MAX_LINKS` links in a text."""
    if is_new_account(actor, now) and count_links(body) > NEW_ACCOUNT_MAX_LINKS:
        raise Invalid(ngettext("New accounts can include at most %(num)d link in a post. "
                               "Remove some links, or post them again tomorrow.",
                               "New accounts can include at most %(num)d links in a post. "
                               "Remove some links, or post them again tomorrow.",
                               NEW_ACCOUNT_MAX_LINKS), field=field)


def preview_text(actor: User, body: str, *, now: datetime, field: str = "body") -> str:
    """Return the HTML a Markdown ``body`` would be saved as, after the checks saving makes
    (length, a new account's links); nothing is saved."""
    body = clean_body(body, field)
    check_new_account_links(actor, body, now, field)
    return render_markdown(body)


def check_can_start_thread(actor: User, topic: Topic, now: datetime) -> None:
    """Raise :class:`NotAllowed` saying why ``actor`` may not start a thread in ``topic``."""
    if not can_start_thread(actor, topic, now):
        check_takes_new_threads(topic)
        code, message = (why_cannot_write(actor, now)
                         or ("suspended", _("You cannot start a thread.")))
        raise NotAllowed(message, code=code)


def start_thread(session: Session, actor: User, topic: Topic, *, title: str, body: str,
                 now: datetime, model: type[Thread] = Thread, language: str | None = None,
                 **fields: object) -> Thread:
    """Start a thread in ``topic``: a discussion, or a ``model`` subclass with its ``fields``
    (whose own checks its service has made). ``language`` is the opening text's (default:
    :func:`writing_language`)."""
    check_can_start_thread(actor, topic, now)
    title, body, language = Invalid.collect([lambda: clean_title(title),
                                             lambda: clean_body(body),
                                             lambda: clean_language(language)])
    check_new_account_links(actor, body, now)
    thread = model(topic=topic, author=actor, author_role=actor.role, title=title, body=body,
                   language=language, created_at=now, last_activity_at=now, **fields)
    thread.body_html = render_markdown(thread.body)
    session.add(thread)
    session.flush()
    opening_text_saved.send(session, editor=actor, thread=thread, now=now)
    thread_started.send(session, thread=thread, actor=actor, now=now)
    session.flush()
    return thread


def check_can_edit_thread(actor: User | None, thread: Thread, now: datetime) -> None:
    """Raise :class:`NotAllowed` unless ``actor`` may edit ``thread``'s opening text now."""
    if not can_edit_thread(actor, thread, now):
        raise NotAllowed(_("Only the author can edit this thread while it is open."))


def edit_thread(session: Session, actor: User, thread: Thread, *, body: str,
                title: str | None = None, language: str | None = None,
                now: datetime) -> Thread:
    """Change the opening text (and optionally the title and the language it is written in:
    ``None`` keeps it); keeps a revision."""
    check_can_edit_thread(actor, thread, now)
    body = clean_body(body)
    if title is not None:
        thread.title = clean_title(title)
    if language is not None:
        thread.language = clean_language(language)
    if body != thread.body:
        check_new_account_links(actor, body, now)
        thread.body = body
        thread.body_html = render_markdown(body)
        thread.edited_at = now
        opening_text_saved.send(session, editor=actor, thread=thread, now=now)
    session.flush()
    thread_edited.send(session, editor=actor, thread=thread, now=now)
    return thread


def get_thread(session: Session, thread_id: int, actor: User | None, *, now: datetime) -> Thread:
    """Return the thread if ``actor`` may see it, else raise :class:`NotFound`."""
    thread = session.get(Thread, thread_id)
    if thread is None or not can_view_thread(actor, thread, now):
        raise NotFound(_("There is no thread at this address."))
    return thread


def topic_threads(topic: Topic, actor: User | None, *, now: datetime) -> Select:
    """Select a topic's threads visible to ``actor``: featured ones (open consultations)
    first, then by activity."""
    stmt = select(Thread).where(Thread.topic_id == topic.id)
    if not is_staff(actor):
        visible = ~Thread.is_upcoming(now)
        if actor is not None:
            visible = visible | (Thread.author_id == actor.id)
        stmt = stmt.where(visible)
    return stmt.order_by(Thread.is_featured(now).desc(), Thread.last_activity_at.desc(),
                         Thread.id.desc())


@cache
def listing_version(*, topic: bool = False) -> Select:
    """One row for a kept page that lists threads (the home page, the topics, or with
    ``topic`` a topic's page, by the parameter ``slug``): what its key holds and until when
    it may be shown, at the parameter ``now``. Built once: run it with both parameters.

    Its first three columns change with every write such a page can show: the number of
    the threads, the sum of their ``content_version`` and the forum-wide ``site_version``
    (forum/pagecache/triggers.py). Between two moves of ``site_version`` the threads only
    gain new ones (none is deleted or moved to another topic without moving it) and each
    ``content_version`` only grows, with any change to its thread or to what hangs from it:
    so the same three numbers mean the same threads at the same versions. The rest are the
    next of each date the threads hold (a consultation opening or closing, a proposal's
    collecting ending), when what the page lists changes with no write at all."""
    now = bindparam("now", type_=UTCDateTime())
    dates = [c for c in Thread.__table__.columns if isinstance(c.type, UTCDateTime)]
    stmt = select(func.count(Thread.id), func.coalesce(func.sum(Thread.content_version), 0),
                  SiteVersion.current(), *(func.min(case((c > now, c))) for c in dates))
    if not topic:
        return stmt.select_from(Thread)
    return stmt.select_from(Topic).outerjoin(Thread, Thread.topic_id == Topic.id).where(
        Topic.slug == bindparam("slug"))


def topics_with_stats(session: Session, *, include_archived: bool = True) -> list[Row[Any]]:
    """Return ``(topic, thread_count, post_count, last_activity)`` rows in one query; the
    post count includes each thread's opening post (a thread of one opening post is one post)."""
    stats = (select(Thread.topic_id,
                    func.count(Thread.id).label("threads"),
                    func.coalesce(func.sum(Thread.post_count + 1), 0).label("posts"),
                    func.max(Thread.last_activity_at).label("last_activity"))
             .group_by(Thread.topic_id).subquery())
    stmt = (select(Topic, func.coalesce(stats.c.threads, 0), func.coalesce(stats.c.posts, 0),
                   stats.c.last_activity)
            .outerjoin(stats, stats.c.topic_id == Topic.id)
            .order_by(Topic.archived_at.is_not(None), Topic.title))
    if not include_archived:
        stmt = stmt.where(Topic.archived_at.is_(None))
    return list(session.execute(stmt).all())
