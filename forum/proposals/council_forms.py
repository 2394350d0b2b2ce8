"""The council's forms about a proposal: its answer, progress updates, offline supports."""
from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from forum.council.models import PROPOSAL_DECISIONS, CouncilResponse
from forum.forms import MARKDOWN_HINT, BaseForm
from forum.i18n import _l


class WholeNumberField(IntegerField):
    """A whole number; what was typed is shown again with ``message`` when it is not one."""

    message = _l("Enter a whole number.")

    def process_formdata(self, valuelist: list[str]) -> None:
        """Read digits (thousands separators allowed), or explain."""
        text = (valuelist[0] if valuelist else "").replace(",", "").strip()
        self.data = None
        if not text:
            return
        if not text.isascii() or not text.isdigit() or len(text) > 9:
            raise ValueError(str(self.message))
        self.data = int(text)


class ConsultationNumberField(WholeNumberField):
    message = _l("Enter the consultation's number, for example 42.")


class CountField(WholeNumberField):
    message = _l("Enter the number of supports as a whole number, for example 140.")


class AnswerForm(BaseForm):
    """The council's answer to a qualified proposal (draft, or a correction)."""

    decision = RadioField(
        _l("The council's decision"), validate_choice=False,
        choices=[SelectChoice(d.value, d.label) for d in PROPOSAL_DECISIONS],
        validators=[InputRequired(_l("Choose the council's decision."))])
    body = TextAreaField(_l("Reasons"),
                         description=_l("Explain the decision to residents: what will happen, "
                                        "when, and why. %(hint)s", hint=MARKDOWN_HINT),
                         validators=[InputRequired(_l("Explain the decision to residents."))])
    consultation = ConsultationNumberField(
        _l("Number of the consultation (only when turned into a consultation)"),
        validators=[Optional()],
        description=_l("The number in the consultation's address, /threads/42."))

    def fill(self, response: CouncilResponse) -> None:
        """Start from the saved answer (the draft, or the published answer to correct)."""
        self.decision.data, self.body.data = response.decision.value, response.body
        self.consultation.data = response.consultation_id


class AnswerUpdateForm(BaseForm):
    """A dated progress update on an answered proposal."""

    body = TextAreaField(_l("What has happened"),
                         description=_l("A short, dated note of progress, for example "
                                        "“Budget approved”. %(hint)s", hint=MARKDOWN_HINT),
                         validators=[InputRequired(_l("Say what has happened."))])
    complete = BooleanField(_l("This completes the work: no more updates will follow"))


class OfflineBatchForm(BaseForm):
    """A batch of supports gathered off the forum."""

    source = StringField(_l("Where they were gathered"),
                         validators=[InputRequired(_l("Say where these supports were "
                                                      "gathered."))],
                         description=_l("For example “Paper petition at the library, "
                                        "March”."))
    count = CountField(_l("Number of supports"),
                       validators=[InputRequired(_l("Enter the number of supports."))])
