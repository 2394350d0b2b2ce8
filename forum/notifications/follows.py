"""Following a thread, a topic or a person: follow, unfollow, list, and who follows what.

A consultation is a thread, so following it is following the thread. Following twice
changes nothing: the row is written with ``INSERT … ON CONFLICT DO NOTHING`` on the table's
unique key, so two requests racing end with one row and no error.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, delete, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.db import UTCDateTime
from forum.errors import Invalid, NotFound
from forum.i18n import _, _l
from forum.notifications.models import Follow, FollowKind
from forum.threads.models import Thread
from forum.threads.rules import can_view_thread
from forum.topics.models import Topic

UNKNOWN_KIND = _l("You can follow a thread, a topic or a person.")
#: the kinds of thing one follows, as URL rules spell them
URL_KINDS = "any(thread, topic, person)"


def parse_kind(value: str) -> FollowKind:
    """Turn ``thread``, ``topic`` or ``person`` into a :class:`FollowKind` (404 otherwise)."""
    try:
        return FollowKind(value)
    except ValueError:
        raise NotFound(UNKNOWN_KIND) from None


def get_target(session: Session, actor: User | None, kind: FollowKind, target_id: int, *,
               now: datetime) -> Thread | Topic | User:
    """Return what ``kind``/``target_id`` names if ``actor`` may see it, else 404."""
    model = {FollowKind.THREAD: Thread, FollowKind.TOPIC: Topic, FollowKind.PERSON: User}[kind]
    target = session.get(model, target_id)
    if target is None or (kind is FollowKind.THREAD and not can_view_thread(actor, target, now)):
        raise NotFound({FollowKind.THREAD: _("There is no thread to follow at this address."),
                        FollowKind.TOPIC: _("There is no topic to follow at this address."),
                        FollowKind.PERSON: _("There is no person to follow at this address.")
                        }[kind])
    return target


def _insert(session: Session):  # noqa: ANN202 (a dialect's Insert)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(Follow)


def add_follow(session: Session, user: User, kind: FollowKind, target_id: int, *,
               now: datetime) -> bool:
    """Write the follow row unless it exists; return whether it is new (no checks: the caller
    has made them)."""
    stmt = (_insert(session).values(user_id=user.id, target_kind=kind, target_id=target_id,
                                    created_at=now)
            .on_conflict_do_nothing(index_elements=["user_id", "target_kind", "target_id"])
            .returning(Follow.id))
    return session.execute(stmt).scalar() is not None


def follow(session: Session, actor: User, kind: FollowKind, target_id: int, *,
           now: datetime) -> bool:
    """Follow a thread, topic or person ``actor`` may see; following twice changes nothing.
    Return whether the follow is new."""
    get_target(session, actor, kind, target_id, now=now)
    if kind is FollowKind.PERSON and target_id == actor.id:
        raise Invalid(_("You cannot follow yourself."), field="target")
    return add_follow(session, actor, kind, target_id, now=now)


def unfollow(session: Session, actor: User, kind: FollowKind, target_id: int) -> bool:
    """Stop following; unfollowing what one does not follow changes nothing. Return whether a
    follow was removed."""
    gone = session.execute(delete(Follow).where(
        Follow.user_id == actor.id, Follow.target_kind == kind, Follow.target_id == target_id))
    return gone.rowcount > 0


def auto_follow(session: Session, user: User, thread: Thread, *, now: datetime) -> None:
    """Follow ``thread`` for ``user`` who took part in it, unless they turned that off (one
    ``INSERT … SELECT`` reading the setting, so the user's row is not loaded for it)."""
    chosen = select(User.id, literal(FollowKind.THREAD.value), literal(thread.id),
                    literal(now, UTCDateTime())).where(User.id == user.id, User.auto_follow)
    session.execute(_insert(session).from_select(
        ["user_id", "target_kind", "target_id", "created_at"], chosen)
        .on_conflict_do_nothing(index_elements=["user_id", "target_kind", "target_id"]))


def set_auto_follow(session: Session, user: User, on: bool) -> User:
    """Turn automatic following (on starting, replying or endorsing) on or off."""
    user.auto_follow = bool(on)
    session.flush()
    return user


def is_following(session: Session, user: User | None, kind: FollowKind, target_id: int) -> bool:
    """Whether ``user`` follows this (one query; none for anonymous readers)."""
    if user is None or not user.is_authenticated:
        return False
    return session.scalar(select(Follow.id).where(
        Follow.user_id == user.id, Follow.target_kind == kind,
        Follow.target_id == target_id)) is not None


def followers(kind: FollowKind, target_id: int) -> Select:
    """Select the ids of everyone following this thread, topic or person."""
    return select(Follow.user_id).where(Follow.target_kind == kind, Follow.target_id == target_id)


def follows_of(user: User) -> Select:
    """Select ``user``'s follows, newest first."""
    return (select(Follow).where(Follow.user_id == user.id)
            .order_by(Follow.created_at.desc(), Follow.id.desc()))


@dataclass
class Followed:
    """One thing a person follows, with what to call it (``None``: it is gone)."""

    follow: Follow
    label: str | None
    link: str | None


def _labels(session: Session, kind: FollowKind, ids: list[int]) -> dict[int, tuple[str, str]]:
    if not ids:
        return {}
    if kind is FollowKind.THREAD:
        rows = session.execute(select(Thread.id, Thread.title).where(Thread.id.in_(ids)))
        return {i: (title, f"/threads/{i}") for i, title in rows}
    if kind is FollowKind.TOPIC:
        rows = session.execute(select(Topic.id, Topic.title, Topic.slug).where(Topic.id.in_(ids)))
        return {i: (title, f"/topics/{slug}") for i, title, slug in rows}
    rows = session.execute(select(User.id, User.shown_name()).where(User.id.in_(ids)))
    return {i: (name, f"/people/{i}") for i, name in rows}


def followed(session: Session, user: User) -> list[Followed]:
    """Everything ``user`` follows, newest first, with names and links (one query per kind)."""
    rows = list(session.scalars(follows_of(user)))
    labels = {kind: _labels(session, kind, [f.target_id for f in rows if f.target_kind is kind])
              for kind in FollowKind}
    return [Followed(f, *labels[f.target_kind].get(f.target_id, (None, None))) for f in rows]
