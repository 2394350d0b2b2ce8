"""Thread operations: start, edit, look up and list threads."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.rules import is_new_account, is_staff
from forum.errors import Invalid, NotAllowed, NotFound
from forum.markup import count_links, render_markdown
from forum.threads.models import Revision, Thread
from forum.threads.rules import can_edit_thread, can_view_thread
from forum.topics.models import Topic
from forum.topics.rules import can_start_thread

TITLE_MIN, TITLE_MAX = 5, 200
BODY_MAX = 20_000
#: links a post or an opening text by an account younger than a day may contain
NEW_ACCOUNT_MAX_LINKS = 2


def clean_title(title: str) -> str:
    """Validate a thread title (5–200 characters) and return it trimmed."""
    title = " ".join((title or "").split())
    if len(title) < TITLE_MIN:
        raise Invalid(f"Enter a title of at least {TITLE_MIN} characters.", field="title")
    if len(title) > TITLE_MAX:
        raise Invalid(f"Keep the title to {TITLE_MAX} characters or fewer.", field="title")
    return title


def clean_body(body: str, field: str = "body") -> str:
    """Validate a Markdown body (1–20,000 characters) and return it with line ends unified."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise Invalid("Enter some text.", field=field)
    if len(body) > BODY_MAX:
        raise Invalid(f"Keep the text to {BODY_MAX:,} characters or fewer "
                      f"(it has {len(body):,}).", field=field)
    return body


def check_new_account_links(actor: User, body: str, now: datetime, field: str = "body") -> None:
    """Accounts younger than a day may put at most :data:`NEW_ACCOUNT_MAX_LINKS` links in a text."""
    if is_new_account(actor, now) and count_links(body) > NEW_ACCOUNT_MAX_LINKS:
        raise Invalid(f"New accounts can include at most {NEW_ACCOUNT_MAX_LINKS} links in a post. "
                      "Remove some links, or post them again tomorrow.", field=field)


def add_revision(session: Session, editor: User, body: str, body_html: str, *, now: datetime,
                 thread: Thread | None = None, post=None) -> Revision:  # noqa: ANN001
    """Record one saved version of a thread's opening text or of a post."""
    revision = Revision(thread_id=thread.id if thread else None, post_id=post.id if post else None,
                        editor_id=editor.id, body=body, body_html=body_html, created_at=now)
    session.add(revision)
    return revision


def start_thread(session: Session, actor: User, topic: Topic, *, title: str, body: str,
                 now: datetime, model: type[Thread] = Thread, **fields: object) -> Thread:
    """Start a thread in ``topic``: a discussion, or a ``model`` subclass with its ``fields``
    (whose own checks its service has made)."""
    if not can_start_thread(actor, topic, now):
        if topic.is_archived:
            raise NotAllowed("This topic is archived; it no longer takes new threads.",
                             code="topic_archived")
        raise NotAllowed("You cannot start a thread.", code="suspended")
    title, body = clean_title(title), clean_body(body)
    check_new_account_links(actor, body, now)
    thread = model(topic=topic, author=actor, title=title, body=body, created_at=now,
                   last_activity_at=now, **fields)
    thread.body_html = render_markdown(thread.body)
    session.add(thread)
    session.flush()
    add_revision(session, actor, thread.body, thread.body_html, now=now, thread=thread)
    session.flush()
    return thread


def edit_thread(session: Session, actor: User, thread: Thread, *, body: str,
                title: str | None = None, now: datetime) -> Thread:
    """Change the opening text (and optionally the title); keeps a revision."""
    if not can_edit_thread(actor, thread, now):
        raise NotAllowed("Only the author can edit this thread while it is open.")
    body = clean_body(body)
    if title is not None:
        thread.title = clean_title(title)
    if body != thread.body:
        check_new_account_links(actor, body, now)
        thread.body = body
        thread.body_html = render_markdown(body)
        thread.edited_at = now
        add_revision(session, actor, thread.body, thread.body_html, now=now, thread=thread)
    session.flush()
    return thread


def get_thread(session: Session, thread_id: int, actor: User | None, *, now: datetime) -> Thread:
    """Return the thread if ``actor`` may see it, else raise :class:`NotFound`."""
    thread = session.get(Thread, thread_id)
    if thread is None or not can_view_thread(actor, thread, now):
        raise NotFound("There is no thread at this address.")
    return thread


def thread_revisions(thread: Thread) -> Select:
    """Select the saved versions of a thread's opening text, newest first."""
    return (select(Revision).where(Revision.thread_id == thread.id)
            .order_by(Revision.created_at.desc(), Revision.id.desc()))


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
