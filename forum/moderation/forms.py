"""Moderation forms: fields only; the rules live in the services."""
from __future__ import annotations

from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from forum.forms import BaseForm, RealDate
from forum.moderation.models import AuditAction, FlagReason

FLAG_CHOICES = [SelectChoice(r.value, r.label) for r in FlagReason]


class FlagForm(BaseForm):
    reason = RadioField("Why are you reporting this post?", choices=FLAG_CHOICES,
                        validate_choice=False)
    text = TextAreaField("Details", description="Required if you choose “Something else”. "
                                                "1,000 characters at most. Only moderators "
                                                "see your report.")


class ReasonForm(BaseForm):
    reason = TextAreaField("Reason", description="Shown to the people affected and kept in the "
                                                 "moderation log. 500 characters at most.")


class OptionalReasonForm(BaseForm):
    reason = TextAreaField("Reason (optional)",
                           description="Kept in the moderation log. 500 characters at most.")


class ReviewForm(BaseForm):
    decision = RadioField("Decision", choices=[
        SelectChoice("uphold", "Uphold the reports: the post is hidden"),
        SelectChoice("dismiss", "Dismiss the reports: the post stays or becomes visible")],
        validate_choice=False)
    reason = TextAreaField("Reason", description="Required to uphold: shown on the post in "
                                                 "place of its text. 500 characters at most.")


class SuspendForm(BaseForm):
    until = DateField("Suspended until", validators=[
        InputRequired("Enter the last day of the suspension, like 2026-04-30."), RealDate()],
        description="The last day of the suspension; it ends at midnight at the end of that "
                    "day.", format="%Y-%m-%d")
    reason = TextAreaField("Reason", description="Shown to the person suspended and kept in the "
                                                 "moderation log. 500 characters at most.")


class AppealForm(BaseForm):
    statement = TextAreaField("Your statement",
                              description="Why should the decision change? 1,000 characters at "
                                          "most. You can appeal once.")


class DecideAppealForm(BaseForm):
    decision = RadioField("Decision", choices=[
        SelectChoice("grant", "Grant the appeal"), SelectChoice("refuse", "Refuse the appeal")],
        validate_choice=False)
    reason = TextAreaField("Reason", description="Shown to the person who appealed. "
                                                 "500 characters at most.")


class LogFilterForm(BaseForm):
    class Meta:
        csrf = False

    actor = SelectField("Moderator", choices=[], validate_choice=False)
    action = SelectField("Action", choices=[SelectChoice("", "Any action")] + [
        SelectChoice(a.value, a.label) for a in AuditAction], validate_choice=False)
    start = DateField("From", validators=[Optional(), RealDate()], format="%Y-%m-%d")
    end = DateField("To", validators=[Optional(), RealDate()], format="%Y-%m-%d")
