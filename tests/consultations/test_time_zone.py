"""The forum's time zone (``TIMEZONE``) is the one times are shown and form dates read in."""
from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from forum.moderation.dates import end_of_day, start_of_day
from forum.settings import forum_zone
from forum.consultations.models import Consultation
from tests.consultations.conftest import NEXT_YEAR
from tests.factories import make_thread

JUNE = datetime(2026, 6, 5, 16, 0, tzinfo=UTC)


def test_times_are_shown_in_the_configured_zone(app, client, session):
    thread = make_thread(session, title="Opening hours of the library", now=JUNE)
    session.commit()
    assert "5 June 2026, 17:00" in client.get(f"/threads/{thread.id}").text
    app.config["TIMEZONE"] = "America/New_York"
    page = client.get(f"/threads/{thread.id}").text
    assert "5 June 2026, 12:00" in page and "5 June 2026, 17:00" not in page


def test_a_consultation_form_date_is_read_in_the_configured_zone(app, client, login, session,
                                                                 people, topic):
    app.config["TIMEZONE"] = "America/New_York"
    login(people["author"])
    assert "America/New_York time" in client.get("/topics/transport/consultations/new").text
    response = client.post("/topics/transport/consultations/new", data={
        "title": "Proposed 20 mph limit", "question": "Should streets be 20 mph?",
        "body": "The background.", "opens_at": "", "closes_at": f"{NEXT_YEAR}-06-05T17:00"})
    assert response.status_code == 302
    thread = session.scalar(select(Consultation))
    # 17:00 in New York in June is 21:00 UTC (London would have been 16:00 UTC)
    assert thread.closes_at == datetime(NEXT_YEAR, 6, 5, 21, 0, tzinfo=UTC)
    shown = client.get(f"/threads/{thread.id}").text
    assert f"5 June {NEXT_YEAR}, 17:00" in shown or "5 June, 17:00" in shown


def test_moderation_days_are_days_in_the_configured_zone(app):
    app.config["TIMEZONE"] = "America/New_York"
    assert forum_zone().key == "America/New_York"
    assert start_of_day(date(2026, 6, 5)) == datetime(2026, 6, 5, 4, 0, tzinfo=UTC)
    assert end_of_day(date(2026, 6, 5)).astimezone(UTC).date() == date(2026, 6, 6)
