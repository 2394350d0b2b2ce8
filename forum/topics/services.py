"""Topic operations: create, edit, archive and look up topics."""
from __future__ import annotations

import re
from datetime import datetime

from blinker import signal
from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.errors import Invalid, NotAllowed, NotFound
from forum.i18n import _
from forum.markup import STAFF_MARKUP_COST, render_markdown
from forum.topics.models import Topic
from forum.topics.rules import can_manage_topics

#: sent as ``topic_archived.send(session, actor=, topic=, archived=, now=)``; the moderation
#: log listens
topic_archived = signal("forum.topics.archived")

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """Turn a title into a URL slug."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _validate(session: Session, topic: Topic | None, title: str, slug: str,
              description: str) -> tuple[str, str, str]:
    title = title.strip()
    slug = (slug.strip() or slugify(title)).lower()
    if not 2 <= len(title) <= 100:
        raise Invalid(_("Enter a title of 2 to 100 characters."), field="title")
    if not SLUG_RE.match(slug) or len(slug) > 60:
        raise Invalid(_("Use lower-case letters, digits and hyphens for the slug (60 at most)."),
                      field="slug")
    if len(description) > 20_000:
        raise Invalid(_("Keep the description under 20,000 characters."), field="description")
    clash = session.scalar(select(Topic.id).where(Topic.slug == slug))
    if clash is not None and (topic is None or clash != topic.id):
        raise Invalid(_("Another topic already uses this slug."), field="slug")
    return title, slug, description


def check_takes_new_threads(topic: Topic) -> None:
    """Raise :class:`NotAllowed` when ``topic`` is archived: it takes no new threads of any kind."""
    if topic.is_archived:
        raise NotAllowed(_("This topic is archived; it no longer takes new threads."),
                         code="topic_archived")


def check_can_manage_topics(actor: User | None, now: datetime) -> None:
    """Raise :class:`NotAllowed` unless ``actor`` may create, edit and archive topics."""
    if not can_manage_topics(actor, None, now):
        raise NotAllowed(_("Only administrators can manage topics."))


def create_topic(session: Session, actor: User, *, title: str, slug: str = "",
                 description: str = "", now: datetime) -> Topic:
    """Create a policy topic (admins)."""
    if not can_manage_topics(actor, None, now):
        raise NotAllowed(_("Only administrators can create topics."))
    title, slug, description = _validate(session, None, title, slug, description)
    topic = Topic(title=title, slug=slug, description=description,
                  description_html=render_markdown(description, budget=STAFF_MARKUP_COST),
                  created_at=now)
    session.add(topic)
    session.flush()
    return topic


def update_topic(session: Session, actor: User, topic: Topic, *, title: str, slug: str,
                 description: str, now: datetime) -> Topic:
    """Edit a topic's title, slug and description (admins)."""
    if not can_manage_topics(actor, topic, now):
        raise NotAllowed(_("Only administrators can edit topics."))
    topic.title, topic.slug, topic.description = _validate(session, topic, title, slug, description)
    topic.description_html = render_markdown(topic.description,
                                             budget=STAFF_MARKUP_COST)
    session.flush()
    return topic


def set_archived(session: Session, actor: User, topic: Topic, archived: bool, *,
                 now: datetime) -> Topic:
    """Archive or reopen a topic (admins)."""
    if not can_manage_topics(actor, topic, now):
        raise NotAllowed(_("Only administrators can archive topics."))
    changed = topic.is_archived != archived
    topic.archived_at = now if archived else None
    session.flush()
    if changed:
        topic_archived.send(session, actor=actor, topic=topic, archived=archived, now=now)
    return topic


def get_topic(session: Session, slug: str) -> Topic:
    """Return the topic with this slug or raise :class:`NotFound`."""
    topic = session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        raise NotFound(_("There is no topic at this address."))
    return topic

