"""Reading the search's query-string arguments (the page and the API share them)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from forum.accounts.models import User
from forum.errors import Invalid
from forum.i18n import _
from forum.inputs import is_real_date, whole_number
from forum.posts.models import Stance
from forum.search.models import DocumentKind
from forum.search.services import Filters
from forum.threads.models import Thread
from forum.threads.rules import can_view_thread
from forum.topics.models import Topic


def _choice(args: MultiDict[str, str], name: str, choices: type):  # noqa: ANN202
    raw = (args.get(name) or "").strip()
    if not raw:
        return None
    try:
        return choices(raw)
    except ValueError:
        names = ", ".join(c.value for c in choices)
        if name == "kind":
            raise Invalid(_("Choose a kind from: %(names)s.", names=names), field=name) from None
        raise Invalid(_("Choose a stance from: %(names)s.", names=names), field=name) from None


def _day(args: MultiDict[str, str], name: str) -> date | None:
    raw = (args.get(name) or "").strip()
    day = _iso_day(raw) if raw else None
    if raw and (day is None or not is_real_date(day)):
        raise Invalid(_("Enter a date as year-month-day, for example 2025-03-31."), field=name)
    return day


def _iso_day(raw: str) -> date | None:
    """``raw`` as a date (year-month-day), or ``None``."""
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def read_filters(session: Session, args: MultiDict[str, str], actor: User | None, *,
                 now: datetime) -> Filters:
    """Build the :class:`Filters` that ``args`` ask for, or raise 422 naming the argument."""
    filters = Filters(q=args.get("q") or "", kind=_choice(args, "kind", DocumentKind),
                      stance=_choice(args, "stance", Stance),
                      date_from=_day(args, "from"), date_to=_day(args, "to"))
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise Invalid(_("The first day comes after the last day; swap them."), field="to")
    slug = (args.get("topic") or "").strip()
    if slug:
        filters.topic = session.scalar(select(Topic).where(Topic.slug == slug))
        if filters.topic is None:
            raise Invalid(_("There is no topic of that name."), field="topic")
    raw_thread = (args.get("thread") or "").strip()
    if raw_thread:
        number = whole_number(raw_thread)
        thread = session.get(Thread, number) if number else None
        if thread is None or not can_view_thread(actor, thread, now):
            raise Invalid(_("There is no such thread."), field="thread")
        filters.thread = thread
    return filters
