"""Passwords as credentials: signing in with one, changing it, resetting it from a link."""
from __future__ import annotations

from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.services import authenticate, check_new_password, revoke_tokens
from forum.errors import Invalid
from forum.i18n import _, _l
from forum.jsonapi import Unauthorized
from forum.security.signins import end_other_sessions

WRONG_CREDENTIALS = _l("The email address or password is not right.")


def check_credentials(session: Session, email: str, password: str) -> User:
    """Return the user for this email and password, or raise 401 (never saying which was
    wrong)."""
    user = authenticate(session, email, password)
    if user is None:
        raise Unauthorized(WRONG_CREDENTIALS, code="invalid_credentials")
    return user


def change_password(session: Session, user: User, *, current: str, new: str,
                    keep: int | None = None) -> User:
    """Change the password after checking the current one; ends other sessions and tokens.

    ``keep`` is the sign-in that made the change: it stays signed in.
    """
    if not user.check_password(current):
        raise Invalid(_("Your current password is not right."), field="current_password")
    check_new_password(new, field="new_password")
    if new == current:
        raise Invalid(_("Choose a password different from your current one."), field="new_password")
    user.set_password(new)
    end_other_sessions(session, user, keep=keep)
    revoke_tokens(session, user)
    session.flush()
    return user


def reset_password(session: Session, user: User, *, new: str) -> User:
    """Set a new password without the old one (from a reset link); ends sessions and tokens."""
    check_new_password(new, field="new_password")
    user.set_password(new)
    end_other_sessions(session, user)
    revoke_tokens(session, user)
    session.flush()
    return user
