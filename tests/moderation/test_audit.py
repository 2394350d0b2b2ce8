"""The moderation log: append-only, written by admin actions too, and filterable."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DatabaseError

from forum.accounts.models import Role
from forum.accounts.services import set_role
from forum.moderation.audit import label_entries, log_actors, log_entries
from forum.moderation.models import AppendOnlyError, AuditAction, AuditEntry
from forum.moderation.services import hide_post, lock_thread
from forum.topics.services import set_archived
from tests.conftest import NOW
from tests.factories import make_topic, make_user


def entries(session, **filters) -> list[AuditEntry]:  # noqa: ANN001
    return label_entries(session, session.scalars(log_entries(**filters)).unique())


def test_entries_cannot_be_changed_through_the_orm(session, post, people):
    hide_post(session, people["moderator"], post, reason="Abuse.", now=NOW)
    session.commit()
    entry = session.scalar(select(AuditEntry))
    entry.reason = "Something nicer."
    with pytest.raises(AppendOnlyError):
        session.flush()
    session.rollback()
    session.delete(session.scalar(select(AuditEntry)))
    with pytest.raises(AppendOnlyError):
        session.flush()
    session.rollback()
    assert session.scalar(select(AuditEntry.reason)) == "Abuse."


@pytest.mark.parametrize("statement", [
    update(AuditEntry).values(reason="rewritten"), delete(AuditEntry)])
def test_entries_cannot_be_changed_in_sql(session, post, people, statement):
    hide_post(session, people["moderator"], post, reason="Abuse.", now=NOW)
    session.commit()
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(statement.execution_options(synchronize_session=False))
    session.rollback()
    with pytest.raises(DatabaseError, match="append-only"):
        session.execute(text("DELETE FROM moderation_log"))
    session.rollback()
    assert session.scalar(select(AuditEntry.reason)) == "Abuse."


def test_admin_role_change_is_logged(session, people, author):
    set_role(session, people["admin"], author, Role.MODERATOR)
    entry = session.scalar(select(AuditEntry))
    assert (entry.action, entry.actor_id, entry.target_type, entry.target_id, entry.details) == \
        (AuditAction.ROLE_CHANGED, people["admin"].id, "user", author.id, "citizen → moderator")


def test_command_line_role_change_is_logged_without_an_actor(session, author):
    set_role(session, None, author, "admin")
    entry = session.scalar(select(AuditEntry))
    assert entry.actor_id is None and entry.details == "citizen → admin (command line)"


def test_setting_the_same_role_writes_nothing(session, author, people):
    set_role(session, people["admin"], author, "citizen")
    assert session.scalar(select(AuditEntry)) is None


def test_topic_archive_and_reopen_are_logged(session, people):
    topic = make_topic(session, title="Parks")
    set_archived(session, people["admin"], topic, True, now=NOW)
    set_archived(session, people["admin"], topic, False, now=NOW + timedelta(minutes=1))
    rows = entries(session)
    assert [(e.action, e.target_type, e.target_label, e.link) for e in rows] == [
        (AuditAction.TOPIC_REOPENED, "topic", "Parks", f"/topics/{topic.slug}"),
        (AuditAction.TOPIC_ARCHIVED, "topic", "Parks", f"/topics/{topic.slug}")]


def _three_entries(session, people, post, thread):  # noqa: ANN001, ANN202
    hide_post(session, people["moderator"], post, reason="a", now=NOW - timedelta(days=2))
    lock_thread(session, people["admin"], thread, reason="b", now=NOW - timedelta(days=1))
    set_role(session, people["admin"], make_user(session), "councillor")  # logged at utcnow()


def test_filters(session, people, post, thread):
    _three_entries(session, people, post, thread)
    assert len(entries(session)) == 3
    assert [e.action for e in entries(session, actor_id=people["moderator"].id)] == \
        [AuditAction.POST_HIDDEN]
    assert [e.action for e in entries(session, action=AuditAction.THREAD_LOCKED)] == \
        [AuditAction.THREAD_LOCKED]
    window = entries(session, start=NOW - timedelta(days=3), end=NOW - timedelta(hours=12))
    assert [e.action for e in window] == [AuditAction.THREAD_LOCKED, AuditAction.POST_HIDDEN]
    assert entries(session, actor_id=people["moderator"].id,
                   action=AuditAction.THREAD_LOCKED) == []


def test_actors_for_the_filter(session, people, post, thread):
    _three_entries(session, people, post, thread)
    assert [u.id for u in log_actors(session)] == [people["admin"].id, people["moderator"].id]


def test_the_log_names_targets_as_they_are_called_now(session, people, post):
    hide_post(session, people["moderator"], post, reason="Abuse.", now=NOW)
    post.author.display_name = "Renamed Person"
    post.thread.title = "A new title"
    session.flush()
    (entry,) = entries(session)
    assert entry.target_label == "Post by Renamed Person in “A new title”"
    assert "target_label" not in AuditEntry.__table__.columns
