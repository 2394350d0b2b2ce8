"""Sign-in records: one per sign-in on a device, found again from its cookie, ended on sign-out.

A record's key, ``"<id>.<secret>"``, is what the session and remember-me cookies carry; only
a hash of the secret is stored, so a copy of the table signs no one in. Ending a record (by
deleting it) makes every cookie that carries its key worthless at the next request.
"""
from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, select, update
from sqlalchemy.orm import Session, joinedload

from forum.accounts.models import User
from forum.errors import NotFound
from forum.i18n import _, _l
from forum.inputs import is_id, whole_number
from forum.security.models import UserSession

#: last-seen times are written at most this often per sign-in (not on every request)
TOUCH_EVERY = timedelta(minutes=5)
#: how much of the User-Agent header is kept
USER_AGENT_LENGTH = 200

_BROWSERS = (("Edg", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS", "Firefox"),
             ("CriOS", "Chrome"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
#: the systems as a sentence names them ("Safari on an iPhone"): the phrases with an article
#: are translated, the bare names are names in every language
_SYSTEMS = (("iPhone", _l("an iPhone")), ("iPad", _l("an iPad")), ("Android", "Android"),
            ("CrOS", "ChromeOS"), ("Windows", "Windows"), ("Macintosh", _l("a Mac")),
            ("Linux", "Linux"))


def open_session(session: Session, user: User, *, user_agent: str, now: datetime,
                 idle: timedelta) -> tuple[UserSession, str]:
    """Record a new sign-in of ``user``; return it with the key its cookies carry."""
    prune_idle_sessions(session, now=now, idle=idle)
    secret = secrets.token_urlsafe(32)
    record = UserSession(user_id=user.id, secret_hash=UserSession.hash(secret), created_at=now,
                         last_seen_at=now, user_agent=(user_agent or "")[:USER_AGENT_LENGTH])
    session.add(record)
    session.flush()
    return record, f"{record.id}.{secret}"


def _parse_key(key: object) -> tuple[int, str] | None:
    if not isinstance(key, str) or not key.isascii():
        return None
    record_id, _, secret = key.partition(".")
    number = whole_number(record_id)
    if number is None or not is_id(number) or not secret:
        return None
    return number, secret


def find_session(session: Session, key: object, *, now: datetime,
                 idle: timedelta) -> UserSession | None:
    """Return the live sign-in whose key a cookie carries (with its user), else ``None``."""
    parsed = _parse_key(key)
    if parsed is None:
        return None
    record = session.get(UserSession, parsed[0], options=[joinedload(UserSession.user)])
    if record is None or not hmac.compare_digest(record.secret_hash,
                                                 UserSession.hash(parsed[1])):
        return None
    if record.last_seen_at <= now - idle:
        return None
    return record


def note_activity(session: Session, session_id: int, last_seen_at: datetime, *,
                  now: datetime) -> bool:
    """Move a sign-in's last-seen time to ``now`` if it is older than :data:`TOUCH_EVERY`;
    say whether it was."""
    if last_seen_at > now - TOUCH_EVERY:
        return False
    # A plain UPDATE: a record ended meanwhile on another device stays ended (0 rows).
    session.execute(update(UserSession)
                    .where(UserSession.id == session_id, UserSession.last_seen_at < now)
                    .values(last_seen_at=now)
                    .execution_options(synchronize_session=False))
    return True


def list_sessions(user: User, *, now: datetime, idle: timedelta) -> Select:
    """Select ``user``'s live sign-ins, the most recently used first."""
    return (select(UserSession)
            .where(UserSession.user_id == user.id, UserSession.last_seen_at > now - idle)
            .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc()))


def end_session(session: Session, user: User, session_id: int) -> None:
    """End one of ``user``'s own sign-ins; another user's (or a finished one) is not found."""
    result = session.execute(delete(UserSession).where(UserSession.id == session_id,
                                                       UserSession.user_id == user.id))
    if result.rowcount == 0:
        raise NotFound(_("That device is already signed out."))


def end_sessions(session: Session, user: User, *, keep: int | None = None) -> int:
    """End every sign-in of ``user`` except ``keep``; return how many ended."""
    stmt = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        stmt = stmt.where(UserSession.id != keep)
    return session.execute(stmt).rowcount


def end_other_sessions(session: Session, user: User, *, keep: int | None = None) -> None:
    """End every sign-in of ``user`` but ``keep`` (their cookies stop working), and any
    password-reset link or half-finished two-step sign-in."""
    user.session_token = secrets.token_hex(16)
    end_sessions(session, user, keep=keep)


def forget_session(session: Session, session_id: int) -> None:
    """End the sign-in this browser used (signing out; nothing happens if it already ended)."""
    session.execute(delete(UserSession).where(UserSession.id == session_id))


def prune_idle_sessions(session: Session, *, now: datetime, idle: timedelta) -> int:
    """Delete every sign-in unused for ``idle`` (its cookies no longer work anyway)."""
    return session.execute(delete(UserSession)
                           .where(UserSession.last_seen_at <= now - idle)).rowcount


def describe_device(user_agent: str) -> str:
    """Name the browser and system of a User-Agent header in plain words."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), None)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    if browser or system:
        return str(browser or system)
    return _("An unknown browser or app")
