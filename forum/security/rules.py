"""Who may set up a second factor, and who must."""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import is_staff
from forum.permissions import rule


def has_two_factor(user: User | None) -> bool:
    """The user signs in with a second factor."""
    return user is not None and user.totp_secret is not None


@rule
def can_set_up_two_factor(user: User | None, _thing: object, now: datetime) -> bool:
    """Staff (councillors, moderators, admins) turn on a second factor; anyone who has one
    (e.g. staff since made citizen) may manage it."""
    return is_staff(user) or has_two_factor(user)


def must_set_up_two_factor(user: User | None, policy: str) -> bool:
    """With the ``required`` policy, staff without a second factor must set one up first."""
    return policy == "required" and is_staff(user) and not has_two_factor(user)


def may_turn_off_two_factor(user: User | None, policy: str) -> bool:
    """A second factor can be turned off unless the policy requires it of this user."""
    return has_two_factor(user) and not (policy == "required" and is_staff(user))
