"""The moderation rules, for every kind of visitor."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.db import utcnow
from forum.moderation.models import Appeal
from forum.moderation.rules import (can_appeal_post, can_appeal_suspension, can_decide_appeal,
                                    can_flag_post, can_hide_post, can_lift_suspension,
                                    can_restore_post, can_suspend_user, can_view_moderation)
from tests.factories import make_user
from tests.moderation.conftest import ROLES

MODERATORS = {"moderator", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_flag_post_signed_in_unsuspended_only(role, people, post):
    expected = role not in {"anonymous", "suspended"}
    assert can_flag_post(people[role], post, utcnow()) is expected


def test_nobody_flags_their_own_post(post, author):
    assert can_flag_post(author, post, utcnow()) is False


def test_removed_posts_cannot_be_flagged(people, post):
    now = utcnow()
    post.hidden_at = now
    assert can_flag_post(people["citizen"], post, now) is False
    post.hidden_at, post.deleted_at = None, now
    assert can_flag_post(people["citizen"], post, now) is False


def test_a_suspension_that_has_ended_no_longer_blocks(session, post):
    user = make_user(session, suspended_until=utcnow() - timedelta(minutes=1))
    assert can_flag_post(user, post, utcnow()) is True


@pytest.mark.parametrize("role", ROLES)
def test_moderation_pages_for_moderators_and_admins(role, people):
    assert can_view_moderation(people[role], None, utcnow()) is (role in MODERATORS)


@pytest.mark.parametrize("role", ROLES)
def test_hide_and_restore_for_moderators(role, people, post):
    now = utcnow()
    assert can_hide_post(people[role], post, now) is (role in MODERATORS)
    assert can_restore_post(people[role], post, now) is False  # not hidden
    post.hidden_at = now
    assert can_hide_post(people[role], post, now) is False
    assert can_restore_post(people[role], post, now) is (role in MODERATORS)


@pytest.mark.parametrize("role", ROLES)
def test_suspend_a_citizen(role, people, author):
    assert can_suspend_user(people[role], author, utcnow()) is (role in MODERATORS)


@pytest.mark.parametrize("actor,target,expected", [
    ("moderator", "councillor", True), ("moderator", "moderator", False),
    ("moderator", "admin", False), ("admin", "moderator", True), ("admin", "admin", True),
])
def test_only_admins_suspend_staff_with_moderation_powers(session, people, actor, target,
                                                          expected):
    other = make_user(session, role=target)
    assert can_suspend_user(people[actor], other, utcnow()) is expected


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_nobody_suspends_themselves(role, people):
    assert can_suspend_user(people[role], people[role], utcnow()) is False


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_lift_suspensions(role, people):
    assert can_lift_suspension(people[role], people["suspended"], utcnow()) is (role == "admin")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_appeals_a_hidden_post(role, people, post, author):
    now = utcnow()
    post.hidden_at = now
    assert can_appeal_post(people[role], post, now) is False
    assert can_appeal_post(author, post, now) is True
    post.hidden_at = None
    assert can_appeal_post(author, post, now) is False


@pytest.mark.parametrize("role", ROLES)
def test_only_suspended_users_appeal_a_suspension(role, people):
    assert can_appeal_suspension(people[role], None, utcnow()) is (role == "suspended")


@pytest.mark.parametrize("role", ROLES)
def test_decide_appeal_another_moderator(role, people, author):
    acted = people["moderator"]
    appeal = Appeal(appellant_id=author.id, acted_by_id=acted.id, statement="x")
    expected = role == "admin"  # the moderator acted; only the other moderator may decide
    assert can_decide_appeal(people[role], appeal, utcnow()) is expected


def test_decided_appeals_and_own_appeals_cannot_be_decided(people):
    mod = people["moderator"]
    own = Appeal(appellant_id=mod.id, acted_by_id=None, statement="x")
    assert can_decide_appeal(mod, own, utcnow()) is False
    decided = Appeal(appellant_id=people["citizen"].id, statement="x", decided_at=utcnow())
    assert can_decide_appeal(mod, decided, utcnow()) is False
