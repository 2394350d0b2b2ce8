"""Account operations: register, rename, authenticate, change roles, issue and revoke tokens."""
from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime, timedelta

from blinker import signal
from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from forum.db import savepoint
from forum.accounts.emails import lookup_email, normalise_email
from forum.accounts.models import ApiToken, Role, User
from forum.accounts.names import check_display_name
from forum.accounts.rules import (can_change_name, can_manage_users, is_staff_role, may_name_role,
                                   staff_clause)
from forum.errors import Invalid, NotAllowed, NotFound
from forum.i18n import _, _l

MIN_PASSWORD = 10
MAX_PASSWORD = 200
EMAIL_TAKEN = _l("An account with this email address already exists. Sign in instead.")
#: a token's last-used time is written at most this often (not on every request)
TOKEN_TOUCH_EVERY = timedelta(minutes=5)

#: sent as ``role_changed.send(session, actor=, user=, old=, new=)`` after a role is set;
#: the moderation log listens, and the session policy (new powers, new sign-in: the user
#: signs in again) in ``forum.security`` (``actor`` is ``None`` from the command line)
role_changed = signal("forum.accounts.role-changed")
#: sent as ``display_name_changed.send(session, user=, old=)`` after a rename; the posts that
#: mention the user show the new name (``forum.posts.mentions``)
display_name_changed = signal("forum.accounts.display-name-changed")


def find_user_by_email(session: Session, email: str) -> User | None:
    """Return the user with this email (in any spelling of it), if any."""
    stored = lookup_email(email)
    return None if stored is None else session.scalar(select(User).where(User.email == stored))


def check_new_password(password: str, field: str = "password") -> None:
    """Refuse a password too short or too long to be chosen."""
    if len(password) < MIN_PASSWORD:
        raise Invalid(_("Choose a password of at least %(least)d characters.",
                        least=MIN_PASSWORD), field=field)
    if len(password) > MAX_PASSWORD:
        raise Invalid(_("Choose a password of at most %(most)d characters.",
                        most=MAX_PASSWORD), field=field)


def _staff_names(session: Session) -> Iterator[str]:
    yield from session.scalars(select(User.display_name).where(staff_clause()))


def check_name(session: Session, name: str, *, role: Role) -> str:
    """Return the normalised display name for an account of ``role``, or raise ``Invalid``."""
    # Staff names may carry their role ("Cllr Priya Shah"); others may not look like staff.
    staff = is_staff_role(role)
    return check_display_name(name, may_name_role=may_name_role(role),
                              taken_by_staff=() if staff else _staff_names(session))


class EmailTaken(Invalid):
    """The address already belongs to an account (in any spelling of it)."""

    def __init__(self) -> None:
        super().__init__(EMAIL_TAKEN, field="email", code="email_taken")


def add_user(session: Session, user: User) -> User:
    """Add a new ``user`` whose fields are checked; raise :class:`EmailTaken` if its address
    was registered meanwhile."""
    try:
        with savepoint(session):  # the same email registering twice at once: one wins
            session.add(user)
    except IntegrityError:
        raise EmailTaken() from None
    return user


def register_user(session: Session, *, email: str, display_name: str, password: str,
                  role: Role = Role.CITIZEN, now: datetime, confirmed: bool = False) -> User:
    """Create an account; the email must be unused (in any spelling of it).

    The command line and the demo data pass ``confirmed=True``: they vouch for the address.
    Residents register on the site through ``forum.accounts.confirmation.request_account``,
    which never says whether an address has an account.
    """
    role = Role(role)
    email, display_name, _ = Invalid.collect([lambda: normalise_email(email),
                                              lambda: check_name(session, display_name,
                                                                 role=role),
                                              lambda: check_new_password(password)])
    if find_user_by_email(session, email) is not None:
        raise EmailTaken()
    user = User(email=email, display_name=display_name, role=role, created_at=now,
                email_confirmed_at=now if confirmed else None)
    user.set_password(password)
    return add_user(session, user)


def check_can_change_name(user: User, now: datetime) -> None:
    """Raise :class:`NotAllowed` while ``user`` is suspended."""
    if not can_change_name(user, None, now):
        raise NotAllowed(_("Your account is suspended; you can change your display name when "
                           "the suspension ends."), code="suspended")


def change_display_name(session: Session, user: User, name: str, *, now: datetime) -> User:
    """Rename ``user`` under the rules a new account's name meets: no name passing for a
    staff role or for a member of staff, unless ``user`` is staff (their badge says so).

    Names are shown from the account wherever they appear (posts, citations, reports), so
    the new one shows everywhere at once.
    """
    check_can_change_name(user, now)
    old, user.display_name = user.display_name, check_name(session, name, role=user.role)
    session.flush()
    if user.display_name != old:
        display_name_changed.send(session, user=user, old=old)
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """Return the user for this email and password, or ``None`` (never says which was wrong)."""
    user = find_user_by_email(session, email)
    if user is None:
        # Spend the same time hashing so timing does not reveal which emails exist.
        User(password_hash="").set_password(password)
        return None
    return user if user.check_password(password) else None


def set_role(session: Session, actor: User | None, user: User, role: Role | str) -> User:
    """Change ``user``'s role (admins only; the CLI passes ``actor=None``)."""
    if actor is not None and not can_manage_users(actor, user, None):
        raise NotAllowed(_("Only administrators can change roles."))
    old = user.role
    try:
        user.role = Role(role)
    except ValueError:
        raise Invalid(_("Unknown role %(role)r.", role=role), field="role") from None
    session.flush()
    role_changed.send(session, actor=actor, user=user, old=old, new=user.role)
    return user


def revoke_tokens(session: Session, user: User) -> None:
    """Revoke every API token of ``user``."""
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


#: the longest name a token may have
TOKEN_NAME_MAX = 60


def issue_token(session: Session, user: User, *, now: datetime, name: str = "") -> str:
    """Create an API token for ``user`` and return the raw value (shown once)."""
    name = " ".join(name.split())
    if len(name) > TOKEN_NAME_MAX:
        raise Invalid(_("Give the token a name of %(most)d characters at most.",
                        most=TOKEN_NAME_MAX),
                      field="name")
    raw = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=ApiToken.hash(raw), created_at=now,
                         name=name))
    session.flush()
    return raw


def create_named_token(session: Session, user: User, *, name: str, now: datetime) -> str:
    """Create a token named ``name`` (required) on the account page; return it (shown once)."""
    if not " ".join(name.split()):
        raise Invalid(_("Give the token a name, such as the program that will use it."),
                      field="name")
    return issue_token(session, user, now=now, name=name)


def user_tokens(user: User) -> Select:
    """Select ``user``'s API tokens, newest first."""
    return (select(ApiToken).where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc()))


def revoke_token(session: Session, user: User, token_id: int) -> None:
    """Revoke one of ``user``'s tokens; another user's token is not found."""
    result = session.execute(delete(ApiToken).where(ApiToken.id == token_id,
                                                    ApiToken.user_id == user.id))
    if not result.rowcount:
        raise NotFound(_("There is no such token on your account; it may be revoked already."))


def find_token(session: Session, raw: str) -> ApiToken | None:
    """Return the stored token matching the raw one, or ``None``; its user comes with it
    (every request that brings a token asks for its user next)."""
    return session.scalar(select(ApiToken).options(joinedload(ApiToken.user))
                          .where(ApiToken.token_hash == ApiToken.hash(raw)))


def note_token_use(session: Session, token: ApiToken, *, now: datetime) -> bool:
    """Move the token's last-used time to ``now`` if it is older than
    :data:`TOKEN_TOUCH_EVERY`; say whether it was."""
    stale = now - TOKEN_TOUCH_EVERY
    if token.last_used_at is not None and token.last_used_at > stale:
        return False
    # Conditional, so two requests at once write it once.
    result = session.execute(update(ApiToken)
                             .where(ApiToken.id == token.id,
                                    or_(ApiToken.last_used_at.is_(None),
                                        ApiToken.last_used_at <= stale))
                             .values(last_used_at=now)
                             .execution_options(synchronize_session=False))
    return result.rowcount > 0


def list_users(query: str | None = None):
    """Select users for the admin page, optionally filtered by name or email."""
    stmt = select(User).order_by(User.display_name)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(func.lower(User.display_name).like(like) | User.email.like(like))
    return stmt


def count_by_role(session: Session) -> dict[Role, int]:
    """How many accounts hold each role (every role listed, none missing)."""
    counts = dict(session.execute(select(User.role, func.count()).group_by(User.role)).all())
    return {role: counts.get(role, 0) for role in Role}
