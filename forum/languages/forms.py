"""The language switch's form: one button per language, or the account page's list."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field, HiddenField, ValidationError

from forum.forms import BaseForm
from forum.i18n import _, languages


class Spoken:
    """A validator accepting only a language this site speaks (setting ``LANGUAGES``)."""

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data not in languages():
            raise ValidationError(_("Choose one of the languages offered."))


class LanguageForm(BaseForm):
    """The language chosen (a code of ``LANGUAGES``) and the page to go back to."""

    language = HiddenField(validators=[Spoken()])
    next = HiddenField()
