"""Extending and closing consultations from their pages."""
from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from forum.consultations.dates import utc_to_local_input
from forum.db import utcnow
from tests.consultations.conftest import NEXT_YEAR, ROLES, as_role


# Extending and closing -------------------------------------------------------------------

@pytest.mark.parametrize(("role", "allowed"), [(r, r in ("author", "admin")) for r in ROLES])
def test_who_may_extend_and_close(client, login, people, open_consultation, role, allowed):
    signed_in = as_role(login, client, people, role)
    page = signed_in.get(f"/threads/{open_consultation.id}").text
    assert ("Extend the deadline" in page) is allowed
    for action in ("extend", "close"):
        response = signed_in.get(f"/threads/{open_consultation.id}/{action}")
        expected = 200 if allowed else (302 if role == "anonymous" else 403)
        assert response.status_code == expected


def test_the_author_extends_the_deadline(login, session, people, open_consultation):
    current = utc_to_local_input(open_consultation.closes_at, ZoneInfo("Europe/London"))
    page = login(people["author"]).get(f"/threads/{open_consultation.id}/extend").text
    assert f'value="{current}"' in page  # the current closing time, to move on from
    new = f"{NEXT_YEAR}-01-15T12:00"
    response = login(people["author"]).post(f"/threads/{open_consultation.id}/extend",
                                            data={"closes_at": new})
    assert response.status_code == 302
    session.refresh(open_consultation)
    assert open_consultation.closes_at == datetime(NEXT_YEAR, 1, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("value", "message"), [("", "Enter the new closing time."),
                                                ("soon", "Enter a date and time"),
                                                ("2020-01-01T10:00", "later than the current")])
def test_a_bad_extension_is_explained(login, session, people, open_consultation, value, message):
    before = open_consultation.closes_at
    response = login(people["author"]).post(f"/threads/{open_consultation.id}/extend",
                                            data={"closes_at": value})
    assert response.status_code == 422 and message in response.text
    if value:
        assert f'value="{value}"' in response.text
    session.refresh(open_consultation)
    assert open_consultation.closes_at == before


def test_the_author_closes_early_with_a_reason(client, login, session, people,
                                               open_consultation):
    signed_in = login(people["author"])
    refused = signed_in.post(f"/threads/{open_consultation.id}/close", data={"reason": ""})
    assert refused.status_code == 422 and "Say why the consultation is closing early." in \
        refused.text
    response = signed_in.post(f"/threads/{open_consultation.id}/close",
                              data={"reason": "The county withdrew the scheme."})
    assert response.status_code == 302
    session.refresh(open_consultation)
    assert open_consultation.closes_at <= utcnow()
    page = client.get(f"/threads/{open_consultation.id}").text
    assert "The county withdrew the scheme." in page and "Closed on" in page


def test_a_closed_consultation_cannot_be_extended_or_closed(login, people, closed_consultation):
    signed_in = login(people["author"])
    assert signed_in.get(f"/threads/{closed_consultation.id}/extend").status_code == 403
    response = signed_in.post(f"/threads/{closed_consultation.id}/close",
                              data={"reason": "Closing it once more."})
    assert response.status_code == 403 and "closed" in response.text
