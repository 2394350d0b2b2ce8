"""Consultation forms. Dates are typed as local wall-clock times in the forum's zone."""
from __future__ import annotations

from typing import Any

from wtforms import Field, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired
from wtforms.widgets import DateTimeLocalInput

from forum.consultations.dates import local_to_utc, parse_local, utc_to_local_input
from forum.forms import MARKDOWN_HINT, BaseForm
from forum.i18n import _, _l
from forum.settings import forum_zone
from forum.threads.forms import WrittenForm


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
            raise ValueError(_("Enter a date and time such as 2026-03-14 17:00.")) from None
        try:
            self.data = local_to_utc(naive, forum_zone())
        except ValueError as error:
            self.data = None
            raise ValueError(str(error)) from None


def _zone_hint(first: str) -> str:
    """``first`` (a sentence), then the sentence saying how to write a date and time."""
    return " ".join([first, _("Date and time in %(zone)s time, for example 2026-03-14 17:00.",
                               zone=str(forum_zone()))])


class ConsultationForm(WrittenForm):
    """Post a consultation, in the language chosen (its texts' original language)."""

    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title."))],
                        description=_l("5 to 200 characters."))
    #: a box of a few lines: a question may take up to 500 characters
    question = TextAreaField(_l("The question you are asking"),
                           validators=[DataRequired(_l("Enter the question you are asking."))],
                           description=_l("One clear question residents can argue for or "
                                          "against; 500 characters at most."))
    body = TextAreaField(_l("Background"), validators=[DataRequired(_l("Enter the background."))],
                         description=_l("What residents need to know to answer: the "
                                        "proposal, costs, options. %(hint)s",
                                        hint=MARKDOWN_HINT))
    opens_at = LocalDateTimeField(_l("Opens (optional)"))
    closes_at = LocalDateTimeField(_l("Closes"),
                                   validators=[InputRequired(_l("Enter when the consultation "
                                                                "closes."))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opens_at.description = _zone_hint(_("Leave empty to open it now."))
        self.closes_at.description = _zone_hint(_("Must be in the future."))


class ExtendForm(BaseForm):
    """Move the closing time later."""

    closes_at = LocalDateTimeField(_l("New closing time"),
                                   validators=[InputRequired(_l("Enter the new closing time."))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.closes_at.description = _zone_hint(
            _("Must be later than the current closing time."))


class CloseForm(BaseForm):
    """Close early, saying why."""

    reason = TextAreaField(_l("Why are you closing it early?"),
                           validators=[DataRequired(_l("Say why the consultation is closing "
                                                        "early."))],
                           description=_l("Shown on the consultation page. 10 to 500 "
                                          "characters."))
