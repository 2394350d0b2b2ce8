"""Proposal forms: the draft (start and edit), and the buttons that publish, support,
withdraw, renew the co-author link and join as co-author."""
from __future__ import annotations

from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from forum.forms import MARKDOWN_HINT, BaseForm
from forum.i18n import _l
from forum.threads.forms import WrittenForm


class PoundsField(IntegerField):
    """Whole pounds; what was typed is shown again when it is not a whole number."""

    def process_formdata(self, valuelist: list[str]) -> None:
        text = (valuelist[0] if valuelist else "").replace(",", "").replace("£", "").strip()
        if not text:
            self.data = None
            return
        try:
            self.data = int(text)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter the cost as a whole number of pounds, such as "
                                "12000.")) from None


class ProposalForm(WrittenForm):
    """Start or edit a draft proposal, in the language it is written in."""

    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title."))],
                        description=_l("A short name for your idea: 5 to 200 characters."))
    problem = TextAreaField(_l("The problem"),
                            validators=[DataRequired(_l("Describe the problem."))],
                            description=_l("What is wrong now, and who it affects. %(hint)s",
                                           hint=MARKDOWN_HINT))
    body = TextAreaField(_l("What you propose"),
                         validators=[DataRequired(_l("Say what you propose."))],
                         description=_l("What the council should do about it. %(hint)s",
                                        hint=MARKDOWN_HINT))
    area = StringField(_l("Area it concerns (optional)"), validators=[Optional()],
                       description=_l("A ward, street or neighbourhood; leave empty if it "
                                      "concerns the whole council area."))
    cost_estimate = PoundsField(
        _l("Estimated cost in pounds (optional)"),
        validators=[Optional(), NumberRange(min=0, message=_l("Enter a cost of 0 or more."))],
        description=_l("Whole pounds, for example 12000. Leave empty if you do not know."))


class SupportForm(BaseForm):
    """Support a proposal; ``postcode`` is asked only when the site lists postcode areas."""

    postcode = StringField(_l("Your postcode"), validators=[Optional()],
                           description=_l("We keep only the area it is in, never the "
                                          "postcode."))
