"""Moderation forms: fields only; the rules live in the services."""
from __future__ import annotations

from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from forum.forms import BaseForm, RealDate
from forum.i18n import _l
from forum.moderation.models import AuditAction, FlagReason

FLAG_CHOICES = [SelectChoice(r.value, r.label) for r in FlagReason]


class FlagForm(BaseForm):
    reason = RadioField(_l("Why are you reporting this post?"), choices=FLAG_CHOICES,
                        validate_choice=False)
    text = TextAreaField(_l("Details"), description=_l("Required if you choose “Something else”. "
                                                       "1,000 characters at most. Only moderators "
                                                       "see your report."))


class ReasonForm(BaseForm):
    reason = TextAreaField(_l("Reason"),
                           description=_l("Shown to the people affected and kept in the "
                                          "moderation log. 500 characters at most."))


class OptionalReasonForm(BaseForm):
    reason = TextAreaField(_l("Reason (optional)"),
                           description=_l("Kept in the moderation log. 500 characters at most."))


class ReviewForm(BaseForm):
    decision = RadioField(_l("Decision"), choices=[
        SelectChoice("uphold", _l("Uphold the reports: the post is hidden")),
        SelectChoice("dismiss", _l("Dismiss the reports: the post stays or becomes visible"))],
        validate_choice=False)
    reason = TextAreaField(_l("Reason"),
                           description=_l("Required to uphold: shown on the post in place of "
                                          "its text. 500 characters at most."))


class SuspendForm(BaseForm):
    until = DateField(_l("Suspended until"), validators=[
        InputRequired(_l("Enter the last day of the suspension, like 2026-04-30.")), RealDate()],
        description=_l("The last day of the suspension; it ends at midnight at the end of that "
                       "day."), format="%Y-%m-%d")
    reason = TextAreaField(_l("Reason"),
                           description=_l("Shown to the person suspended and kept in the "
                                          "moderation log. 500 characters at most."))


class AppealForm(BaseForm):
    statement = TextAreaField(_l("Your statement"),
                              description=_l("Why should the decision change? 1,000 characters "
                                             "at most. You can appeal once."))


class DecideAppealForm(BaseForm):
    decision = RadioField(_l("Decision"), choices=[
        SelectChoice("grant", _l("Grant the appeal")),
        SelectChoice("refuse", _l("Refuse the appeal"))],
        validate_choice=False)
    reason = TextAreaField(_l("Reason"), description=_l("Shown to the person who appealed. 500 "
                                                        "characters at most."))


class LogFilterForm(BaseForm):
    class Meta:
        csrf = False

    actor = SelectField(_l("Moderator"), choices=[], validate_choice=False)
    action = SelectField(_l("Action"), choices=[SelectChoice("", _l("Any action"))] + [
        SelectChoice(a.value, a.label) for a in AuditAction], validate_choice=False)
    start = DateField(_l("From"), validators=[Optional(), RealDate()], format="%Y-%m-%d")
    end = DateField(_l("To"), validators=[Optional(), RealDate()], format="%Y-%m-%d")
