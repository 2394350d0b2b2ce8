"""Hiding and restoring posts, locking threads, suspending and lifting: effects, refusals,
notifications and the log entry each writes."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.errors import Conflict, Invalid, NotAllowed
from forum.moderation import services
from forum.moderation.flags import flag_post
from forum.moderation.models import AuditAction, AuditEntry, Flag, Resolution, Suspension
from forum.notifications.models import Notification
from forum.posts.services import create_post, endorse
from tests.conftest import NOW
from tests.factories import make_user

NON_MODERATORS = ["citizen", "suspended", "councillor"]


def last_entry(session) -> AuditEntry:  # noqa: ANN001
    return session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()


def notified(session, user) -> list[str]:  # noqa: ANN001
    return list(session.scalars(select(Notification.kind).where(Notification.user_id == user.id)))


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_hide_post(session, post, author, people, role):
    services.hide_post(session, people[role], post, reason="  Personal abuse.  ", now=NOW)
    assert (post.hidden_at, post.hidden_by_id, post.hidden_reason) == \
        (NOW, people[role].id, "Personal abuse.")
    entry = last_entry(session)
    assert (entry.action, entry.actor_id, entry.target_type, entry.target_id, entry.reason) == \
        (AuditAction.POST_HIDDEN, people[role].id, "post", post.id, "Personal abuse.")
    assert entry.link == f"/threads/{post.thread_id}#post-{post.id}"
    assert notified(session, author) == ["post_hidden"]


@pytest.mark.parametrize("role", NON_MODERATORS)
def test_hide_refused_to_non_moderators(session, post, people, role):
    with pytest.raises(NotAllowed):
        services.hide_post(session, people[role], post, reason="No.", now=NOW)
    assert post.is_visible and last_entry(session) is None


def test_hide_needs_a_reason_of_sensible_length(session, post, people):
    with pytest.raises(Invalid) as error:
        services.hide_post(session, people["moderator"], post, reason="", now=NOW)
    assert error.value.field == "reason"
    with pytest.raises(Invalid, match="500"):
        services.hide_post(session, people["moderator"], post, reason="x" * 501, now=NOW)
    assert post.is_visible


def test_hide_twice_is_a_conflict(session, post, people):
    services.hide_post(session, people["moderator"], post, reason="Abuse.", now=NOW)
    with pytest.raises(Conflict) as error:
        services.hide_post(session, people["admin"], post, reason="Again.", now=NOW)
    assert error.value.code == "already_hidden"


def test_restore_post_dismisses_open_reports(session, post, author, people, reporters):
    flag_post(session, reporters[0], post, reason="spam", threshold=1, now=NOW)
    assert post.is_hidden
    services.restore_post(session, people["moderator"], post, reason="Not spam.", now=NOW)
    assert post.is_visible and post.hidden_reason is None
    assert session.scalar(select(Flag.resolution)) == Resolution.DISMISSED
    entry = last_entry(session)
    assert (entry.action, entry.reason, entry.details) == \
        (AuditAction.POST_RESTORED, "Not spam.", "1 open report(s) dismissed")
    assert notified(session, author) == ["post_hidden", "post_restored"]


def test_restore_needs_a_hidden_post(session, post, people):
    with pytest.raises(Conflict) as error:
        services.restore_post(session, people["moderator"], post, now=NOW)
    assert error.value.code == "not_hidden"


@pytest.mark.parametrize("role", NON_MODERATORS)
def test_restore_refused_to_non_moderators(session, post, people, role):
    post.hidden_at, post.hidden_reason = NOW, "x"
    with pytest.raises(NotAllowed):
        services.restore_post(session, people[role], post, now=NOW)
    assert post.is_hidden


def test_lock_and_unlock(session, thread, people):
    mod = people["moderator"]
    services.lock_thread(session, mod, thread, reason="Gone off topic.", now=NOW)
    assert thread.is_locked and thread.lock_reason == "Gone off topic."
    assert last_entry(session).action == AuditAction.THREAD_LOCKED
    assert notified(session, thread.author) == ["thread_locked"]
    with pytest.raises(Conflict):
        services.lock_thread(session, mod, thread, reason="Again.", now=NOW)
    services.unlock_thread(session, mod, thread, now=NOW)
    assert not thread.is_locked and thread.lock_reason is None
    entry = last_entry(session)
    assert (entry.action, entry.target_type, entry.target_id) == \
        (AuditAction.THREAD_UNLOCKED, "thread", thread.id)
    with pytest.raises(Conflict):
        services.unlock_thread(session, mod, thread, now=NOW)


def test_lock_needs_a_reason(session, thread, people):
    with pytest.raises(Invalid):
        services.lock_thread(session, people["moderator"], thread, reason=None, now=NOW)


@pytest.mark.parametrize("role", NON_MODERATORS)
def test_lock_refused_to_non_moderators(session, thread, people, role):
    with pytest.raises(NotAllowed):
        services.lock_thread(session, people[role], thread, reason="x", now=NOW)
    thread.locked_at, thread.lock_reason = NOW, "x"
    with pytest.raises(NotAllowed):
        services.unlock_thread(session, people[role], thread, now=NOW)


def test_locked_thread_refuses_posts_with_code(session, thread, post, people):
    services.lock_thread(session, people["moderator"], thread, reason="Cooling off.", now=NOW)
    with pytest.raises(NotAllowed) as error:
        create_post(session, people["citizen"], thread, body="Still here.", now=NOW)
    assert error.value.code == "thread_locked"
    assert "Cooling off." in error.value.message


def test_suspend_user(session, author, people):
    until = NOW + timedelta(days=14)
    record = services.suspend_user(session, people["moderator"], author, until=until,
                                   reason="Repeated abuse.", now=NOW)
    assert author.is_suspended(NOW) and author.suspended_until == until
    assert author.suspension_reason == "Repeated abuse."
    assert (record.created_by_id, record.until) == (people["moderator"].id, until)
    entry = last_entry(session)
    assert (entry.action, entry.target_type, entry.target_id) == \
        (AuditAction.USER_SUSPENDED, "user", author.id)
    assert notified(session, author) == ["user_suspended"]


def test_suspended_user_cannot_post_endorse_or_flag(session, thread, post, author, people):
    services.suspend_user(session, people["moderator"], people["citizen"],
                          until=NOW + timedelta(days=1), reason="Abuse.", now=NOW)
    user = people["citizen"]
    with pytest.raises(NotAllowed) as error:
        create_post(session, user, thread, body="Hello.", now=NOW)
    assert error.value.code == "suspended"
    with pytest.raises(NotAllowed):
        endorse(session, user, post, now=NOW)
    with pytest.raises(NotAllowed):
        flag_post(session, user, post, reason="spam", threshold=3, now=NOW)


@pytest.mark.parametrize("until,message", [
    (NOW, "future"), (NOW - timedelta(days=1), "future"), (None, "future"),
    (NOW + timedelta(days=3651), "ten years"),
])
def test_suspension_end_must_be_sensible(session, author, people, until, message):
    with pytest.raises(Invalid, match=message) as error:
        services.suspend_user(session, people["moderator"], author, until=until, reason="x",
                              now=NOW)
    assert error.value.field == "until"
    assert not author.is_suspended(NOW)


def test_suspending_twice_is_a_conflict(session, author, people):
    services.suspend_user(session, people["moderator"], author, until=NOW + timedelta(days=1),
                          reason="x", now=NOW)
    with pytest.raises(Conflict) as error:
        services.suspend_user(session, people["admin"], author, until=NOW + timedelta(days=9),
                              reason="y", now=NOW)
    assert error.value.code == "already_suspended"


@pytest.mark.parametrize("role", NON_MODERATORS)
def test_suspend_refused_to_non_moderators(session, author, people, role):
    with pytest.raises(NotAllowed):
        services.suspend_user(session, people[role], author, until=NOW + timedelta(days=1),
                              reason="x", now=NOW)
    assert not author.is_suspended(NOW)


def test_moderators_cannot_suspend_themselves_or_admins(session, people):
    with pytest.raises(NotAllowed) as error:
        services.suspend_user(session, people["moderator"], people["moderator"],
                              until=NOW + timedelta(days=1), reason="x", now=NOW)
    assert error.value.code == "own_account"
    with pytest.raises(NotAllowed, match="administrators"):
        services.suspend_user(session, people["moderator"], people["admin"],
                              until=NOW + timedelta(days=1), reason="x", now=NOW)


def test_admin_lifts_a_suspension(session, author, people):
    services.suspend_user(session, people["moderator"], author, until=NOW + timedelta(days=5),
                          reason="x", now=NOW)
    later = NOW + timedelta(days=1)
    services.lift_suspension(session, people["admin"], author, reason="Apologised.", now=later)
    assert not author.is_suspended(later) and author.suspension_reason is None
    record = session.scalar(select(Suspension))
    assert (record.lifted_at, record.lifted_by_id, record.lift_reason) == \
        (later, people["admin"].id, "Apologised.")
    entry = last_entry(session)
    assert (entry.action, entry.actor_id, entry.reason) == \
        (AuditAction.SUSPENSION_LIFTED, people["admin"].id, "Apologised.")
    assert notified(session, author) == ["user_suspended", "suspension_lifted"]


@pytest.mark.parametrize("role", ["citizen", "suspended", "councillor", "moderator"])
def test_only_admins_lift(session, people, role):
    user = people["suspended"]
    with pytest.raises(NotAllowed):
        services.lift_suspension(session, people[role], user, now=NOW)
    assert user.is_suspended(NOW)


def test_lifting_needs_a_suspension(session, author, people):
    with pytest.raises(Conflict) as error:
        services.lift_suspension(session, people["admin"], author, now=NOW)
    assert error.value.code == "not_suspended"


def test_a_suspension_set_elsewhere_gets_a_record_when_lifted(session, people):
    user = make_user(session, suspended_until=NOW + timedelta(days=2), reason="Old.")
    services.lift_suspension(session, people["admin"], user, now=NOW)
    record = session.scalar(select(Suspension).where(Suspension.user_id == user.id))
    assert record.reason == "Old." and record.lifted_at == NOW
