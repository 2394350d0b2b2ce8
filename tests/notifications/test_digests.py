"""``send-digests``: daily and weekly digests grouped by thread, once per period, ``--now``;
and the time-based events (closing soon, overdue points), each announced once."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from forum.accounts.models import Role
from forum.consultations.services import post_consultation
from forum.db import utcnow
from forum.jobs.models import Job
from forum.jobs.runner import run_due
from forum.notifications.email_models import NotificationDigest
from forum.notifications.follows import followers
from forum.notifications.models import FollowKind, Notification
from forum.notifications.preferences import set_delivery
from forum.notifications.services import notify
from forum.posts.models import Post
from tests.factories import make_post, make_thread, make_topic, make_user
from tests.security.helpers import outbox
from tests.summaries.conftest import consultation, draft, people  # noqa: F401
from tests.summaries.helpers import advance

MONDAY = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)  # a Monday, the default weekly day


def run(app, now: datetime) -> str:  # noqa: ANN001
    """Run the command as cron would, at ``now``; return what it printed."""
    result = app.test_cli_runner().invoke(args=["send-digests", "--now", now.isoformat()])
    assert result.exit_code == 0, result.output
    return result.output


def digests(app, session) -> list:  # noqa: ANN001
    """Deliver the queued mail; return the digests in the outbox."""
    run_due(session)
    return [m for m in outbox(app) if "digest" in m["Subject"]]


def _tell(session, user, kind: str, link: str, message: str, at: datetime) -> None:  # noqa: ANN001
    notify(session, [user.id], kind=kind, link=link, message=message, now=at)


# Digests --------------------------------------------------------------------------------------

def test_a_daily_digest_groups_by_thread_and_is_sent_once_a_day(app, session):
    user = make_user(session, name="Ana Lopez")
    buses, parks = make_thread(session, title="Buses"), make_thread(session, title="Parks")
    post = make_post(session, thread=parks)
    day_before = MONDAY - timedelta(hours=10)
    _tell(session, user, "followed_thread", f"/threads/{buses.id}", "A new argument in Buses.",
          day_before)
    _tell(session, user, "followed_thread", f"/posts/{post.id}", "A reply in Parks.", day_before)
    _tell(session, user, "report_decided", "/appeals/suspension", "Your report was decided.",
          day_before)
    _tell(session, user, "followed_thread", f"/threads/{buses.id}", "Read already.", day_before)
    session.execute(Notification.__table__.update().where(Notification.message == "Read already.")
                    .values(read_at=MONDAY))
    _tell(session, user, "mentioned", f"/threads/{buses.id}", "Sam mentioned you.", day_before)
    session.commit()
    run_due(session)  # the "mentioned" email, sent at once
    assert "Daily digests: 1." in run(app, MONDAY)
    [mail] = digests(app, session)
    assert mail["Subject"] == "Your daily digest from Civic Forum"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/unsubscribe/" in mail["List-Unsubscribe"]
    text = mail.get_body(("plain",)).get_content()
    html = mail.get_body(("html",)).get_content()
    assert text.index("== Buses ==") < text.index("A new argument in Buses.") \
        < text.index("== Parks ==") < text.index("A reply in Parks.") \
        < text.index("== Other news ==") < text.index("Your report was decided.")
    assert "Read already." not in text and "Sam mentioned you." not in text
    assert f'<a href="{app.config["BASE_URL"].rstrip("/")}/threads/{buses.id}">Buses</a>' in html
    assert "/account/notifications" in html and mail["List-Unsubscribe"].strip("<>") in html
    # again the same day: nothing, even with something new
    _tell(session, user, "followed_thread", f"/threads/{buses.id}", "Later that day.",
          MONDAY + timedelta(hours=1))
    session.commit()
    assert "Daily digests: 0." in run(app, MONDAY + timedelta(hours=2))
    assert len(digests(app, session)) == 1
    # the next day: only what came since the last one
    assert "Daily digests: 1." in run(app, MONDAY + timedelta(days=1))
    latest = digests(app, session)[-1].get_body(("plain",)).get_content()
    assert "Later that day." in latest and "A new argument in Buses." not in latest
    assert session.scalars(select(NotificationDigest.period_key).order_by(
        NotificationDigest.id)).all() == ["2026-03-02", "2026-03-03"]


def test_a_weekly_digest_waits_for_its_day_or_seven_days(app, session):
    user = make_user(session)
    set_delivery(session, user.id, ["followed_thread"], "weekly")
    thread = make_thread(session, title="Library hours")
    _tell(session, user, "followed_thread", f"/threads/{thread.id}", "Week one.",
          MONDAY - timedelta(days=3))
    session.commit()
    assert "Weekly digests: 0." in run(app, MONDAY - timedelta(days=2))  # a Saturday
    assert "Daily digests: 0. Weekly digests: 1." in run(app, MONDAY)
    assert "Weekly digests: 0." in run(app, MONDAY + timedelta(hours=5))  # same week
    assert "Week one." in digests(app, session)[0].get_body(("plain",)).get_content()
    app.config["DIGEST_WEEKDAY"] = "friday"  # the day moves: seven days still count
    _tell(session, user, "followed_thread", f"/threads/{thread.id}", "Week two.",
          MONDAY + timedelta(days=2))
    session.commit()
    assert "Weekly digests: 0." in run(app, MONDAY + timedelta(days=3))  # Thursday
    assert "Weekly digests: 1." in run(app, MONDAY + timedelta(days=7))  # seven days on
    assert session.scalars(select(NotificationDigest.period_key).where(
        NotificationDigest.period == "weekly")).all() == ["2026-W10", "2026-W11"]


def test_people_without_anything_new_get_no_digest(app, session):
    make_user(session)
    session.commit()
    assert "Daily digests: 0. Weekly digests: 0." in run(app, MONDAY)
    assert session.scalar(select(NotificationDigest.id)) is None


def test_a_bad_now_is_a_clear_error(app):
    result = app.test_cli_runner().invoke(args=["send-digests", "--now", "next tuesday"])
    assert result.exit_code == 2 and "Give the time as ISO 8601" in result.output


def test_a_bad_weekday_setting_is_a_clear_error(app):
    app.config["DIGEST_WEEKDAY"] = "someday"
    result = app.test_cli_runner().invoke(args=["send-digests"])
    assert result.exit_code == 1 and "FORUM_DIGEST_WEEKDAY" in result.output


# Time-based events ----------------------------------------------------------------------------

def _consultation(session, councillor, closes_at: datetime, title: str):  # noqa: ANN001, ANN202
    return post_consultation(session, councillor, make_topic(session), title=title,
                             question="Which option?", body="Background.",
                             opens_at=MONDAY - timedelta(days=5), closes_at=closes_at,
                             now=MONDAY - timedelta(days=5))


def test_a_consultation_closing_within_48_hours_is_announced_once(app, session):
    councillor = make_user(session, role=Role.COUNCILLOR)
    soon = _consultation(session, councillor, MONDAY + timedelta(hours=30), "Bin collection days")
    later = _consultation(session, councillor, MONDAY + timedelta(hours=72), "Street lights")
    voter, other = make_user(session), make_user(session)
    make_post(session, thread=soon, author=voter, stance="for", now=MONDAY - timedelta(days=1))
    make_post(session, thread=later, author=other, stance="for", now=MONDAY - timedelta(days=1))
    set_delivery(session, voter.id, ["closing_soon"], "at_once")
    session.commit()
    assert "Consultations closing soon: 1." in run(app, MONDAY)
    told = session.execute(select(Notification.user_id, Notification.link).where(
        Notification.kind == "closing_soon")).all()
    assert told == [(voter.id, f"/threads/{soon.id}")]
    assert "Consultations closing soon: 0." in run(app, MONDAY + timedelta(hours=1))
    assert session.scalar(select(Notification.id).where(
        Notification.kind == "closing_soon").offset(1)) is None  # still one
    run_due(session)
    [mail] = [m for m in outbox(app) if "Bin collection days" in m["Subject"]]
    assert mail["To"] == voter.email and "there is still time to take part" in mail["Subject"]


def test_an_overdue_point_is_announced_once_to_cited_people_and_councillors(
        app, session, people, draft):  # noqa: F811
    advance(session, draft, "responded", people)
    answer = draft.response.answer_to(draft.points[1].id)  # "Buses first", citing Ben
    answer.next_update_due = utcnow().date() - timedelta(days=2)
    session.commit()
    now = utcnow()
    assert "Overdue points: 1." in run(app, now)
    ben_id = session.scalar(select(Post.author_id).where(
        Post.id == draft.points[1].cited_post_ids[0]))
    told = session.scalars(select(Notification.user_id).where(
        Notification.kind == "point_update")).all()
    staff = set(session.scalars(select(Notification.user_id).where(
        Notification.kind == "point_overdue")))
    following = set(session.scalars(followers(FollowKind.THREAD, draft.thread_id)))
    assert ben_id in told and sorted(told) == sorted({ben_id, *following})
    assert staff == {people["councillor"].id, people["admin"].id}
    link = session.scalar(select(Notification.link).where(Notification.kind == "point_update"))
    assert link == f"/summaries/{draft.id}#point-{draft.points[1].id}"
    assert "Overdue points: 0." in run(app, now + timedelta(hours=1))
    assert len(session.scalars(select(Notification.id).where(
        Notification.kind.in_(["point_update", "point_overdue"]))).all()) == len(told) + 2
    # point_update is "at once" by default: the cited person was emailed
    assert session.scalar(select(Job).where(Job.name == "mail.send")) is not None


@pytest.mark.parametrize("when", ["2026-03-02T07:00:00", "2026-03-02T08:00:00+01:00"])
def test_now_without_an_offset_is_utc(app, session, when):
    user = make_user(session)
    _tell(session, user, "followed_thread", "/threads/1", "Something.", MONDAY - timedelta(1))
    session.commit()
    assert "Daily digests: 1." in run_raw(app, when)
    assert session.scalar(select(NotificationDigest.sent_at)) == MONDAY


def run_raw(app, when: str) -> str:  # noqa: ANN001
    """Run the command with ``--now`` exactly as typed."""
    result = app.test_cli_runner().invoke(args=["send-digests", "--now", when])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_digest_recorded_by_a_concurrent_run_is_not_sent_again(app, session):
    """Another run wrote this period's row after this one read the last digests: the unique
    key refuses the second row and no second mail is queued."""
    user = make_user(session)
    _tell(session, user, "followed_thread", "/threads/1", "Something.", MONDAY - timedelta(1))
    # the other run's row, dated before the notification, so only the unique key can stop us
    session.add(NotificationDigest(user_id=user.id, period="daily", period_key="2026-03-02",
                                   sent_at=MONDAY - timedelta(days=3)))
    session.commit()
    assert "Daily digests: 0." in run(app, MONDAY)
    assert session.scalar(select(Job).where(Job.name == "mail.send")) is None
    assert len(session.scalars(select(NotificationDigest.id)).all()) == 1
