"""Dates and times as pages show them: local time, ``<time>`` attributes, "3 hours ago".
A leaf module; :mod:`forum.web` registers these as template filters."""
from __future__ import annotations

from datetime import datetime

from forum.db import utcnow
from forum.settings import forum_zone


def localtime(value: datetime | None, fmt: str = "%-d %B %Y, %H:%M") -> str:
    """Format an aware datetime in the forum's time zone."""
    if value is None:
        return ""
    return value.astimezone(forum_zone()).strftime(fmt)


def datetime_attr(value: datetime) -> str:
    """ISO 8601 value for a ``<time datetime>`` attribute."""
    return value.isoformat(timespec="seconds")


def relative_time(value: datetime, now: datetime | None = None) -> str:
    """Say how long ago (or until) ``value`` is, in words."""
    now = now or utcnow()
    seconds = int((now - value).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            words = f"{n} {unit}{'s' if n != 1 else ''}"
            return f"in {words}" if future else f"{words} ago"
    return "in under a minute" if future else "just now"
