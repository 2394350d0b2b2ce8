"""The registry of ``can_*`` rules, so templates ask the same functions as views and the API.

Each domain's ``rules.py`` decorates its ``can_<verb>(user, thing, now)`` functions with
:func:`rule`; templates call ``can("verb", thing)``. ``user`` is ``None`` for an anonymous
visitor.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask_login import current_user

from forum.db import utcnow

_RULES: dict[str, Callable[..., bool]] = {}


def rule(fn: Callable[..., bool]) -> Callable[..., bool]:
    """Register ``can_<verb>`` under ``<verb>`` for the template helper."""
    _RULES[fn.__name__.removeprefix("can_")] = fn
    return fn


def actor_or_none(user: Any):
    """Return the signed-in user, or ``None`` for Flask-Login's anonymous user."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def can(name: str, thing: Any = None, *, user: Any = None, now: datetime | None = None) -> bool:
    """Ask rule ``name`` whether ``user`` (default: the current user) may act on ``thing``."""
    if user is None:
        user = current_user
    return _RULES[name](actor_or_none(user), thing, now or utcnow())


def asker(user: Any, now: datetime) -> Callable[[str, Any], bool]:
    """Return ``ask(name, thing)``: the rules for one actor at one moment, resolved once."""
    actor = actor_or_none(user)
    actor = getattr(actor, "_get_current_object", lambda: actor)()  # the user, not the proxy
    return lambda name, thing=None: _RULES[name](actor, thing, now)
