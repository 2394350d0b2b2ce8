"""Shared plumbing for the moderation pages: the form round trip and access checks."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request
from flask_login import current_user

from forum import inputs
from forum.accounts.rules import is_moderator
from forum.db import db
from forum.errors import Conflict, Invalid, NotAllowed
from forum.forms import BaseForm


def moderators_only() -> None:
    """Refuse (403) anyone but moderators and admins."""
    if not is_moderator(current_user if current_user.is_authenticated else None):
        abort(403, "Only moderators can see this page.")


def form_page(form: BaseForm, template: str, action: Callable[[], Any], *, done: str,
              target: str | Callable[[Any], str], **context: Any):
    """Show ``form``; on a valid submission run ``action``, commit, flash ``done`` and redirect.

    Domain errors are shown on the form, which keeps what was typed.
    """
    if form.is_submitted() and form.validate_and_explain():
        try:
            result = action()
        except Invalid as error:
            db.session.rollback()
            form.attach(error)
        except (NotAllowed, Conflict) as error:
            db.session.rollback()
            form.form_errors.append(error.message)
            return render_template(template, form=form, **context), error.status
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(target(result) if callable(target) else target)
    return render_template(template, form=form, **context), 422 if form.is_submitted() else 200


def page_arg() -> int:
    """The ``page`` query argument (1 when missing or not a positive number)."""
    return inputs.page_arg()
