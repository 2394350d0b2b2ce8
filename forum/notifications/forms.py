"""The notification forms: the settings (one group of radio buttons per kind) and following."""
from __future__ import annotations

from wtforms import HiddenField, RadioField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired

from forum.forms import BaseForm
from forum.i18n import _, _l
from forum.notifications.kinds import DELIVERIES, Kind
from forum.notifications.preferences import DELIVERY_LABELS

CHOICES = [SelectChoice(delivery, DELIVERY_LABELS[delivery]) for delivery in DELIVERIES]


class PreferencesForm(BaseForm):
    """How you hear of each kind: the fields are added per person (see :func:`form_for`)."""


def form_for(kinds: tuple[Kind, ...], current: dict[str, str]) -> PreferencesForm:
    """A settings form with a radio group for each of ``kinds``, set to ``current``."""
    class _Form(PreferencesForm):
        pass

    for kind in kinds:
        setattr(_Form, kind.name, RadioField(
            kind.label, choices=CHOICES, default=current[kind.name],
            validators=[InputRequired(_("Choose how you hear of this: %(label)s",
                                        label=kind.label))]))
    return _Form()


class AutoFollowForm(BaseForm):
    """The button turning automatic following on (``1``) or off (``0``)."""

    on = HiddenField(validators=[AnyOf(("0", "1"), message=_l("Choose on or off."))])
