"""Who may download and erase what."""
from __future__ import annotations

from datetime import datetime

from forum.accounts.models import User
from forum.accounts.rules import can_manage_users
from forum.privacy.models import DataExport


def can_delete_own_account(user: User | None, _thing: object, now: datetime) -> bool:
    """Anyone signed in may delete their own account (a suspended one too)."""
    return user is not None and user.is_authenticated and user.erased_at is None


def can_erase_account(user: User | None, target: User | None, now: datetime) -> bool:
    """Admins erase someone else's account on request (their own goes through the account
    page, with the password)."""
    return can_manage_users(user, None, now) and (target is None or target != user)


def can_download_export(user: User | None, export: DataExport, now: datetime) -> bool:
    """Only the person it is about downloads their data."""
    return user is not None and user.is_authenticated and export.user_id == user.id
