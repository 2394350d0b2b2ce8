"""Consultation forms. Dates are typed as local wall-clock times in the forum's zone."""
from __future__ import annotations

from typing import Any

from wtforms import Field, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired
from wtforms.widgets import DateTimeLocalInput

from forum.consultations.dates import local_to_utc, parse_local, utc_to_local_input
from forum.forms import MARKDOWN_HINT, BaseForm, PreviewableForm
from forum.settings import forum_zone


class LocalDateTimeField(Field):
    """A ``datetime-local`` input read in the forum's zone; ``data`` is aware UTC or ``None``.

    What was typed is shown again when the form fails.
    """

    widget = DateTimeLocalInput()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return utc_to_local_input(self.data, forum_zone())

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").strip()
        if not text:
            self.data = None
            return
        try:
            naive = parse_local(text)
        except ValueError:
            self.data = None
            raise ValueError("Enter a date and time such as 2026-03-14 17:00.") from None
        try:
            self.data = local_to_utc(naive, forum_zone())
        except ValueError as error:
            self.data = None
            raise ValueError(str(error)) from None


def _zone_hint(prefix: str) -> str:
    return f"{prefix} Date and time in {forum_zone()} time, for example 2026-03-14 17:00."


class ConsultationForm(PreviewableForm):
    """Post a consultation."""

    title = StringField("Title", validators=[DataRequired("Enter a title.")],
                        description="5 to 200 characters.")
    #: a box of a few lines: a question may take up to 500 characters
    question = TextAreaField("The question you are asking",
                           validators=[DataRequired("Enter the question you are asking.")],
                           description="One clear question residents can argue for or against; "
                                       "500 characters at most.")
    body = TextAreaField("Background", validators=[DataRequired("Enter the background.")],
                         description="What residents need to know to answer: the proposal, "
                                     f"costs, options. {MARKDOWN_HINT}")
    opens_at = LocalDateTimeField("Opens (optional)")
    closes_at = LocalDateTimeField("Closes",
                                   validators=[InputRequired("Enter when the consultation "
                                                             "closes.")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opens_at.description = _zone_hint("Leave empty to open it now.")
        self.closes_at.description = _zone_hint("Must be in the future.")


class ExtendForm(BaseForm):
    """Move the closing time later."""

    closes_at = LocalDateTimeField("New closing time",
                                   validators=[InputRequired("Enter the new closing time.")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.closes_at.description = _zone_hint("Must be later than the current closing time.")


class CloseForm(BaseForm):
    """Close early, saying why."""

    reason = TextAreaField("Why are you closing it early?",
                           validators=[DataRequired("Say why the consultation is closing "
                                                     "early.")],
                           description="Shown on the consultation page. 10 to 500 characters.")
