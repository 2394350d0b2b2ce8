"""Form helpers shared by every domain's forms."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field, ValidationError

from forum.errors import Invalid
from forum.inputs import FIRST_YEAR, LAST_YEAR, is_real_date

CSRF_MESSAGE = ("This form had expired, so nothing was saved. Your text is kept below: "
                "check it and send it again.")


class BaseForm(FlaskForm):
    """A Flask-WTF form whose CSRF failure keeps the data and says what to do."""

    def validate_and_explain(self) -> bool:
        """Validate; on an expired or missing CSRF token, explain instead of discarding."""
        ok = self.validate()
        if not ok and "csrf_token" in self.errors:
            self.form_errors.append(CSRF_MESSAGE)
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


class ActionForm(BaseForm):
    """A form with no fields: a button protected by a CSRF token."""


class RealDate:
    """A validator refusing dates outside the years :mod:`forum.inputs` accepts."""

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data is not None and not is_real_date(field.data):
            raise ValidationError(f"Enter a real date, between the years {FIRST_YEAR} and "
                                  f"{LAST_YEAR}.")
