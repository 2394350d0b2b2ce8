"""Kept pages that list threads (the home page, the topics, a topic's page, the outcomes): the key of the
page for this request and the dates it may be shown until (forum/pagecache)."""
from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime

from forum.db import db
from forum.pagecache.pages import keepable, request_key
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
