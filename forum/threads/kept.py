"""Kept pages that list threads (the home page, the topics, a topic's page, the outcomes)
or show one thread's record (the printable report): the key of the page for this request
and the dates it may be shown until (forum/pagecache)."""
from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from functools import cache

from sqlalchemy import Select, bindparam, select

from forum.db import db
from forum.pagecache.models import SiteVersion
from forum.pagecache.pages import keepable, request_key
from forum.threads.models import Thread
from forum.threads.services import listing_version


def listing_key(page: Hashable, now: datetime, *, topic: str | None = None,
                args: frozenset[str] = frozenset()) -> tuple[Hashable | None, list[datetime]]:
    """The key of the listing ``page`` (its name, with any setting it shows) of the threads
    of ``topic`` (by slug) or of every thread, as kept for this request, and the next dates its threads hold; no key when
    the page is not to be kept (a signed-in reader, a session with something of its own,
    query parameters but ``args``). One query."""
    if not keepable(args):
        return None, []
    row = db.session.execute(listing_version(topic=topic is not None),
                             {"now": now, "slug": topic}).one()
    if row[2] is None:  # no forum-wide number to check the page by
        return None, []
    return request_key(page, topic, *row[:3]), [date for date in row[3:] if date is not None]


@cache
def _thread_version() -> Select:
    return (select(Thread.content_version, SiteVersion.current())
            .where(Thread.id == bindparam("thread")))


def thread_key(page: Hashable, thread_id: int) -> Hashable | None:
    """The key of the page ``page`` (its name, with any setting it shows) of one thread and
    what hangs from it, as kept for this request; none when the page is not to be kept (as
    for :func:`listing_key`, or no such thread). One query."""
    if not keepable(frozenset()):
        return None
    row = db.session.execute(_thread_version(), {"thread": thread_id}).first()
    if row is None or row[1] is None:
        return None
    return request_key(page, thread_id, *row)
