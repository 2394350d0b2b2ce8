"""The forms of following."""
from __future__ import annotations

from wtforms import HiddenField
from wtforms.validators import AnyOf

from forum.forms import BaseForm


class AutoFollowForm(BaseForm):
    """The button turning automatic following on (``1``) or off (``0``)."""

    on = HiddenField(validators=[AnyOf(("0", "1"), message="Choose on or off.")])
