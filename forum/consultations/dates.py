"""Reading and showing consultation dates: ISO 8601 from the API, local wall-clock times
from forms, and the words the status banner uses."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from forum.errors import Invalid
from forum.i18n import LocalTime, _, ngettext
from forum.inputs import FIRST_YEAR, LAST_YEAR, is_real_date
from forum.timefmt import deferred_time, local_date, localtime

#: how datetime-local inputs are written (browsers send the first; people may type the others)
LOCAL_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")
#: how the banner shows a date in the current year, and otherwise
#: how :func:`format_when` shows a time (names of :data:`forum.timefmt.FORMATS`)
SAME_YEAR_FORMAT = "day_time"
FULL_FORMAT = "day_datetime"


def parse_iso(value: object, field: str, *, required: bool = True) -> datetime | None:
    """Read an ISO 8601 date-time with an offset (API input) as aware UTC, or raise Invalid."""
    if value is None or value == "":
        if required:
            raise Invalid(_("“%(field)s” is required: an ISO 8601 date and time with an offset, "
                            "for example 2026-03-14T17:00:00+00:00.", field=field), field=field)
        return None
    if not isinstance(value, str):
        raise Invalid(_("“%(field)s” must be a string such as 2026-03-14T17:00:00+00:00.",
                        field=field), field=field)
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(_("“%(field)s” is not a valid ISO 8601 date and time "
                        "(for example 2026-03-14T17:00:00+00:00).", field=field),
                      field=field) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise Invalid(_("“%(field)s” needs a UTC offset, for example "
                        "2026-03-14T17:00:00+00:00 or 2026-03-14T17:00:00Z.", field=field),
                      field=field)
    if not is_real_date(parsed):
        raise Invalid(_("“%(field)s”: enter a real date, between the years %(first)d and "
                        "%(last)d.", field=field, first=FIRST_YEAR, last=LAST_YEAR),
                      field=field)
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
        raise ValueError(_("Enter a real date, between the years %(first)d and %(last)d.",
                           first=FIRST_YEAR, last=LAST_YEAR))
    aware = naive.replace(tzinfo=zone, fold=0)
    as_utc = aware.astimezone(UTC)
    if as_utc.astimezone(zone).replace(tzinfo=None) != naive:
        raise ValueError(_("%(time)s does not exist on %(day)s in %(zone)s: the clocks go "
                           "forward then.", time=f"{naive:%H:%M}", day=local_date(naive.date()),
                           zone=str(zone)))
    return as_utc


def utc_to_local_input(value: datetime | None, zone: ZoneInfo) -> str:
    """Write an aware datetime as a datetime-local input value in ``zone``."""
    return value.astimezone(zone).strftime("%Y-%m-%dT%H:%M") if value else ""


def format_when(value: datetime, zone: ZoneInfo, now: datetime | None = None) -> str:
    """Show a date and time in ``zone``: "Friday 4 December, 17:00" in ``now``'s year,
    with the year otherwise (or always, without ``now``)."""
    return localtime(value, _when_format(value, zone, now), zone)


def deferred_when(value: datetime, zone: ZoneInfo, now: datetime | None = None) -> LocalTime:
    """:func:`format_when`, formatted when read, in the reader's language (a notification)."""
    return deferred_time(value, _when_format(value, zone, now), zone)


def _when_format(value: datetime, zone: ZoneInfo, now: datetime | None) -> str:
    same_year = now is not None and now.astimezone(zone).year == value.astimezone(zone).year
    return SAME_YEAR_FORMAT if same_year else FULL_FORMAT


def remaining(delta: timedelta) -> str:
    """Say how long ``delta`` is in the largest sensible unit: "3 days", "5 hours", "1 minute"."""
    seconds = int(delta.total_seconds())
    if seconds >= 2 * 86400:
        return ngettext("%(num)d day", "%(num)d days", seconds // 86400)
    if seconds >= 3600:
        return ngettext("%(num)d hour", "%(num)d hours", seconds // 3600)
    if seconds >= 60:
        return ngettext("%(num)d minute", "%(num)d minutes", seconds // 60)
    return _("under a minute")
