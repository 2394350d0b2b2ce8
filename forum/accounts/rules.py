"""Who may do what with accounts. The only module that compares roles."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_

from forum.accounts.models import Role, User
from forum.i18n import _, _l
from forum.permissions import rule
from forum.timefmt import localtime

STAFF = frozenset({Role.COUNCILLOR, Role.MODERATOR, Role.ADMIN})
#: accounts younger than this get tighter posting limits and fewer links per post
NEW_ACCOUNT_AGE = timedelta(days=1)


def is_admin(user: User | None) -> bool:
    """Admins."""
    return user is not None and user.role == Role.ADMIN


def is_moderator(user: User | None) -> bool:
    """Moderators and admins (admins hold every moderator power)."""
    return user is not None and user.role in (Role.MODERATOR, Role.ADMIN)


def is_councillor(user: User | None) -> bool:
    """Councillors and admins."""
    return user is not None and user.role in (Role.COUNCILLOR, Role.ADMIN)


def is_staff_role(role: Role) -> bool:
    """Councillors, moderators and admins (for an account not created yet)."""
    return role in STAFF


def is_staff(user: User | None) -> bool:
    """Councillors, moderators and admins."""
    return user is not None and is_staff_role(user.role)


def staff_clause() -> ColumnElement[bool]:
    """SQL twin of :func:`is_staff`, to select staff accounts."""
    return User.role.in_(STAFF)


def moderator_clause() -> ColumnElement[bool]:
    """SQL twin of :func:`is_moderator`, to select moderators (admins included)."""
    return User.role.in_((Role.MODERATOR, Role.ADMIN))


def councillor_clause() -> ColumnElement[bool]:
    """SQL twin of :func:`is_councillor`, to select councillors (admins included)."""
    return User.role.in_((Role.COUNCILLOR, Role.ADMIN))


def may_name_role(role: Role) -> bool:
    """Staff names may carry their role ("Cllr Priya Shah"): their badge confirms it.

    Only an administrator gives a staff role (at the command line, or by changing the role
    of an account), so a name typed on the site never names a role.
    """
    return is_staff_role(role)


def shows_badge(user: User) -> bool:
    """Everyone but citizens carries a role badge."""
    return shows_role_badge(user.role)


def shows_role_badge(role: Role) -> bool:
    """Every role but citizen is shown as a badge (on a post: the role its author had then)."""
    return role != Role.CITIZEN


def is_new_account(user: User | None, now: datetime) -> bool:
    """Accounts younger than a day (tighter post limits, at most two links per post)."""
    return user is not None and user.created_at is not None \
        and user.created_at > now - NEW_ACCOUNT_AGE


UNCONFIRMED_MESSAGE = _l("Confirm your email address before you take part: open the link we "
                         "emailed you, or ask for a new link.")


def has_confirmed_email(user: User | None) -> bool:
    """The user opened the confirmation link of their address."""
    return user is not None and user.email_confirmed_at is not None


def may_be_emailed(user: User | None) -> bool:
    """Whether notification mail may go to ``user``: a confirmed address, not erased."""
    return (user is not None and bool(user.email) and has_confirmed_email(user)
            and user.erased_at is None)


def may_be_emailed_clause() -> ColumnElement[bool]:
    """:func:`may_be_emailed` in SQL, for selecting the people to email."""
    return and_(User.email != "", User.email_confirmed_at.is_not(None), User.erased_at.is_(None))


def why_cannot_write(user: User | None, now: datetime) -> tuple[str, str] | None:
    """Return ``(code, message)`` saying why ``user`` may not post, start threads, endorse or
    report anywhere, or ``None`` if the account may.

    Cases: anonymous; suspended; email address not confirmed yet.
    """
    if user is None:
        return "unauthorized", _("Sign in to take part.")
    if user.is_suspended(now):
        until = localtime(user.suspended_until, "date")
        return "suspended", _("Your account is suspended until %(until)s: %(reason)s",
                              until=until, reason=user.suspension_reason)
    if not has_confirmed_email(user):
        return "email_unconfirmed", str(UNCONFIRMED_MESSAGE)
    return None


def can_participate(user: User | None, now: datetime) -> bool:
    """Signed-in users who are not suspended and have confirmed their email address may
    post, reply, endorse and flag."""
    return why_cannot_write(user, now) is None


@rule
def can_change_name(user: User | None, _thing: object, now: datetime) -> bool:
    """Signed-in users who are not suspended change their own display name."""
    return user is not None and not user.is_suspended(now)


@rule
def can_resend_confirmation(user: User | None, _thing: object, now: datetime) -> bool:
    """A signed-in user whose address (or new address) waits for confirmation asks for a new
    link."""
    return user is not None and (not has_confirmed_email(user) or user.pending_email is not None)


@rule
def can_manage_users(user: User | None, _thing: object, now: datetime) -> bool:
    """Admins change roles and lift suspensions."""
    return is_admin(user)


@rule
def can_view_admin(user: User | None, _thing: object, now: datetime) -> bool:
    """Admins see the admin pages."""
    return is_admin(user)
