"""Whole pages kept for readers who are not signed in.

A page is kept under a key its view builds from the numbers that move with every change to
what the page shows (``threads.content_version``, ``site_version``) and from everything about
the request it depends on (address, host, language). The session's CSRF token, the one thing
that differs from reader to reader, is put in per response. A kept page is not shown past
``until``: what a page says also moves with time (a consultation closes), so a page is kept
until the next moment its own dates name, and never longer than ``PAGE_LIFETIME``.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from forum.db import utcnow
from forum.i18n import current_language
from forum.pagecache.store import Kept

#: the longest a kept page is shown: how late a moment the page's own dates do not name
#: (a summary's response falling due, say) may show to a reader who is not signed in
PAGE_LIFETIME = timedelta(seconds=30)
#: what a session may hold for its reader's pages to be kept: the CSRF token and Flask-Login's
#: mark of a reader not signed in, nothing else (no
#: message waiting to be shown, no sign-in under way)
_PLAIN_SESSION = frozenset({"csrf_token", "_fresh"})


@dataclass(frozen=True, slots=True)
class KeptPage:
    """A page's HTML cut at the session's CSRF token, and until when it may be shown."""

    parts: tuple[str, ...]
    until: datetime

    @property
    def weight(self) -> int:
        """The characters of HTML kept."""
        return sum(len(part) for part in self.parts)


def _store() -> Kept[KeptPage]:
    return current_app.extensions.setdefault(
        "forum_page_cache",
        Kept(current_app.config["PAGE_CACHE_CHARS"], weigh=lambda page: page.weight))


def keepable(args: frozenset[str]) -> bool:
    """Whether this request's page may come from, or go to, the kept pages: a ``GET`` (or
    ``HEAD``) by a reader not signed in whose session holds nothing of its own, asking with
    no query parameters but the page's own ``args`` (made-up ones would each be a page kept)."""
    return (current_app.config["PAGE_CACHE_CHARS"] > 0 and request.method in ("GET", "HEAD")
            and not current_user.is_authenticated and args.issuperset(request.args.keys())
            and _PLAIN_SESSION.issuperset(session.keys()))


def request_key(*page: Hashable) -> tuple[Hashable, ...]:
    """``page`` (the view's numbers) with what of the request a page depends on, and the
    settings pages show (fixed while the app runs, but a test may change them)."""
    config = current_app.config
    return (*page, request.scheme, request.host, request.full_path, current_language(),
            config["TIMEZONE"], config["ARGUMENTS_PER_PAGE"], config["SITE_NAME"])


def kept(key: Hashable) -> str | None:
    """The kept page for ``key`` with this session's CSRF token, if one may be shown now."""
    page = _store().get(key)
    if page is None or utcnow() >= page.until:
        return None
    return str(escape(generate_csrf())).join(page.parts)


def keep(key: Hashable, html: str, dates: Iterable[datetime | None] = ()) -> None:
    """Keep ``html`` under ``key`` until the first of ``dates`` still to come (at most
    ``PAGE_LIFETIME``)."""
    now = utcnow()
    until = min((d for d in dates if d is not None and d > now), default=now + PAGE_LIFETIME)
    token = str(escape(generate_csrf()))
    _store().put(key, KeptPage(tuple(html.split(token)), min(until, now + PAGE_LIFETIME)))
