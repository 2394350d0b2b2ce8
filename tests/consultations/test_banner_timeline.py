"""The status banner's words and the date helpers (no database); the timeline is tested
with the status it follows, in tests/outcomes."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from forum.consultations.banner import consultation_banner
from forum.consultations.dates import (format_when, local_to_utc, parse_iso, parse_local,
                                       remaining, utc_to_local_input)
from forum.consultations.models import Consultation
from forum.errors import Invalid
from forum.threads.models import Thread

LONDON = ZoneInfo("Europe/London")
OPENS = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
CLOSES = datetime(2026, 12, 4, 17, 0, tzinfo=UTC)  # a Friday; London is on GMT


def consultation(**changes) -> Consultation:
    values = {"title": "Twenty is plenty",
              "question": "Should streets be 20 mph?", "created_at": OPENS - timedelta(days=1),
              "opens_at": OPENS, "closes_at": CLOSES, "closed_early_reason": None}
    values.update(changes)
    return Consultation(**values)


# Banner ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("now", "text"), [
    (CLOSES - timedelta(days=3), "Open: closes in 3 days (Friday 4 December, 17:00)"),
    (CLOSES - timedelta(days=3, hours=20), "Open: closes in 3 days (Friday 4 December, 17:00)"),
    (CLOSES - timedelta(hours=30), "Open: closes in 30 hours (Friday 4 December, 17:00)"),
    (CLOSES - timedelta(hours=1), "Open: closes in 1 hour (Friday 4 December, 17:00)"),
    (CLOSES - timedelta(minutes=5), "Open: closes in 5 minutes (Friday 4 December, 17:00)"),
    (CLOSES - timedelta(seconds=5), "Open: closes in under a minute (Friday 4 December, 17:00)"),
])
def test_the_open_banner_counts_down(now, text):
    banner = consultation_banner(consultation(), now, LONDON)
    assert (banner.state, banner.text, banner.reason) == ("open", text, None)


def test_the_open_banner_gives_the_year_when_it_is_not_this_year():
    thread = consultation(opens_at=datetime(2025, 12, 1, tzinfo=UTC))
    banner = consultation_banner(thread, datetime(2025, 12, 30, tzinfo=UTC), LONDON)
    assert banner.text == "Open: closes in 339 days (Friday 4 December 2026, 17:00)"


def test_the_banner_shows_local_summer_time():
    june = datetime(2026, 6, 5, 16, 0, tzinfo=UTC)  # 17:00 in London (BST)
    banner = consultation_banner(consultation(opens_at=june - timedelta(days=9), closes_at=june),
                                 june - timedelta(days=2), LONDON)
    assert banner.text == "Open: closes in 2 days (Friday 5 June, 17:00)"


def test_the_closed_banner():
    banner = consultation_banner(consultation(), CLOSES, LONDON)
    assert (banner.state, banner.text) == ("closed", "Closed on Friday 4 December 2026, 17:00")
    assert banner.reason is None


def test_the_closed_early_banner_gives_the_reason():
    thread = consultation(closes_at=CLOSES - timedelta(days=2),
                          closed_early_reason="The county withdrew the scheme.")
    banner = consultation_banner(thread, CLOSES, LONDON)
    assert banner.text == "Closed on Wednesday 2 December 2026, 17:00"
    assert banner.reason == "The county withdrew the scheme."


def test_the_upcoming_banner():
    banner = consultation_banner(consultation(), OPENS - timedelta(days=1), LONDON)
    assert banner.state == "upcoming"
    assert banner.text == "Opens on Friday 20 November 2026, 09:00"
    assert banner.detail == "Closes on Friday 4 December 2026, 17:00"


def test_a_discussion_has_no_banner():
    assert consultation_banner(Thread(), CLOSES, LONDON) is None


# Dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("2026-12-04T17:00:00+00:00", CLOSES),
    ("2026-12-04T17:00:00Z", CLOSES),
    ("2026-12-04T18:00:00+01:00", CLOSES),
    ("2026-12-04T17:00+00:00", CLOSES),
])
def test_iso_dates_with_an_offset_are_read_as_utc(value, expected):
    parsed = parse_iso(value, "closes_at")
    assert parsed == expected and parsed.tzinfo == UTC


@pytest.mark.parametrize(("value", "message"), [
    (None, "is required"), ("", "is required"), (17, "must be a string"),
    ("next friday", "not a valid ISO 8601"), ("2026-02-30T10:00:00Z", "not a valid ISO 8601"),
    ("2026-12-04T17:00:00", "needs a UTC offset"),
])
def test_bad_iso_dates_name_the_field(value, message):
    with pytest.raises(Invalid, match=message) as error:
        parse_iso(value, "closes_at")
    assert error.value.field == "closes_at"


def test_an_optional_iso_date_may_be_missing():
    assert parse_iso(None, "opens_at", required=False) is None


@pytest.mark.parametrize("text", ["2026-12-04T17:00", "2026-12-04 17:00", "2026-12-04T17:00:00",
                                  " 2026-12-04   17:00 "])
def test_local_times_are_read_in_the_forum_zone(text):
    assert local_to_utc(parse_local(text), LONDON) == CLOSES


def test_local_summer_time_is_an_hour_ahead():
    assert local_to_utc(datetime(2026, 6, 5, 17, 0), LONDON) == datetime(2026, 6, 5, 16, 0,
                                                                         tzinfo=UTC)


def test_a_skipped_hour_is_refused():
    with pytest.raises(ValueError, match="clocks go forward"):
        local_to_utc(datetime(2026, 3, 29, 1, 30), LONDON)


def test_a_repeated_hour_means_the_first():
    assert local_to_utc(datetime(2026, 10, 25, 1, 30), LONDON) == datetime(2026, 10, 25, 0, 30,
                                                                           tzinfo=UTC)


@pytest.mark.parametrize("text", ["", "tomorrow", "04/12/2026 17:00", "2026-13-01T10:00"])
def test_unreadable_local_times_are_refused(text):
    with pytest.raises(ValueError):
        parse_local(text)


def test_dates_round_trip_through_the_input():
    assert utc_to_local_input(datetime(2026, 6, 5, 16, 0, tzinfo=UTC), LONDON) == \
        "2026-06-05T17:00"
    assert utc_to_local_input(None, LONDON) == ""


def test_format_when():
    assert format_when(CLOSES, LONDON) == "Friday 4 December 2026, 17:00"
    assert format_when(CLOSES, LONDON, CLOSES) == "Friday 4 December, 17:00"
    assert format_when(CLOSES, ZoneInfo("America/New_York")) == "Friday 4 December 2026, 12:00"


@pytest.mark.parametrize(("delta", "words"), [
    (timedelta(days=9, hours=23), "9 days"), (timedelta(days=2), "2 days"),
    (timedelta(days=1, hours=23), "47 hours"), (timedelta(hours=1, minutes=59), "1 hour"),
    (timedelta(minutes=1), "1 minute"), (timedelta(seconds=59), "under a minute"),
])
def test_remaining(delta, words):
    assert remaining(delta) == words
