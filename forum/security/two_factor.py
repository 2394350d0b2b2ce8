"""Second-factor sign-in: TOTP (authenticator apps) with one-time recovery codes."""
from __future__ import annotations

import hmac
import re
import secrets
from datetime import datetime, timedelta

import pyotp
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from forum.accounts.models import User
from forum.errors import Invalid, NotAllowed
from forum.i18n import _
from forum.security.models import RecoveryCode
from forum.security.rules import can_set_up_two_factor, may_turn_off_two_factor

RECOVERY_CODES = 10
#: recovery codes use letters and digits that cannot be mistaken for each other
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
#: a code from the previous or the next 30-second step is accepted (clock drift)
DRIFT_STEPS = 1


def new_secret() -> str:
    """A fresh base32 TOTP secret."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads (typed in or as a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").upper()


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """Return the time step whose TOTP equals ``code`` (within the drift), else ``None``."""
    if not (code.isascii() and code.isdigit()):
        return None  # "٣" is a digit to Python, but never part of a code
    totp = pyotp.TOTP(secret)
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        when = now + timedelta(seconds=offset * totp.interval)
        if hmac.compare_digest(totp.at(when), code):
            return totp.timecode(when)
    return None


def _new_recovery_codes(session: Session, user: User, now: datetime) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        session.add(RecoveryCode(user_id=user.id, code_hash=RecoveryCode.hash(raw),
                                 created_at=now))
    return codes


def require_two_factor_setup(user: User | None, now: datetime) -> None:
    """Refuse the two-step sign-in pages to anyone who may not set it up."""
    if not can_set_up_two_factor(user, None, now):
        raise NotAllowed(_("Two-step sign-in is for councillors, moderators and administrators."))


def enable_two_factor(session: Session, user: User, *, secret: str, code: str,
                      now: datetime) -> list[str]:
    """Turn on TOTP once ``code`` proves the app has ``secret``; return new recovery codes."""
    require_two_factor_setup(user, now)
    step = _matching_step(secret, _normalise(code), now)
    if step is None:
        raise Invalid(_("That code is not right. Check the time on your phone and enter the "
                        "6-digit code your app shows now."), field="code")
    user.totp_secret, user.totp_last_step = secret, step
    codes = _new_recovery_codes(session, user, now)
    session.flush()
    return codes


def regenerate_recovery_codes(session: Session, user: User, *, password: str,
                              now: datetime) -> list[str]:
    """Replace the recovery codes (the old ones stop working); needs the password."""
    if user.totp_secret is None:
        raise NotAllowed(_("Turn on two-step sign-in first."))
    if not user.check_password(password):
        raise Invalid(_("Your password is not right."), field="password")
    codes = _new_recovery_codes(session, user, now)
    session.flush()
    return codes


def disable_two_factor(session: Session, user: User, *, password: str, policy: str) -> User:
    """Turn off TOTP and delete the recovery codes; needs the password."""
    if not may_turn_off_two_factor(user, policy):
        raise NotAllowed(_("Staff accounts must keep two-step sign-in on."),
                         code="two_factor_required")
    if not user.check_password(password):
        raise Invalid(_("Your password is not right."), field="password")
    user.totp_secret, user.totp_last_step = None, None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    session.flush()
    return user


def _spend_step(session: Session, user: User, step: int) -> bool:
    """Record ``step`` as used unless it (or a later one) already was; one winner per step.

    A conditional UPDATE, so two sign-ins sending the same code at once cannot both pass.
    """
    spent = session.execute(
        update(User).where(User.id == user.id, or_(User.totp_last_step.is_(None),
                                                   User.totp_last_step < step))
        .values(totp_last_step=step).execution_options(synchronize_session=False))
    if spent.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def _spend_recovery_code(session: Session, user: User, code: str, now: datetime) -> bool:
    """Mark an unused recovery code as used; a conditional UPDATE, so it works once."""
    spent = session.execute(
        update(RecoveryCode).where(RecoveryCode.user_id == user.id,
                                   RecoveryCode.code_hash == RecoveryCode.hash(code),
                                   RecoveryCode.used_at.is_(None))
        .values(used_at=now).execution_options(synchronize_session=False))
    return spent.rowcount == 1


def verify_second_factor(session: Session, user: User, code: str, *, now: datetime) -> bool:
    """Check an authenticator code (each usable once) or spend a recovery code."""
    if user.totp_secret is None:
        return False
    code = _normalise(code)
    if not (code.isascii() and code.isalnum()):
        return False  # "٣" is a digit to Python, but never part of a code
    if code.isdigit() and len(code) == 6:
        step = _matching_step(user.totp_secret, code, now)
        return step is not None and _spend_step(session, user, step)
    return _spend_recovery_code(session, user, code, now)


def recovery_codes_left(session: Session, user: User) -> int:
    """How many unused recovery codes ``user`` has."""
    return session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))) or 0
