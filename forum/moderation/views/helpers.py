"""Shared plumbing for the moderation pages: what a form does once it succeeds, and the
page-level access check."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect
from flask.typing import ResponseReturnValue
from flask_login import current_user

from forum import inputs
from forum.moderation.services import require_moderation_reader
from forum.permissions import actor_or_none


def moderators_only() -> None:
    """Refuse (403) anyone but moderators and admins."""
    require_moderation_reader(actor_or_none(current_user))


def then(action: Callable[[], Any], *, done: str,
         target: str) -> Callable[[], ResponseReturnValue]:
    """The ``act`` of a moderation form's round trip: run ``action``, flash ``done`` and go
    to ``target``."""
    def act() -> ResponseReturnValue:
        action()
        flash(done, "success")
        return redirect(target)
    return act


def page_arg() -> int:
    """The ``page`` query argument (1 when missing or not a positive number)."""
    return inputs.page_arg()
