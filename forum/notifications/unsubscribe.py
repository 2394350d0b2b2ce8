"""One-click unsubscribe links: a signed token naming a person and what they leave.

A token names one kind (``reply``) or one digest (``digest:daily``, ``digest:weekly``). It
needs no sign-in and does not expire, since mail is read late; it is signed with the
secret key, so it cannot be made for someone else or changed to another kind. Using it sets
that kind, or every kind the digest carries, to "in the forum only".
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.errors import NotFound
from forum.i18n import _, _l
from forum.notifications.kinds import BY_NAME, DAILY, WEEKLY
from forum.notifications.preferences import preferences_of, unsubscribe_kinds
from forum.urls import external_url

_SALT = "forum.unsubscribe"
_DIGEST = "digest:"
#: what a link that cannot be read says (a 404 page)
BAD_LINK = _l("This unsubscribe link is not valid: it may have been copied only in part. Open "
              "it again from the email, or choose what you receive on your notification "
              "settings page.")


@dataclass(frozen=True)
class Unsubscription:
    """What a valid token asks: ``user`` leaves ``scope`` (a kind, or ``digest:<period>``)."""

    user: User
    scope: str

    @property
    def digest(self) -> str | None:
        """The digest period left (``daily`` or ``weekly``), or ``None`` for one kind."""
        return self.scope[len(_DIGEST):] if self.scope.startswith(_DIGEST) else None

    @property
    def label(self) -> str:
        """A sentence naming what is left, for the confirm page."""
        if self.digest == DAILY:
            return _("The daily email digest.")
        if self.digest == WEEKLY:
            return _("The weekly email digest.")
        return BY_NAME[self.scope].label


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt=_SALT)


def make_token(user_id: int, scope: str) -> str:
    """Sign a token letting ``user_id`` leave ``scope`` (a kind, or ``digest:<period>``)."""
    return _serializer().dumps({"u": user_id, "s": scope})


def digest_scope(period: str) -> str:
    """The scope of a digest's own unsubscribe link."""
    return _DIGEST + period


def unsubscribe_url(user_id: int, scope: str) -> str:
    """The absolute one-click address for ``user_id`` leaving ``scope``."""
    return external_url("notifications.unsubscribe", token=make_token(user_id, scope))


def read_token(session: Session, token: str) -> Unsubscription:
    """What a token asks, or :class:`NotFound` with a clear sentence if it is not valid."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        raise NotFound(BAD_LINK) from None
    scope = data.get("s") if isinstance(data, dict) else None
    user_id = data.get("u") if isinstance(data, dict) else None
    valid_scope = isinstance(scope, str) and (
        scope in BY_NAME or scope in (digest_scope(DAILY), digest_scope(WEEKLY)))
    user = session.get(User, user_id) if isinstance(user_id, int) and valid_scope else None
    if user is None:
        raise NotFound(BAD_LINK)
    return Unsubscription(user=user, scope=scope)


def unsubscribe(session: Session, request: Unsubscription) -> list[str]:
    """Set the kind, or every kind the digest carries, to the forum only; return the kinds."""
    if request.digest is None:
        kinds = [request.scope]
    else:
        kinds = [name for name, delivery in preferences_of(session, request.user).items()
                 if delivery == request.digest]
    unsubscribe_kinds(session, request.user.id, kinds)
    return kinds
