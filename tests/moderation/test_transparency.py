"""The transparency report, counted from hand-built rows."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from forum.moderation.models import (Appeal, AuditAction, AuditEntry, Flag, FlagReason,
                                     Resolution, Suspension)
from forum.moderation.transparency import month_keys, monthly_counts, totals
from tests.conftest import NOW
from tests.factories import make_post, make_user


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def log(session, action: AuditAction, when: datetime, actor=None) -> None:  # noqa: ANN001
    session.add(AuditEntry(action=action, target_type="post", target_id=1,
                           created_at=when, actor_id=actor.id if actor else None))


@pytest.fixture
def history(session, thread, people):  # noqa: ANN001
    """Moderation in February and March 2026, one old row, and noise that must not count."""
    mod = people["moderator"]
    for when in (at(2026, 2, 3), at(2026, 2, 28, 23, 59)):
        log(session, AuditAction.POST_AUTO_HIDDEN, when)
    log(session, AuditAction.POST_HIDDEN, at(2026, 2, 10), mod)
    log(session, AuditAction.POST_HIDDEN, at(2026, 3, 1, 0, 0), mod)
    log(session, AuditAction.THREAD_LOCKED, at(2026, 2, 10), mod)  # not a hiding
    log(session, AuditAction.POST_HIDDEN, at(2024, 1, 5), mod)  # outside the year
    post = make_post(session, thread=thread)
    outcomes = [(at(2026, 2, 4), Resolution.UPHELD)] * 3 + [(at(2026, 2, 5), Resolution.DISMISSED)] \
        + [(at(2026, 3, 1, 9), Resolution.DISMISSED)] * 2 + [(None, None)]
    for when, resolution in outcomes:
        session.add(Flag(post_id=post.id, user_id=make_user(session).id, reason=FlagReason.SPAM,
                         created_at=at(2026, 2, 1), resolved_at=when, resolution=resolution))
    appellant = make_user(session)
    for when, granted in ((at(2026, 2, 6), True), (at(2026, 3, 2, 8), False), (None, None)):
        record = Suspension(user_id=appellant.id, created_by_id=mod.id, created_at=at(2026, 2, 2),
                            until=at(2026, 4, 1), reason="x")
        session.add(record)
        session.flush()
        session.add(Appeal(appellant_id=appellant.id, suspension_id=record.id, statement="x",
                           created_at=at(2026, 2, 2), decided_at=when, granted=granted))
    session.flush()


def test_month_keys_cross_the_year():
    assert month_keys(at(2026, 2, 15), 4) == ["2026-02", "2026-01", "2025-12", "2025-11"]


def test_monthly_counts(session, history):
    counts = monthly_counts(session, now=NOW, months=12)
    assert len(counts) == 12 and counts[0].month == "2026-03" and counts[-1].month == "2025-04"
    march, february = counts[0], counts[1]
    assert (february.hidden_by_flags, february.hidden_by_moderators) == (2, 1)
    assert (february.flags_upheld, february.flags_dismissed) == (3, 1)
    assert (february.appeals_granted, february.appeals_refused) == (1, 0)
    assert february.suspensions == 3
    assert (march.hidden_by_flags, march.hidden_by_moderators) == (0, 1)
    assert (march.flags_upheld, march.flags_dismissed) == (0, 2)
    assert (march.appeals_granted, march.appeals_refused) == (0, 1)
    assert march.suspensions == 0
    assert all(c.as_dict()["posts_hidden"] == {"by_flags": 0, "by_moderators": 0}
               for c in counts[2:])
    total = totals(counts)
    assert (total.hidden_by_moderators, total.flags_dismissed, total.suspensions) == (2, 3, 3)


def test_counts_use_grouped_queries(session, history, count_queries):
    with count_queries() as statements:
        monthly_counts(session, now=NOW)
    assert len(statements) == 4
    assert all("GROUP BY" in s.upper() for s in statements)


def test_page_and_api_show_counts_without_names(client, session, history, people):
    session.commit()
    page = client.get("/transparency")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Moderation actions by month" in html and people["moderator"].display_name not in html
    assert "no-store" not in page.headers.get("Cache-Control", "")
    data = client.get("/api/v1/transparency?months=24").get_json()
    assert len(data["months"]) == 24
    assert "display_name" not in str(data)


def test_api_months_must_be_sensible(client):
    response = client.get("/api/v1/transparency?months=0")
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "months"
