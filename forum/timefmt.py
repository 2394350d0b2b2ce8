"""Dates, times and numbers as pages show them, in the language spoken: local time,
``<time>`` attributes, "3 hours ago", "1,234". A leaf module; :mod:`forum.web` registers
these as template filters.

Formats are Babel's (CLDR) patterns, so month names and digits follow the locale; in
English the output is what it has always been ("3 December 2026, 14:05", "2 days ago").
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal

from babel import Locale, dates
from flask import has_app_context
from flask_babel import format_decimal, format_timedelta, get_locale

from forum.db import utcnow
from forum.i18n import LocalTime, _
from forum.settings import forum_zone

#: the named formats (CLDR patterns) pages ask for
FORMATS = {
    "datetime": "d MMMM y, HH:mm",
    "date": "d MMMM y",
    "month": "MMMM y",
    "day_datetime": "EEEE d MMMM y, HH:mm",
    "day_time": "EEEE d MMMM, HH:mm",
}
#: the strftime formats templates used before, read as the named format they meant
STRFTIME = {"%-d %B %Y, %H:%M": "datetime", "%-d %B %Y": "date", "%d %B %Y": "date",
            "%B %Y": "month", "%A %-d %B %Y, %H:%M": "day_datetime"}
#: the units of :func:`relative_time`, largest first, in seconds
UNITS = (("day", 86400), ("hour", 3600), ("minute", 60))


def localtime(value: datetime | None, fmt: str = "datetime", zone: tzinfo | None = None) -> str:
    """Format an aware datetime in ``zone`` (the forum's time zone unless given) and the
    language spoken.

    ``fmt`` is a name of :data:`FORMATS` (or one of the strftime formats of :data:`STRFTIME`).
    """
    if value is None:
        return ""
    pattern = FORMATS[STRFTIME.get(fmt, fmt)]
    local = value.astimezone(zone or forum_zone())
    if "H" not in pattern:
        return dates.format_date(local.date(), pattern, locale=_locale())
    # the zone is applied already: Babel formats the wall-clock time as it is
    return dates.format_datetime(local.replace(tzinfo=None), pattern, locale=_locale())


def deferred_time(value: date, fmt: str = "datetime", zone: tzinfo | None = None) -> LocalTime:
    """A date (or an aware datetime, in ``zone``: the forum's unless given) to format as
    :func:`localtime` does, in the language spoken when it is read (a notification's)."""
    if not isinstance(value, datetime):
        return LocalTime(value, FORMATS[fmt])
    return LocalTime(value, FORMATS[fmt], str(zone or forum_zone()))


def local_date(value: date, fmt: str = "date") -> str:
    """Format a calendar date (no time, no zone) in the language spoken."""
    return dates.format_date(value, FORMATS[fmt], locale=_locale())


def _locale() -> Locale:
    """The language spoken (English outside the app, as in a unit test of a rule)."""
    return (get_locale() if has_app_context() else None) or Locale.parse("en_GB")


def datetime_attr(value: datetime) -> str:
    """ISO 8601 value for a ``<time datetime>`` attribute."""
    return value.isoformat(timespec="seconds")


def relative_time(value: datetime, now: datetime | None = None) -> str:
    """Say how long ago (or until) ``value`` is, in words, counting whole units."""
    now = now or utcnow()
    seconds = int((now - value).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    for unit, size in UNITS:
        if seconds >= size:
            count = seconds // size
            # Babel rounds to the largest unit over its threshold: a threshold of the count
            # itself keeps "10 days" from becoming "1 week", and 23 hours from "1 day"
            delta = timedelta(seconds=count * size)
            return format_timedelta(delta if future else -delta, granularity=unit,
                                    threshold=count, add_direction=True)
    return _("in under a minute") if future else _("just now")


def number(value: int | float | Decimal | None) -> str:
    """A number with the language's digit grouping and decimal sign ("1,234.5")."""
    if value is None:
        return ""
    return format_decimal(value)
