"""The council's response form (one decision and sentence per section) and progress updates."""
from __future__ import annotations

from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from forum.council.models import Decision
from forum.council.services import Point
from forum.forms import BaseForm

DECISION_CHOICES = [SelectChoice(d.value, d.label) for d in Decision]


class ResponseForm(BaseForm):
    decision = RadioField("The council's overall decision", choices=DECISION_CHOICES,
                          validate_choice=False,
                          validators=[InputRequired("Choose the council's overall decision.")])
    body = TextAreaField("Explanation",
                         description="Markdown. Explain the decision to residents: what will "
                                     "happen, when, and why.",
                         validators=[InputRequired("Explain the decision to residents.")])

    #: the summary's sections, in order, when built by :func:`response_form`
    sections: list[str] = []

    def points(self) -> list[Point]:
        """The per-section answers as typed."""
        return [Point(section, getattr(self, f"point_{i}_decision").data or "",
                      getattr(self, f"point_{i}_body").data or "")
                for i, section in enumerate(self.sections)]

    def point_fields(self) -> list[tuple[str, SelectField, StringField]]:
        """``(section, decision field, sentence field)`` for each section, for the template."""
        return [(section, getattr(self, f"point_{i}_decision"), getattr(self, f"point_{i}_body"))
                for i, section in enumerate(self.sections)]


def response_form(sections: list[str], **kwargs) -> ResponseForm:
    """Build the response form with a decision and a sentence for each of ``sections``."""
    class _Form(ResponseForm):
        pass

    _Form.sections = list(sections)
    for i, section in enumerate(sections):
        setattr(_Form, f"point_{i}_decision", SelectField(
            f"Decision on “{section}”", choices=[SelectChoice("", "Choose a decision"),
                                                 *DECISION_CHOICES],
            validate_choice=False,
            validators=[InputRequired(f"Choose the council's decision on “{section}”.")]))
        setattr(_Form, f"point_{i}_body", StringField(
            f"Why, in one sentence (“{section}”)",
            validators=[InputRequired(f"Write a sentence explaining the decision on "
                                      f"“{section}”.")]))
    return _Form(**kwargs)


class UpdateForm(BaseForm):
    body = TextAreaField("What has happened",
                         description="A short, dated note of progress, e.g. “Budget approved”. "
                                     "Markdown is supported.",
                         validators=[InputRequired("Say what has happened.")])
    complete = BooleanField("This completes the work promised: no more updates will follow")
