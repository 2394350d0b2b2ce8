"""Dates, relative times and numbers in the language spoken; the language settings; mail
in the recipient's language; feeds whose validators differ by language; erasure."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale, get_locale

from forum.config import DEFAULTS
from forum.i18n import recipient_locale
from forum.jobs.runner import run_due
from forum.notifications.emails import queue_digest
from forum.privacy.references import USER_COLUMNS
from forum.settings import check_settings
from forum.timefmt import localtime, number, relative_time
from tests.factories import make_user
from tests.security.helpers import outbox

WHEN = datetime(2026, 12, 3, 14, 5, tzinfo=UTC)
NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)


def test_english_dates_read_as_they_always_did(app):
    assert localtime(WHEN) == "3 December 2026, 14:05"
    assert localtime(WHEN, "%-d %B %Y") == "3 December 2026"
    assert localtime(datetime(2026, 7, 1, 12, 0, tzinfo=UTC)) == "1 July 2026, 13:00"  # BST
    assert localtime(None) == ""


def test_welsh_dates_have_welsh_months(app):
    with force_locale("cy"):
        assert localtime(WHEN) == "3 Rhagfyr 2026, 14:05"
        assert localtime(WHEN, "date") == "3 Rhagfyr 2026"


@pytest.mark.parametrize(("delta", "english"), [
    (timedelta(seconds=20), "just now"), (timedelta(minutes=1), "1 minute ago"),
    (timedelta(minutes=59), "59 minutes ago"), (timedelta(hours=23), "23 hours ago"),
    (timedelta(days=10), "10 days ago"), (timedelta(days=400), "400 days ago"),
    (-timedelta(hours=3, minutes=5), "in 3 hours"), (-timedelta(seconds=5), "in under a minute"),
])
def test_relative_times_in_english_count_whole_units(app, delta, english):
    assert relative_time(NOW - delta, now=NOW) == english


def test_relative_times_in_welsh(app):
    with force_locale("cy"):
        assert relative_time(NOW - timedelta(hours=1), now=NOW) == "1 awr yn ôl"
        assert relative_time(NOW + timedelta(minutes=5), now=NOW) == "ymhen 5 munud"
        assert relative_time(NOW, now=NOW) == "ychydig eiliadau yn ôl"


def test_numbers_follow_the_language(app):
    assert number(1234567) == "1,234,567"
    assert number(None) == ""
    with force_locale("de"):  # a language whose grouping differs shows the filter follows it
        assert number(1234.5) == "1.234,5"


def _settings(**values):
    config = {**DEFAULTS, "ENV": "testing", **values}
    check_settings(config)
    return config


def test_language_settings_are_read_and_checked():
    config = _settings(LANGUAGES="en, cy-GB,en_XA", DEFAULT_LANGUAGE="cy_GB")
    assert config["LANGUAGES"] == ("en", "cy_GB", "en_XA")
    assert config["DEFAULT_LANGUAGE"] == "cy_GB"
    assert _settings(LANGUAGES="en,cy", DEFAULT_LANGUAGE="en")["BABEL_DEFAULT_LOCALE"] == "en"


@pytest.mark.parametrize(("values", "says"), [
    ({"LANGUAGES": "en,klingon", "DEFAULT_LANGUAGE": "en"}, "FORUM_LANGUAGES"),
    ({"LANGUAGES": " , ", "DEFAULT_LANGUAGE": "en"}, "at least one"),
    ({"LANGUAGES": "en,cy", "DEFAULT_LANGUAGE": "fr"}, "FORUM_DEFAULT_LANGUAGE"),
])
def test_a_wrong_language_setting_refuses_to_start(values, says):
    with pytest.raises(RuntimeError, match=says):
        _settings(**values)


def test_a_digest_speaks_its_recipients_language(app, session):
    welsh = make_user(session, email="cy@example.org")
    welsh.language = "cy"
    english = make_user(session, email="en@example.org")
    with force_locale("en"):  # the job's own locale must not leak into the mail
        queue_digest(session, welsh, period="daily", groups=[], count=0)
        queue_digest(session, english, period="weekly", groups=[], count=0)
    run_due(session)
    subjects = {m["To"]: m["Subject"] for m in outbox(app)}
    assert subjects["cy@example.org"].startswith("Eich crynodeb dyddiol gan ")
    assert subjects["en@example.org"].startswith("Your weekly digest from ")


def test_an_unknown_recipient_language_is_the_default(app):
    with recipient_locale("xx"):
        assert str(get_locale()) == "en"
    with recipient_locale("cy"):
        assert str(get_locale()) == "cy"


def test_erasure_clears_the_language():
    assert USER_COLUMNS["language"](None, NOW) is None


def test_a_feeds_validator_differs_by_language(client):
    english = client.get("/feed.atom")
    welsh = client.get("/feed.atom", headers={"Accept-Language": "cy"})
    assert english.headers["ETag"] != welsh.headers["ETag"]
    assert "Accept-Language" in welsh.headers["Vary"]
    again = client.get("/feed.atom", headers={"Accept-Language": "cy",
                                              "If-None-Match": english.headers["ETag"]})
    assert again.status_code == 200
    same = client.get("/feed.atom", headers={"If-None-Match": english.headers["ETag"]})
    assert same.status_code == 304
