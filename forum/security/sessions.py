"""Session policy: fresh sessions on sign-in, staff idle timeout, required second factor.

Flask keeps the session in a signed cookie, so "a new session identifier" means clearing
the cookie's contents on sign-in. Each sign-in also opens a server-side record
(:mod:`forum.security.signins`) whose key the session and remember-me cookies carry: signing
out ends the record, so a copied cookie stops working too.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from flask import (current_app, flash, g, has_request_context, make_response, redirect,
                   render_template, request, session, url_for)
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import Session

from forum.accounts.models import Role, User
from forum.accounts.rules import is_staff
from forum.db import db, utcnow
from forum.errors import NotAllowed, json_error, wants_json
from forum.forms import ActionForm
from forum.i18n import _, _l
from forum.security.models import UserSession
from forum.security.rules import must_set_up_two_factor
from forum.security.signins import (end_other_sessions, find_session, forget_session,
                                    note_activity, open_session)

if TYPE_CHECKING:
    from flask import Flask
    from werkzeug.wrappers import Response

F = TypeVar("F", bound=Callable)

#: session key holding when a staff member was last active (epoch seconds)
LAST_SEEN = "_seen"
#: session key holding a sign-in that waits for its second-factor code
PENDING = "two_factor"
#: how long the code page waits after the password was accepted
PENDING_SECONDS = 300
#: what staff who must set up a second factor may still reach: signing out and the
#: two-step sign-in pages
SETUP_ENDPOINTS = frozenset({"static", "security.logout", "security.code", "security.status",
                             "security.setup", "security.recovery_codes", "security.disable"})


def no_store(view: F) -> F:
    """Mark a private page so neither browsers nor proxies keep a copy."""
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response
    return wrapper  # type: ignore[return-value]


def _now_seconds() -> int:
    return int(utcnow().timestamp())


def idle_limit() -> timedelta:
    """How long a sign-in may go unused before it ends (``SESSION_IDLE_DAYS``)."""
    return timedelta(days=int(current_app.config["SESSION_IDLE_DAYS"]))


def _new_session() -> None:
    """Empty the session, and forget this request's CSRF token, which belonged to it.

    Flask-WTF keeps the signed token in ``g`` for the rest of the request; a form rendered
    after the clear (the code page, the resume page) would carry a token for the old
    session and be refused as expired. Without it the next form makes a token in the new one.
    """
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


def start_session(user: User, *, remember: bool = False) -> UserSession:
    """Sign ``user`` in on a brand-new session (nothing from before sign-in carries over).

    Opens (flushes) the sign-in record; the caller commits. Staff are never remembered on a
    device: their sessions must be able to time out.
    """
    _new_session()
    record, key = open_session(db.session, user, user_agent=request.headers.get("User-Agent", ""),
                               now=utcnow(), idle=idle_limit())
    user.sign_in_key = key
    login_user(user, remember=remember and not is_staff(user))
    _remember_sign_in(record)
    session[LAST_SEEN] = _now_seconds()
    return record


def load_session_user(key: str) -> User | None:
    """Flask-Login's loader: the user of the live sign-in whose key the cookie carries."""
    record = find_session(db.session, key, now=utcnow(), idle=idle_limit())
    if record is None:
        return None
    _remember_sign_in(record)
    record.user.sign_in_key = key
    return record.user


def _remember_sign_in(record: UserSession) -> None:
    # Plain values, not the row: a commit expires it, and it may end meanwhile elsewhere.
    g.sign_in_id, g.sign_in_seen = record.id, record.last_seen_at


def current_session_id() -> int | None:
    """The id of the sign-in record this request runs under, if any."""
    return g.get("sign_in_id")


def end_current_session() -> None:
    """End this browser's sign-in record (the caller commits, then clears the cookies)."""
    record_id = current_session_id()
    if record_id is not None:
        forget_session(db.session, record_id)
    g.pop("sign_in_id", None)


def begin_two_factor(user: User, *, remember: bool, target: str) -> None:
    """Remember, in a fresh session, that ``user`` gave the right password and owes a code."""
    _new_session()
    session[PENDING] = {"uid": user.id, "token": user.session_token, "remember": remember,
                        "next": target, "at": _now_seconds()}


def pending_user(db_session: Session) -> User | None:
    """The user whose password was accepted in this session a few minutes ago, if any."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    if _now_seconds() - int(pending.get("at", 0)) > PENDING_SECONDS:
        session.pop(PENDING, None)
        return None
    user = db_session.get(User, pending.get("uid"))
    if user is None or user.session_token != pending.get("token"):
        return None
    return user


def finish_sign_in(target: str, kept: list[tuple[str, str]]):
    """After sign-in: go to ``target``, or offer to send the interrupted form again."""
    if kept:
        return render_template("security/resume.html", kept=kept, action=target,
                               form=ActionForm())
    return redirect(target)


def note_remembered(_app: Flask, user: User | None = None, **_extra: object) -> None:
    g.signed_in_from_cookie = True


def renew_after_role_change(db_session: Session, *, user: User, old: Role, new: Role,
                            **_extra: object) -> None:
    """A new role ends every sign-in of the user (new powers, new session); an admin who
    changed their own role is signed in afresh here (``role_changed`` listener)."""
    if new == old:
        return
    end_other_sessions(db_session, user)
    if has_request_context() and current_user.is_authenticated and current_user.id == user.id:
        start_session(user)


def _staff_session_expired() -> bool:
    """Staff sessions end after ``STAFF_IDLE_MINUTES`` without a request, and are never
    restored from a remember-me cookie (one set before the user became staff)."""
    if g.get("signed_in_from_cookie"):
        return True
    last = session.get(LAST_SEEN)
    now = _now_seconds()
    if last is not None and now - int(last) > int(current_app.config["STAFF_IDLE_MINUTES"]) * 60:
        return True
    if last is None or now - int(last) >= 15:
        session[LAST_SEEN] = now
    return False


def enforce_session_policy():
    """Before each request: end idle staff sessions; send staff without a required
    second factor to set one up."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    user = current_user._get_current_object()
    if is_staff(user) and _staff_session_expired():
        minutes = current_app.config["STAFF_IDLE_MINUTES"]
        end_current_session()
        db.session.commit()
        session.clear()
        logout_user()
        flash(_("You were signed out after %(minutes)s minutes without activity. Sign in again "
                "to continue.", minutes=minutes), "info")
        return None
    _note_activity()
    if must_set_up_two_factor(user, current_app.config["STAFF_2FA"]) \
            and request.endpoint not in SETUP_ENDPOINTS:
        if wants_json():
            return json_error(403, "two_factor_required", TWO_FACTOR_REQUIRED)
        flash(str(TWO_FACTOR_REQUIRED), "info")
        return redirect(url_for("security.setup"))
    return None


def _note_activity() -> None:
    """Keep the sign-in's last-seen time roughly current (one write every few minutes).

    Runs before the view, so the commit holds nothing but this one update.
    """
    record_id = g.get("sign_in_id")
    if record_id is not None and note_activity(db.session, record_id, g.sign_in_seen,
                                               now=utcnow()):
        db.session.commit()


TWO_FACTOR_REQUIRED = _l("Staff accounts must use two-step sign-in. Set it up before doing "
                         "anything else.")


def check_token_user(user: User) -> None:
    """API calls with a bearer token: staff who must set up a second factor are refused."""
    if must_set_up_two_factor(user, current_app.config["STAFF_2FA"]):
        raise NotAllowed(TWO_FACTOR_REQUIRED, code="two_factor_required")
