"""Days as people mean them: in the forum's time zone (``TIMEZONE``)."""
from __future__ import annotations

from datetime import date, datetime, time

from forum.settings import forum_zone


def start_of_day(day: date | None) -> datetime | None:
    """The first moment of ``day`` in the forum's time zone (``None`` stays ``None``)."""
    return None if day is None else datetime.combine(day, time.min, tzinfo=forum_zone())


def end_of_day(day: date | None) -> datetime | None:
    """The last moment of ``day`` in the forum's time zone (``None`` stays ``None``)."""
    return None if day is None else datetime.combine(day, time.max, tzinfo=forum_zone())
