"""Password-reset links: signed, valid for an hour, and single-use.

The token carries the user id, the time it was issued and a fingerprint of the user's
password hash and session token. Resetting (or changing) the password changes both, so a
used link, or any older one, stops matching.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.services import find_user_by_email
from forum.mail import send_mail
from forum.urls import external_url

#: how long a reset link works
RESET_VALID_FOR = timedelta(hours=1)
_SALT = "forum.password-reset"


def _fingerprint(user: User, secret_key: str) -> str:
    message = f"{user.id}:{user.password_hash}:{user.session_token}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


def make_reset_token(user: User, *, secret_key: str, now: datetime) -> str:
    """Sign a reset token for ``user`` issued at ``now``."""
    serializer = URLSafeSerializer(secret_key, salt=_SALT)
    return serializer.dumps({"u": user.id, "t": int(now.timestamp()),
                             "f": _fingerprint(user, secret_key)})


def user_for_reset_token(session: Session, token: str, *, secret_key: str,
                         now: datetime) -> User | None:
    """Return the user a valid, unexpired, unused token was issued to, else ``None``."""
    try:
        data = URLSafeSerializer(secret_key, salt=_SALT).loads(token)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) \
            or not isinstance(data.get("t"), int) or not isinstance(data.get("f"), str):
        return None
    age = now.timestamp() - data["t"]
    if not 0 <= age <= RESET_VALID_FOR.total_seconds():
        return None
    user = session.get(User, data["u"])
    if user is None or not hmac.compare_digest(_fingerprint(user, secret_key), data["f"]):
        return None
    return user


def send_reset_link(session: Session, email: str, *, now: datetime) -> None:
    """Email a reset link if ``email`` has an account; do nothing visible otherwise."""
    # The forgot-password page runs this after its response was sent (forum.deferred), so
    # neither the lookup, the signing nor the mail can be timed by the visitor.
    user = find_user_by_email(session, email)
    if user is None:
        return
    token = make_reset_token(user, secret_key=current_app.secret_key, now=now)
    link = external_url("security.reset_password", token=token)
    site = current_app.config["SITE_NAME"]
    send_mail(user.email, f"Reset your {site} password", (
        f"Hello {user.display_name},\n\n"
        f"Someone (we hope you) asked to reset the password of your {site} account.\n"
        f"To choose a new password, open this link within the next hour:\n\n{link}\n\n"
        "The link works once. If you did not ask for it, ignore this email: "
        "your password stays as it is.\n"))


def send_password_changed(user: User) -> None:
    """Tell ``user`` their password was changed, so an unexpected change does not go unseen."""
    site = current_app.config["SITE_NAME"]
    send_mail(user.email, f"Your {site} password was changed", (
        f"Hello {user.display_name},\n\n"
        f"The password of your {site} account was just changed, and every device "
        "signed in to it was signed out.\n\n"
        "If this was not you, reset your password now:\n"
        f"{external_url('security.forgot_password')}\n"))
