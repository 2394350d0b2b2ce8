"""The suspension appeal page only reads: its state comes from the clock, writes wait for POST."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from forum.db import utcnow
from forum.moderation import appeals
from forum.moderation.models import Appeal, Suspension
from forum.moderation.services import suspend_user
from tests.factories import make_user

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(WRITES)]


def _records(session, user) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).select_from(Suspension)
                          .where(Suspension.user_id == user.id))


def test_a_suspension_without_a_record_is_shown_without_writing_one(client, login, session,
                                                                    count_queries):
    user = make_user(session, suspended_until=utcnow() + timedelta(days=3),
                     reason="Repeated spam.")
    session.commit()
    login(user)
    with count_queries() as statements:
        page = client.get("/appeals/suspension")
    assert page.status_code == 200
    assert _writes(statements) == []
    assert "Your account is suspended until" in page.text and "Repeated spam." in page.text
    assert "Send the appeal" in page.text
    assert _records(session, user) == 0

    sent = client.post("/appeals/suspension", data={"statement": "It was not spam."})
    assert sent.status_code == 302
    record = session.scalar(select(Suspension).where(Suspension.user_id == user.id))
    appeal = session.scalar(select(Appeal).where(Appeal.appellant_id == user.id))
    assert appeal.suspension_id == record.id and record.reason == "Repeated spam."


def test_an_expired_suspension_shows_as_ended_without_writing(client, login, session,
                                                               count_queries):
    moderator = make_user(session, role="moderator")
    user = make_user(session)
    then = utcnow() - timedelta(days=10)
    suspend_user(session, moderator, user, until=then + timedelta(days=2), reason="Spam.",
                 now=then)
    appeals.appeal_suspension(session, user, statement="I will stop.", now=then)
    session.commit()
    login(user)
    with count_queries() as statements:
        page = client.get("/appeals/suspension")
    assert page.status_code == 200
    assert _writes(statements) == []
    assert "Your account is suspended until" not in page.text
    assert "I will stop." in page.text and "Send the appeal" not in page.text


def test_an_expired_suspension_without_an_appeal_leaves_nothing_to_appeal(
        client, login, session, count_queries):
    user = make_user(session, suspended_until=utcnow() - timedelta(minutes=1))
    session.commit()
    login(user)
    with count_queries() as statements:
        page = client.get("/appeals/suspension")
    assert _writes(statements) == []
    assert "nothing to appeal: your account is not suspended" in page.text
    assert _records(session, user) == 0
