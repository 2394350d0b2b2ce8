"""Password-reset links: signed, valid for an hour, and single-use; the mail about them.

The token carries the user id, the time it was issued and a fingerprint of the user's
password hash and session token. Resetting (or changing) the password changes both, so a
used link, or any older one, stops matching.

The forgot-password page only writes a ``security.reset_link`` job carrying the typed address
(:func:`queue_reset_link`): the lookup, the signing and the mail happen in the job, so the
answer is the same, and as fast, for an address with an account and one without.
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
from forum.db import utcnow
from forum.i18n import _, recipient_locale
from forum.jobs import enqueue, job
from forum.jobs.models import Job
from forum.mail import build_message, deliver, queue_template_mail, render_mail
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


def queue_reset_link(session: Session, email: str) -> Job:
    """Write the job that emails a reset link to ``email`` if it has an account."""
    return enqueue(session, "security.reset_link", email=email)


def send_reset_link(session: Session, email: str, *, now: datetime) -> None:
    """Email a reset link if ``email`` has an account; do nothing visible otherwise."""
    # Run by the security.reset_link job, never by the request, so neither the lookup, the
    # signing nor the mail can be timed by the visitor. A failed send raises: the job retries.
    user = find_user_by_email(session, email)
    if user is None:
        return
    token = make_reset_token(user, secret_key=current_app.secret_key, now=now)
    with recipient_locale(user.language):
        subject = _("Reset your %(site)s password", site=current_app.config['SITE_NAME'])
        body, html = render_mail("reset_password", subject=subject, name=user.display_name,
                                 link=external_url("security.reset_password", token=token))
    deliver(build_message(user.email, subject, body, html=html))


@job("security.reset_link")
def _reset_link_job(session: Session, *, email: str) -> None:
    send_reset_link(session, email, now=utcnow())


def send_password_changed(session: Session, user: User) -> Job:
    """Tell ``user`` their password was changed, so an unexpected change does not go unseen."""
    with recipient_locale(user.language):
        return queue_template_mail(
            session, user.email, "password_changed",
            _("Your %(site)s password was changed", site=current_app.config['SITE_NAME']),
            name=user.display_name)
