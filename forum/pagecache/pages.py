"""Whole pages kept for readers who are not signed in, and for signed-in readers by class.

A page is kept under a key its view builds from the numbers that move with every change to
what the page shows (``threads.content_version``, ``site_version``) and from everything about
the request it depends on (address, host, language); a page that lists threads (the home
page, a topic's, the outcomes) by the number of its threads and the sum of their
``content_version`` (forum/threads/kept.py). The session's CSRF token, the one thing
that differs from reader to reader, is put in per response. A kept page is not shown past
``until``: what a page says also moves with time (a consultation closes), so a page is kept
until the next moment its own dates name, and never longer than ``PAGE_LIFETIME``.

A signed-in reader's page is kept for every reader of the same class (the view's key names
it: the role, and what the reader has to do with the page's subject). What is the reader's
own on every page, their name and unread count in the header, is rendered through
:func:`reader_part`, cut out of the kept page like the token and put in per response. What
only some readers of a class have their own version of (a post's card, for the person who
wrote or endorsed it) is kept as a region (:func:`reader_region`): the kept copy holds the
class's version, and :func:`kept` puts in the reader's own where their view makes one.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import count
from datetime import datetime, timedelta

from flask import current_app, g, request, session
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

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
#: and a signed-in reader's: who signed in (and when last seen, for staff sessions' idle
#: timeout), nothing else
_SIGNED_IN_SESSION = _PLAIN_SESSION | {"_user_id", "_seen", "_id"}
#: where a reader's own part stands in a page being kept (a character no page text holds);
#: a region (:func:`reader_region`) is its name, its HTML, then ``end``
_SLOT = "\x00{}\x00"
_SLOTS = re.compile("\x00([a-z]+(?:-[0-9]+)?)\x00")
_END = "end"


_SERIALS = count(1)


@dataclass(frozen=True, slots=True)
class KeptPage:
    """A page's HTML cut at the session's CSRF token, and until when it may be shown."""

    #: the page's text, and between each two pieces the name of the part put in there
    parts: tuple[str, ...]
    until: datetime
    #: the page's regions (:func:`reader_region`), each with the note its view left
    regions: Mapping[str, Hashable]
    #: which page this is (readers' own regions are kept by it)
    serial: int = field(default_factory=lambda: next(_SERIALS))

    @property
    def weight(self) -> int:
        """The characters of HTML kept."""
        return sum(len(part) for part in self.parts)


def _store() -> Kept[KeptPage]:
    return current_app.extensions.setdefault(
        "forum_page_cache",
        Kept(current_app.config["PAGE_CACHE_CHARS"], weigh=lambda page: page.weight))


def _own_store() -> Kept[Mapping[str, str]]:
    """Readers' own versions of kept pages' regions, by page and reader (a tenth of the
    pages' room: a few readers of a page have any)."""
    return current_app.extensions.setdefault(
        "forum_own_regions",
        Kept(current_app.config["PAGE_CACHE_CHARS"] // 10,
             weigh=lambda own: 1 + sum(len(html) for html in own.values())))


def _own(page: KeptPage, own: OwnRegions | None) -> Mapping[str, str] | None:
    """This reader's own versions of ``page``'s regions: made by ``own`` once for the page
    and kept while it is (the reader's parts in them, their token, are put in per response,
    as in the page)."""
    if own is None or not page.regions:
        return None
    key = (page.serial, current_user.get_id())
    found = _own_store().get(key)
    if found is None:
        found = own(page.regions)
        _own_store().put(key, found)
    return found


def keepable(args: frozenset[str], *, signed_in: bool = False) -> bool:
    """Whether this request's page may come from, or go to, the kept pages: a ``GET`` (or
    ``HEAD``) by a reader not signed in (or, with ``signed_in``, by any reader) whose session
    holds nothing of its own, asking with no query parameters but the page's own ``args``
    (made-up ones would each be a page kept)."""
    plain = _SIGNED_IN_SESSION if signed_in else _PLAIN_SESSION
    return (current_app.config["PAGE_CACHE_CHARS"] > 0 and request.method in ("GET", "HEAD")
            and (signed_in or not current_user.is_authenticated)
            and args.issuperset(request.args.keys()) and plain.issuperset(session.keys()))


def reader_part(name: str, html: str) -> Markup:
    """``{{ reader_part("name", html) }}``: ``html``, the reader's own part of every page
    (their name, their unread count); a page being kept gets a slot there instead, filled
    per response by :func:`kept` with :func:`reader_parts`."""
    if g.get("keeping_page"):
        return Markup(_SLOT.format(name))
    return Markup(html)


def reader_region(name: str, html: str, note: Hashable = None) -> str:
    """``html``, a part of the page that some readers of its class have their own version of
    (a post's card for the person who wrote or endorsed it). A page being kept marks it, so
    that :func:`kept` can put in a reader's own version instead; ``note`` is kept with the
    page for the view that makes those versions."""
    if not g.get("keeping_page"):
        return html
    g.setdefault("kept_regions", {})[name] = note
    return f"{_SLOT.format(name)}{html}{_SLOT.format(_END)}"


#: makes a reader's own versions of some of a kept page's regions: given the page's
#: ``{region: note}``, returns ``{region: html}`` for the regions that are theirs, their
#: token still a slot (``\x00csrf\x00``), so the versions can be kept for them
OwnRegions = Callable[[Mapping[str, Hashable]], Mapping[str, str]]


#: how each of a signed-in reader's own parts is made (registered by the packages that own
#: them: see :func:`own_part`)
_OWN_PARTS: dict[str, Callable[[], str]] = {
    "name": lambda: str(escape(current_user.display_name)),
}


def own_part(name: str) -> Callable[[Callable[[], str]], Callable[[], str]]:
    """Register the function that makes the part ``name`` for the signed-in reader (the
    same HTML the page's :func:`reader_part` call was given)."""
    def register(make: Callable[[], str]) -> Callable[[], str]:
        _OWN_PARTS[name] = make
        return make
    return register


#: what else a signed-in reader's kept page depends on, asked of the packages that know
#: (see :func:`reader_fact`): each is called with the page's subject, ``("thread", 12)``
_READER_FACTS: list[Callable[[str, int], Hashable]] = []


def reader_fact(fact: Callable[[str, int], Hashable]) -> Callable[[str, int], Hashable]:
    """Register ``fact(kind, id)``: something about the signed-in reader that a kept page of
    that subject shows (whether they follow it, say); it becomes part of the page's key."""
    if fact not in _READER_FACTS:
        _READER_FACTS.append(fact)
    return fact


def reader_facts(kind: str, subject_id: int) -> tuple[Hashable, ...]:
    """Every registered fact about the signed-in reader and the subject ``(kind, id)``."""
    return tuple(fact(kind, subject_id) for fact in _READER_FACTS)


def reader_parts() -> dict[str, str]:
    """The parts of a page that are the reader's own, made for this request."""
    found = {"csrf": str(escape(generate_csrf()))}
    if current_user.is_authenticated:
        found.update((name, make()) for name, make in _OWN_PARTS.items())
    return found


def _fill(parts: tuple[str, ...], fills: Mapping[str, str],
          own: Mapping[str, str] | None = None) -> str:
    """The page: its text with the reader's parts put in, and each region the reader has a
    version of (in ``own``) in place of the one kept."""
    out: list[str] = []
    skipping = False
    for i, part in enumerate(parts):
        if not i % 2:
            if not skipping:
                out.append(part)
        elif part == _END:
            skipping = False
        elif skipping:
            continue
        elif own and part in own:  # the reader's own version, with the reader's parts
            out.append(_fill(tuple(_SLOTS.split(own[part])), fills))
            skipping = True
        elif part in fills:
            out.append(fills[part])
    return "".join(out)


def request_key(*page: Hashable) -> tuple[Hashable, ...]:
    """``page`` (the view's numbers) with what of the request a page depends on, and the
    settings pages show (fixed while the app runs, but a test may change them)."""
    config = current_app.config
    return (*page, request.scheme, request.host, request.full_path, current_language(),
            config["TIMEZONE"], config["ARGUMENTS_PER_PAGE"], config["THREADS_PER_PAGE"],
            config["SITE_NAME"])


def kept(key: Hashable, own: OwnRegions | None = None) -> str | None:
    """The kept page for ``key`` with this reader's own parts (and, with ``own``, their own
    versions of its regions), if one may be shown now."""
    page = _store().get(key)
    if page is None or utcnow() >= page.until:
        return None
    return _fill(page.parts, reader_parts(), _own(page, own))


def kept_or_made(key: Hashable | None,
                 make: Callable[[], tuple[str, Iterable[datetime | None]]]) -> str:
    """The page kept for ``key``, or the page ``make()`` renders (with the dates what it
    shows changes at), kept for the next readers; with no key, made and not kept."""
    if key is None:
        return make()[0]
    if (html := kept(key)) is not None:
        return html
    with keeping():
        html, dates = make()
    return keep(key, html, dates)


@contextmanager
def keeping() -> Iterator[None]:
    """Inside, the page being made is one to keep: its reader's own parts become slots."""
    g.keeping_page = True
    g.kept_regions = {}
    try:
        yield
    finally:
        g.keeping_page = False


def keep(key: Hashable, html: str, dates: Iterable[datetime | None] = (),
         own: OwnRegions | None = None) -> str:
    """Keep ``html`` (made inside :func:`keeping`) under ``key`` until the first of ``dates``
    still to come (at most ``PAGE_LIFETIME``); return it with this reader's own parts (and,
    with ``own``, their own versions of its regions)."""
    now = utcnow()
    until = min((d for d in dates if d is not None and d > now), default=now + PAGE_LIFETIME)
    fills = reader_parts()
    parts = tuple(_SLOTS.split(html.replace(fills["csrf"], _SLOT.format("csrf"))))
    page = KeptPage(parts, min(until, now + PAGE_LIFETIME), dict(g.pop("kept_regions", {})))
    _store().put(key, page)
    return _fill(page.parts, fills, _own(page, own))
