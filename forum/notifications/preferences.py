"""Each person's choice, per kind of notification, of how they hear of it.

A kind without a row in ``notification_preferences`` uses its default
(:mod:`forum.notifications.kinds`). Staff kinds are offered to staff alone. Choices are
written with one ``INSERT … ON CONFLICT DO UPDATE`` per kind, so two tabs saving at once
never collide on the unique (person, kind) key.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.accounts.rules import is_staff, may_be_emailed_clause
from forum.errors import Invalid
from forum.i18n import _, _l
from forum.notifications.email_models import NotificationPreference
from forum.notifications.kinds import (AT_ONCE, BY_NAME, DELIVERIES, IN_APP, KINDS, Kind,
                                      default_delivery)

#: how each choice is named on the settings page and in mail
DELIVERY_LABELS = {
    "in_app": _l("In the forum only"),
    "at_once": _l("By email at once"),
    "daily": _l("In a daily email digest"),
    "weekly": _l("In a weekly email digest"),
}


def visible_kinds(user: User) -> tuple[Kind, ...]:
    """The kinds ``user`` may choose for: every kind, staff kinds for staff only."""
    staff = is_staff(user)
    return tuple(kind for kind in KINDS if staff or not kind.staff)


def preferences_of(session: Session, user: User) -> dict[str, str]:
    """``user``'s delivery for each kind they may choose for (their choice, or the default)."""
    chosen = dict(session.execute(
        select(NotificationPreference.kind, NotificationPreference.delivery)
        .where(NotificationPreference.user_id == user.id)).all())
    return {kind.name: chosen.get(kind.name, kind.default) for kind in visible_kinds(user)}


def at_once_recipients(user_ids: Iterable[int], kind: str) -> Select:
    """Select the people among ``user_ids`` to email at once about ``kind``: those who chose
    "at once", or kept a default that is, and may be emailed (the one query
    :func:`forum.notifications.services.notify` adds; nobody else is loaded)."""
    chosen = NotificationPreference.delivery
    wanted = chosen == AT_ONCE
    if default_delivery(kind) == AT_ONCE:
        wanted = or_(wanted, chosen.is_(None))
    return (select(User)
            .outerjoin(NotificationPreference,
                       and_(NotificationPreference.user_id == User.id,
                            NotificationPreference.kind == kind))
            .where(User.id.in_(list(user_ids)), wanted, may_be_emailed_clause()))


def effective(chosen: str | None, kind: str) -> str:
    """The delivery in force: the person's choice, else the kind's default."""
    return chosen if chosen is not None else default_delivery(kind)


def check_choices(user: User, choices: Mapping[str, object]) -> dict[str, str]:
    """Return ``choices`` checked: known kinds ``user`` may choose for, known deliveries."""
    allowed = {kind.name for kind in visible_kinds(user)}
    checked: dict[str, str] = {}
    for name, delivery in choices.items():
        if name not in allowed:
            raise Invalid(_("There is no kind of notification called “%(name)s” to choose for.",
                            name=str(name)[:40]), field=str(name)[:40])
        if delivery not in DELIVERIES:
            raise Invalid(_("Choose how you hear of “%(label)s”: in the forum only, by email at "
                            "once, or in a daily or weekly digest.", label=BY_NAME[name].label),
                          field=name)
        checked[name] = str(delivery)
    return checked


def set_preferences(session: Session, user: User, choices: Mapping[str, object]) -> dict[str, str]:
    """Save ``user``'s choices (only those that change something); return them all."""
    checked = check_choices(user, choices)
    current = preferences_of(session, user)
    for name, delivery in checked.items():
        if current[name] != delivery:
            set_delivery(session, user.id, [name], delivery)
    return preferences_of(session, user)


def set_delivery(session: Session, user_id: int, kinds: Iterable[str], delivery: str) -> None:
    """Set ``delivery`` for each of ``kinds`` of ``user_id`` (an atomic upsert per kind)."""
    dialect = session.get_bind(NotificationPreference.__mapper__).dialect.name
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    for name in kinds:
        stmt = build(NotificationPreference).values(user_id=user_id, kind=name,
                                                    delivery=delivery)
        session.execute(stmt.on_conflict_do_update(
            index_elements=["user_id", "kind"], set_={"delivery": delivery}))


def unsubscribe_kinds(session: Session, user_id: int, kinds: Iterable[str]) -> None:
    """Hear of each of ``kinds`` in the forum only, from now on."""
    set_delivery(session, user_id, kinds, IN_APP)
