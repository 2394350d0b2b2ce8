"""Reporting posts, hiding at the threshold, upholding, dismissing and the queue."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.errors import Conflict, Invalid, NotAllowed
from forum.moderation.flags import (AUTO_HIDE_REASON, dismiss_flags, flag_post, flag_queue,
                                    uphold_flags)
from forum.moderation.models import AuditAction, AuditEntry, Flag, Resolution
from forum.notifications.models import Notification
from tests.conftest import NOW
from tests.factories import make_post, make_user


def report(session, user, post, reason="spam", text=None, now=NOW, threshold=3):  # noqa: ANN001, ANN201
    return flag_post(session, user, post, reason=reason, text=text, threshold=threshold, now=now)


def kinds(session, user) -> list[str]:  # noqa: ANN001
    return list(session.scalars(select(Notification.kind).where(Notification.user_id == user.id)
                                .order_by(Notification.id)))


def test_a_report_is_recorded(session, post, reporters):
    flag = report(session, reporters[0], post, reason="offensive", text="Rude.")
    assert (flag.post_id, flag.user_id, flag.reason.value, flag.text) == \
        (post.id, reporters[0].id, "offensive", "Rude.")
    assert flag.is_open and post.is_visible


@pytest.mark.parametrize("reason", ["", "rude", None])
def test_reason_must_be_one_of_the_list(session, post, reporters, reason):
    with pytest.raises(Invalid) as error:
        report(session, reporters[0], post, reason=reason)
    assert error.value.field == "reason"


@pytest.mark.parametrize("text", [None, "", "   "])
def test_other_needs_details(session, post, reporters, text):
    with pytest.raises(Invalid) as error:
        report(session, reporters[0], post, reason="other", text=text)
    assert error.value.field == "text"


def test_details_have_a_limit(session, post, reporters):
    with pytest.raises(Invalid, match="1,000"):
        report(session, reporters[0], post, reason="other", text="x" * 1001)
    assert report(session, reporters[0], post, reason="other", text="x" * 1000).text == "x" * 1000


def test_one_report_per_person_per_post(session, post, reporters):
    report(session, reporters[0], post)
    with pytest.raises(Conflict) as error:
        report(session, reporters[0], post, reason="offensive")
    assert error.value.code == "already_flagged"
    assert session.scalar(select(func.count()).select_from(Flag)) == 1


def test_not_your_own_post(session, post, author):
    with pytest.raises(NotAllowed) as error:
        report(session, author, post)
    assert error.value.code == "own_post"


def test_suspended_users_cannot_report(session, post):
    user = make_user(session, suspended_until=NOW + timedelta(days=1))
    with pytest.raises(NotAllowed) as error:
        report(session, user, post)
    assert error.value.code == "suspended"


def test_hidden_posts_cannot_be_reported(session, post, reporters):
    post.hidden_at, post.hidden_by_id = NOW, None
    with pytest.raises(Conflict):
        report(session, reporters[0], post)


def test_hidden_at_the_threshold_and_not_before(session, post, author, reporters):
    report(session, reporters[0], post)
    report(session, reporters[1], post)
    assert post.is_visible
    assert kinds(session, author) == []
    report(session, reporters[2], post)
    assert post.is_hidden and post.hidden_by_id is None
    assert post.hidden_reason == AUTO_HIDE_REASON
    assert kinds(session, author) == ["post_hidden"]
    entry = session.scalar(select(AuditEntry))
    assert (entry.action, entry.actor_id, entry.target_id, entry.details) == \
        (AuditAction.POST_AUTO_HIDDEN, None, post.id, "3 reports")


def test_the_threshold_is_a_setting(session, post, reporters):
    report(session, reporters[0], post, threshold=1)
    assert post.is_hidden


def test_only_open_reports_count_towards_the_threshold(session, post, reporters, people):
    report(session, reporters[0], post)
    report(session, reporters[1], post)
    dismiss_flags(session, people["moderator"], post, now=NOW)
    report(session, reporters[2], post)
    report(session, reporters[3], post)
    assert post.is_visible
    report(session, reporters[4], post)
    assert post.is_hidden


def test_uphold_hides_a_visible_post_with_the_public_reason(session, post, author, reporters,
                                                           people):
    mod = people["moderator"]
    report(session, reporters[0], post)
    uphold_flags(session, mod, post, reason="Advertising a business.", now=NOW)
    assert post.is_hidden and post.hidden_by_id == mod.id
    assert post.hidden_reason == "Advertising a business."
    assert session.scalar(select(Flag.resolution)) == Resolution.UPHELD
    actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == [AuditAction.POST_HIDDEN, AuditAction.FLAGS_UPHELD]
    assert kinds(session, author) == ["post_hidden"]
    assert kinds(session, reporters[0]) == ["report_decided"]


def test_uphold_keeps_an_automatically_hidden_post_hidden(session, post, reporters, people):
    for user in reporters[:3]:
        report(session, user, post)
    uphold_flags(session, people["moderator"], post, reason="Spam.", now=NOW)
    assert post.is_hidden and post.hidden_by_id == people["moderator"].id
    assert post.hidden_reason == "Spam."
    assert session.scalar(select(func.count()).select_from(Flag)
                          .where(Flag.resolution == Resolution.UPHELD)) == 3


def test_uphold_needs_a_reason(session, post, reporters, people):
    report(session, reporters[0], post)
    with pytest.raises(Invalid) as error:
        uphold_flags(session, people["moderator"], post, reason=" ", now=NOW)
    assert error.value.field == "reason"


def test_dismiss_restores_an_automatically_hidden_post(session, post, author, reporters, people):
    for user in reporters[:3]:
        report(session, user, post)
    dismiss_flags(session, people["moderator"], post, reason="Fair comment.", now=NOW)
    assert post.is_visible
    assert session.scalar(select(func.count()).select_from(Flag)
                          .where(Flag.resolution == Resolution.DISMISSED)) == 3
    assert kinds(session, author) == ["post_hidden", "post_restored"]
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.reason) == (AuditAction.FLAGS_DISMISSED, "Fair comment.")


def test_dismiss_leaves_a_post_a_moderator_hid(session, post, reporters, people):
    report(session, reporters[0], post)
    post.hidden_at, post.hidden_by_id, post.hidden_reason = NOW, people["admin"].id, "Abuse."
    dismiss_flags(session, people["moderator"], post, now=NOW)
    assert post.is_hidden and post.hidden_reason == "Abuse."


@pytest.mark.parametrize("decide", [uphold_flags, dismiss_flags])
def test_deciding_needs_open_reports(session, post, people, decide):
    with pytest.raises(Conflict) as error:
        decide(session, people["moderator"], post, reason="x", now=NOW)
    assert error.value.code == "no_open_flags"


@pytest.mark.parametrize("role", ["citizen", "suspended", "councillor"])
@pytest.mark.parametrize("decide", [uphold_flags, dismiss_flags])
def test_only_moderators_decide_reports(session, post, reporters, people, role, decide):
    report(session, reporters[0], post)
    with pytest.raises(NotAllowed):
        decide(session, people[role], post, reason="x", now=NOW)
    assert session.scalar(select(Flag.resolved_at)) is None


def test_queue_most_reported_first_with_context(session, thread, post, reporters):
    reply = make_post(session, thread=thread, parent=post, body="A reply.")
    other = make_post(session, thread=thread, body="Another argument.")
    report(session, reporters[0], other, now=NOW)
    for user in reporters[:2]:
        report(session, user, reply, now=NOW + timedelta(minutes=1))
    items, total = flag_queue(session)
    assert total == 2
    assert [i.post.id for i in items] == [reply.id, other.id]
    assert items[0].open_count == 2 and items[0].parent.id == post.id
    assert [f.user_id for f in items[0].flags] == [reporters[0].id, reporters[1].id]
    assert items[1].parent is None


def test_queue_leaves_out_decided_reports(session, post, reporters, people):
    report(session, reporters[0], post)
    dismiss_flags(session, people["moderator"], post, now=NOW)
    assert flag_queue(session) == ([], 0)


def test_queue_query_count_does_not_grow_with_items(session, thread, reporters, count_queries):
    def posts_with_reports(n: int) -> int:
        for _ in range(n):
            reply_to = make_post(session, thread=thread, body="Parent.")
            target = make_post(session, thread=thread, parent=reply_to, body="Reported.")
            report(session, reporters[0], target)
        session.commit()
        session.expire_all()
        with count_queries() as statements:
            items, _total = flag_queue(session)
            for item in items:  # what the page reads
                _ = (item.post.author.display_name, item.post.thread.title,
                     item.parent.author.display_name, [f.user.display_name for f in item.flags])
        return len(statements)

    few = posts_with_reports(1)
    many = posts_with_reports(6)
    assert few == many <= 4
