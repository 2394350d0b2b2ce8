"""Form helpers shared by every domain's forms."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import Field, SubmitField, ValidationError

from forum.db import db
from forum.errors import DomainError, Invalid
from forum.i18n import _, _l
from forum.inputs import FIRST_YEAR, LAST_YEAR, is_real_date

#: a button (a form with nothing typed) sent from a page that had expired
EXPIRED_BUTTON = _l("That did not go through because the page had expired. Try again.")
CSRF_MESSAGE = _l("This form had expired, so nothing was saved. Your text is kept below: "
                  "check it and send it again.")


class BaseForm(FlaskForm):
    """A Flask-WTF form whose CSRF failure keeps the data and says what to do."""

    def validate_and_explain(self) -> bool:
        """Validate; on an expired or missing CSRF token, explain instead of discarding."""
        ok = self.validate()
        if not ok and "csrf_token" in self.errors:
            self.form_errors.append(str(CSRF_MESSAGE))
        return ok

    def attach(self, error: Invalid) -> None:
        """Show a domain error next to its field (or at the top when no field matches)."""
        field = getattr(self, error.field, None) if error.field else None
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, error.message] if isinstance(field.errors, list) \
                else [error.message]
        else:
            self.form_errors.append(error.message)
        for other in getattr(error, "others", []):
            self.attach(other)

    @property
    def all_errors(self) -> list[tuple[str | None, str]]:
        """Every error as ``(field id or None, message)``, for the error summary."""
        out: list[tuple[str | None, str]] = [(None, m) for m in self.form_errors]
        for field in self:
            if field.name == "csrf_token":
                continue
            out.extend((field.id, message) for message in field.errors)
        return out


#: the hint of every Markdown box (the formatting help is beside the box)
MARKDOWN_HINT = _l("You can format your text with Markdown: see “Formatting help” below the "
                   "box.")


class PreviewableForm(BaseForm):
    """A form of Markdown text with a "Preview" button beside its send button.

    Pressing it sends the form like the other button; the view then shows the page again with
    the text rendered as it would be saved, and saves nothing.
    """

    preview = SubmitField(_l("Preview"))

    @property
    def previewing(self) -> bool:
        """The "Preview" button sent the form."""
        return bool(self.preview.data)


class ActionForm(BaseForm):
    """A form with no fields: a button protected by a CSRF token."""


class RealDate:
    """A validator refusing dates outside the years :mod:`forum.inputs` accepts."""

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data is not None and not is_real_date(field.data):
            raise ValidationError(_("Enter a real date, between the years %(first)d and "
                                    "%(last)d.", first=FIRST_YEAR, last=LAST_YEAR))


def round_trip(form: BaseForm, act: Callable[[], ResponseReturnValue],
               page: str | Callable[..., ResponseReturnValue], *,
               check: Callable[[], object] | None = None, submitted: bool | None = None,
               **context: Any) -> ResponseReturnValue:
    """Run one HTML form's round trip, the only way views do it.

    Not submitted: show ``page`` (200). Submitted and valid: call ``act()``; if it returns,
    commit and answer with what it returned (usually a redirect after a flash). If the
    service refuses, roll back and show the page again with everything typed kept: an
    ``Invalid`` goes next to its field (422); any other domain error (not allowed, conflict,
    not found) goes at the top with its own status, and ``refused=error`` is passed to the
    page. Field errors re-show the page with 422.

    ``page`` is a template name rendered with ``form`` and ``context``, or a callable
    taking ``(**extra)`` for pages whose context depends on the outcome.

    ``check`` is the service's permission check for the page, run on every request before
    the fields are read: on a GET its refusal is the error page; on a POST it is shown at
    the top of the form with its own status (403, 409), keeping what was typed, so a
    refusal never hides behind a field error.
    """
    def show(status: int, **extra: Any) -> ResponseReturnValue:
        if callable(page):
            return page(**extra), status
        return render_template(page, form=form, **context, **extra), status

    posted = form.is_submitted() if submitted is None else submitted
    if check is not None and not posted:
        check()
    if not posted:
        return show(200)
    if check is not None:
        try:
            check()
        except DomainError as error:
            form.form_errors.append(error.message)
            return show(error.status, refused=error)
    if form.validate_and_explain():
        try:
            response = act()
        except Invalid as error:
            db.session.rollback()
            form.attach(error)
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
            return show(error.status, refused=error)
        else:
            db.session.commit()
            return response
    return show(422)


def press(form: BaseForm, act: Callable[[], ResponseReturnValue | None], back: str, *,
          flash_refusals: bool = False) -> ResponseReturnValue:
    """Run a button's round trip, the only way views do it: a POST from another page with
    nothing typed to keep (endorse, archive, publish, mark as read, sign out a device).

    Valid: call ``act()``, commit, and answer with what it returned, or go ``back``. An
    expired page or a wrong field goes ``back`` with the reason flashed. A domain error
    raised by ``act`` rolls back and is the error page with its status; with
    ``flash_refusals`` it is flashed on the way ``back`` instead (for buttons on a page of
    settings, where the refusal reads best beside them).
    """
    if not form.validate_and_explain():
        reasons = [EXPIRED_BUTTON] if "csrf_token" in form.errors else \
            [message for field, message in form.all_errors if field is not None]
        flash(" ".join(str(r) for r in reasons) or str(EXPIRED_BUTTON), "error")
        return redirect(back)
    try:
        response = act()
    except DomainError as error:
        db.session.rollback()
        if not flash_refusals:
            raise
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    return response if response is not None else redirect(back)
