"""Confirming an email address: at registration, and when an account changes its address.

A confirmation link carries a signed token naming the account, the address it confirms and
when it was issued. It works for :data:`CONFIRM_VALID_FOR`, and only while that address still
waits: once the address is confirmed (or another change replaces it) the same link finds
nothing to do, so it is single-use in effect without storing anything.

Registration answers every address the same way (no account enumeration): the request only
checks the fields and writes an ``accounts.create`` job; the job creates the account and mails
the confirmation link, or, when the address already has an account, mails that mailbox a
"you already have an account" note instead.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from forum.accounts.emails import normalise_email
from forum.accounts.models import Role, User
from forum.accounts.services import (EmailTaken, add_user, check_name, check_new_password,
                                     find_user_by_email)
from forum.db import savepoint
from forum.errors import Conflict, Invalid
from forum.i18n import _, _l, speaking_to
from forum.jobs import enqueue, job
from forum.mail import queue_mail
from forum.urls import external_url

#: how long a confirmation link works
CONFIRM_VALID_FOR = timedelta(hours=48)
_SALT = "forum.confirm-email"
LINK_INVALID = _l("This confirmation link does not work: it has expired, was already used, or "
                  "was not copied whole. Sign in and ask for a new link.")
ADDRESS_TAKEN = _l("Another account started using this email address after you asked for the "
                   "change, so your address stays as it was. Choose another address.")
SAME_ADDRESS = _l("This is already your email address. Enter the new address.")
WRONG_PASSWORD = _l("Your current password is not right.")


def make_token(user: User, email: str, *, secret_key: str, now: datetime) -> str:
    """Sign a token confirming ``email`` for ``user``, issued at ``now``."""
    return URLSafeSerializer(secret_key, salt=_SALT).dumps(
        [user.id, email, int(now.timestamp())])


def _read_token(token: str, secret_key: str, now: datetime) -> tuple[int, str] | None:
    """The account and address a signed, unexpired token names, else ``None``."""
    serializer = URLSafeSerializer(secret_key, salt=_SALT)
    try:
        user_id, email, issued = serializer.loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(user_id, int) and isinstance(email, str) and isinstance(issued, int)):
        return None
    fresh = 0 <= now.timestamp() - issued <= CONFIRM_VALID_FOR.total_seconds()
    return (user_id, email) if fresh else None


def confirm_email(session: Session, token: str, *, secret_key: str, now: datetime) -> User:
    """Confirm the address a valid token names: the account's own (first confirmation) or its
    new one (the change takes effect). Raise ``Invalid`` for a bad, expired or spent link,
    ``Conflict`` when the new address was taken meanwhile."""
    found = _read_token(token, secret_key, now)
    user = session.get(User, found[0]) if found else None
    if user is None:
        raise Invalid(LINK_INVALID, code="confirm_link_invalid")
    email = found[1]
    if user.pending_email == email:
        return _swap_email(session, user, now=now)
    if user.email == email and user.email_confirmed_at is None:
        user.email_confirmed_at = now
        session.flush()
        return user
    raise Invalid(LINK_INVALID, code="confirm_link_invalid")


def _swap_email(session: Session, user: User, *, now: datetime) -> User:
    new = user.pending_email
    other = find_user_by_email(session, new) if new else None
    if other is not None and other.id != user.id:
        raise Conflict(ADDRESS_TAKEN, code="email_taken")
    try:
        with savepoint(session):  # the unique index: someone registered it this very moment
            user.email, user.pending_email, user.email_confirmed_at = new, None, now
    except IntegrityError:
        raise Conflict(ADDRESS_TAKEN, code="email_taken") from None
    return user


# --- mail ---------------------------------------------------------------------------------

def _site() -> str:
    return current_app.config["SITE_NAME"]


@speaking_to(lambda _session, user, **_kwargs: user.language)
def send_confirmation(session: Session, user: User, *, now: datetime) -> str | None:
    """Mail a new confirmation link for the address waiting (the new one first); return
    the address written to, or ``None`` if nothing waits."""
    email = user.pending_email or (user.email if user.email_confirmed_at is None else None)
    if email is None:
        return None
    link = external_url("security.confirm_email",
                        token=make_token(user, email, secret_key=current_app.secret_key, now=now))
    site = _site()
    hours = int(CONFIRM_VALID_FOR.total_seconds() // 3600)
    opening = (_("You asked to change the email address of your %(site)s account to this one.",
                 site=site)
               if user.pending_email else _("Welcome to %(site)s.", site=site))
    queue_mail(session, email, _("Confirm your email address for %(site)s", site=site), (
        _("Hello %(name)s,\n\n%(opening)s\nTo confirm this address, open this link within "
          "%(hours)s hours:\n\n%(link)s\n\nIf you did not ask for this, ignore this email: "
          "nothing changes.\n", name=user.display_name, opening=opening, hours=hours, link=link)))
    return email


def _owner_language(session: Session, email: str) -> str | None:
    owner = find_user_by_email(session, email)
    return owner.language if owner is not None else None


@speaking_to(_owner_language)
def _send_already_registered(session: Session, email: str) -> None:
    site = _site()
    queue_mail(session, email, _("You already have a %(site)s account", site=site), (
        _("Hello,\n\nSomeone (we hope you) tried to register at %(site)s with this email "
          "address. You already have an account with it, so no new account was made.\n\nSign in "
          "here:\n%(login)s\n\nIf you forgot your password, choose a new one "
          "here:\n%(reset)s\n\nIf this was not you, ignore this email: your account stays as it "
          "is.\n",
          site=site, login=external_url("security.login"),
          reset=external_url("security.forgot_password"))))


# --- registration -------------------------------------------------------------------------

def request_account(session: Session, *, email: str, display_name: str, password: str,
                    now: datetime, language: str | None = None) -> str:
    """Check the fields of a registration and write the job that creates the account;
    return the normalised address.

    The same work is done whether or not the address has an account (no look-up here), so
    neither the answer nor its timing tells which. ``language``, the one the form was filled
    in, becomes the new account's setting (its mail speaks it from the first).
    """
    email, display_name, _ = Invalid.collect([
        lambda: normalise_email(email),
        lambda: check_name(session, display_name, role=Role.CITIZEN),
        lambda: check_new_password(password)])
    enqueue(session, "accounts.create", email=email, display_name=display_name,
            password_hash=generate_password_hash(password, method="scrypt"),
            created_at=now.isoformat(), language=language)
    return email


@job("accounts.create")
def create_account(session: Session, *, email: str, display_name: str, password_hash: str,
                   created_at: str, language: str | None = None) -> User | None:
    """Create the account asked for and mail its confirmation link; if the address has an
    account already, mail that mailbox the "you already have an account" note instead."""
    now = datetime.fromisoformat(created_at)
    if find_user_by_email(session, email) is None:
        try:
            user = add_user(session, User(email=email, display_name=display_name,
                                          password_hash=password_hash, role=Role.CITIZEN,
                                          created_at=now, language=language))
        except EmailTaken:
            pass  # registered at the same moment by another job
        else:
            send_confirmation(session, user, now=now)
            return user
    _send_already_registered(session, email)
    return None


# --- changing the address -----------------------------------------------------------------

def request_email_change(session: Session, user: User, *, email: str, password: str,
                         now: datetime) -> str:
    """Ask to move ``user`` to a new address (needs the current password); return it.

    The new address takes effect when its link is opened; the current one keeps working
    and is told of the request. A new address that already has an account gets the
    "you already have an account" note instead of a link (the answer here is the same).
    """
    if not user.check_password(password):
        raise Invalid(WRONG_PASSWORD, field="current_password")
    new = normalise_email(email)
    if new == user.email:
        raise Invalid(SAME_ADDRESS, field="email")
    user.pending_email = new
    session.flush()
    other = find_user_by_email(session, new)
    if other is None:
        send_confirmation(session, user, now=now)
    else:
        _send_already_registered(session, new)
    site = _site()
    queue_mail(session, user.email, _("A change of your %(site)s email address was requested",
                                      site=site), (
        _("Hello %(name)s,\n\nSomeone signed in to your %(site)s account asked to change its "
          "email address to %(new)s. This address keeps working until the new one is "
          "confirmed.\n\nIf this was not you, change your password now:\n%(link)s\n",
          name=user.display_name, site=site, new=new,
          link=external_url("security.change_password"))))
    return new
