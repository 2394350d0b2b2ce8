"""The council's response form (a decision, a sentence and maybe a date per point) and
progress updates."""
from __future__ import annotations

from datetime import datetime

from wtforms import BooleanField, DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from forum.council.models import DECISION_LABELS, SUMMARY_DECISIONS
from forum.council.services import Answer
from forum.inputs import whole_number
from forum.forms import BaseForm
from forum.i18n import _, _l
from forum.summaries.models import SummaryPoint

DECISION_CHOICES = [SelectChoice(d.value, DECISION_LABELS[d.value]) for d in SUMMARY_DECISIONS]


class DueDateField(DateField):
    """A date field whose error says what to type."""

    def process_formdata(self, valuelist: list[str]) -> None:
        """Parse ``YYYY-MM-DD`` (what a date input sends), or explain."""
        raw = (valuelist or [""])[0].strip()
        self.data = None
        if not raw:
            return
        try:
            self.data = datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError:
            raise ValueError(_("Enter the date of the next update as a real date, for "
                               "example 2027-03-31.")) from None


def point_label(point: SummaryPoint) -> str:
    """“Point 2: the first words…”, naming a point in forms."""
    text = point.current_text
    return _("Point %(number)d: %(text)s", number=point.position + 1,
             text=f"{text[:80]}{'…' if len(text) > 80 else ''}")


class ResponseForm(BaseForm):
    decision = RadioField(_l("The council's overall decision"), choices=DECISION_CHOICES,
                          validate_choice=False,
                          validators=[InputRequired(_l("Choose the council's overall "
                                                       "decision."))])
    body = TextAreaField(_l("Explanation"),
                         description=_l("Markdown. Explain the decision to residents: what will "
                                        "happen, when, and why."),
                         validators=[InputRequired(_l("Explain the decision to residents."))])

    #: the summary's points, in order, when built by :func:`response_form`
    summary_points: list[SummaryPoint] = []

    def answers(self) -> list[Answer]:
        """The per-point answers as typed (blank ones too: the service skips them)."""
        return [Answer(p.id, getattr(self, f"point_{p.id}_decision").data or "",
                       getattr(self, f"point_{p.id}_body").data or "",
                       getattr(self, f"point_{p.id}_due").data)
                for p in self.summary_points]

    def point_fields(self) -> list[tuple[SummaryPoint, SelectField, StringField, DateField]]:
        """``(point, decision, sentence, next update date)`` for each point, for the template."""
        return [(p, getattr(self, f"point_{p.id}_decision"), getattr(self, f"point_{p.id}_body"),
                 getattr(self, f"point_{p.id}_due")) for p in self.summary_points]


def response_form(points: list[SummaryPoint], **kwargs) -> ResponseForm:
    """Build the response form with a decision, a sentence and a date for each point."""
    class _Form(ResponseForm):
        pass

    _Form.summary_points = list(points)
    for point in points:
        number = point.position + 1
        setattr(_Form, f"point_{point.id}_decision", SelectField(
            _("Decision on point %(number)d", number=number),
            choices=[SelectChoice("", _("Choose a decision")), *DECISION_CHOICES],
            validate_choice=False, validators=[Optional()]))
        setattr(_Form, f"point_{point.id}_body", StringField(
            _("Why, in one sentence (point %(number)d)", number=number),
            validators=[Optional()]))
        setattr(_Form, f"point_{point.id}_due", DueDateField(
            _("Date of the next update (point %(number)d, optional)", number=number),
            description=_("Only for “Already happening” or “Needs more work”."),
            validators=[Optional()]))
    return _Form(**kwargs)


def response_form_data(response) -> dict[str, object]:  # noqa: ANN001
    """The saved response as form data, to edit the draft or correct it."""
    data: dict[str, object] = {"decision": response.decision.value, "body": response.body}
    for answer in response.points:
        data[f"point_{answer.point_id}_decision"] = answer.decision.value
        data[f"point_{answer.point_id}_body"] = answer.body
        data[f"point_{answer.point_id}_due"] = answer.next_update_due
    return data


class UpdateForm(BaseForm):
    point = SelectField(_l("Which point is this about?"), validate_choice=False,
                        choices=[SelectChoice("", _l("The response as a whole"))])
    body = TextAreaField(_l("What has happened"),
                         description=_l("A short, dated note of progress, e.g. “Budget "
                                        "approved”. Markdown is supported."),
                         validators=[InputRequired(_l("Say what has happened."))])
    complete = BooleanField(_l("This completes the work promised: no more updates will "
                               "follow"))

    def offer(self, points: list[SummaryPoint]) -> None:
        """Offer each of the summary's points as the subject of the update."""
        self.point.choices = [SelectChoice("", _("The response as a whole")),
                              *(SelectChoice(str(p.id), point_label(p)) for p in points)]

    def point_id(self) -> int | None:
        """The chosen point's id, ``None`` for the response as a whole (or nonsense)."""
        raw = self.point.data or ""
        if not raw:
            return None
        number = whole_number(raw)
        return -1 if number is None else number  # not a point: the service refuses it

