"""Reading and showing consultation dates: ISO 8601 from the API, local wall-clock times
from forms, and the words the status banner uses."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from forum.errors import Invalid
from forum.inputs import FIRST_YEAR, LAST_YEAR, is_real_date

#: how datetime-local inputs are written (browsers send the first; people may type the others)
LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
#: how the banner shows a date in the current year, and otherwise
SAME_YEAR_FORMAT = "%A %-d %B, %H:%M"
FULL_FORMAT = "%A %-d %B %Y, %H:%M"


def parse_iso(value: object, field: str, *, required: bool = True) -> datetime | None:
    """Read an ISO 8601 date-time with an offset (API input) as aware UTC, or raise Invalid."""
    if value is None or value == "":
        if required:
            raise Invalid(f"“{field}” is required: an ISO 8601 date and time with an offset, "
                          "for example 2026-03-14T17:00:00+00:00.", field=field)
        return None
    if not isinstance(value, str):
        raise Invalid(f"“{field}” must be a string such as 2026-03-14T17:00:00+00:00.",
                      field=field)
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(f"“{field}” is not a valid ISO 8601 date and time "
                      "(for example 2026-03-14T17:00:00+00:00).", field=field) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise Invalid(f"“{field}” needs a UTC offset, for example 2026-03-14T17:00:00+00:00 "
                      "or 2026-03-14T17:00:00Z.", field=field)
    if not is_real_date(parsed):
        raise Invalid(f"“{field}”: enter a real date, between the years {FIRST_YEAR} and "
                      f"{LAST_YEAR}.", field=field)
    return parsed.astimezone(UTC)


def parse_local(text: str) -> datetime:
    """Read a wall-clock date and time typed in a form (no zone); raise ValueError if unreadable."""
    text = " ".join(text.split())
    for fmt in LOCAL_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueError(text)


def local_to_utc(naive: datetime, zone: ZoneInfo) -> datetime:
    """Interpret a wall-clock time in ``zone`` as aware UTC.

    Raises ValueError for a time that does not exist there (the hour skipped when the
    clocks go forward). In the repeated hour when they go back, the first one is meant.
    """
    if not is_real_date(naive):
        raise ValueError(f"Enter a real date, between the years {FIRST_YEAR} and {LAST_YEAR}.")
    aware = naive.replace(tzinfo=zone, fold=0)
    as_utc = aware.astimezone(UTC)
    if as_utc.astimezone(zone).replace(tzinfo=None) != naive:
        raise ValueError(f"{naive:%H:%M} does not exist on {naive:%-d %B %Y} in {zone}: "
                         "the clocks go forward then.")
    return as_utc


def utc_to_local_input(value: datetime | None, zone: ZoneInfo) -> str:
    """Write an aware datetime as a datetime-local input value in ``zone``."""
    return value.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if value else ""


def format_when(value: datetime, zone: ZoneInfo, now: datetime | None = None) -> str:
    """Show a date and time in ``zone``: "Friday 4 December, 17:00" in ``now``'s year,
    with the year otherwise (or always, without ``now``)."""
    local = value.astimezone(zone)
    same_year = now is not None and now.astimezone(zone).year == local.year
    return local.strftime(SAME_YEAR_FORMAT if same_year else FULL_FORMAT)


def remaining(delta: timedelta) -> str:
    """Say how long ``delta`` is in the largest sensible unit: "3 days", "5 hours", "1 minute"."""
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return "under a minute"
    for unit, size, at_least in (("day", 86400, 2), ("hour", 3600, 1), ("minute", 60, 1)):
        count = seconds // size
        if count >= at_least:
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return "under a minute"  # pragma: no cover - the minute branch always matches
