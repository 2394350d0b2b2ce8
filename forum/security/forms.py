"""Second-factor forms: fields only; the checks live in ``two_factor``."""
from __future__ import annotations

from wtforms import PasswordField, StringField

from forum.forms import BaseForm


class CodeForm(BaseForm):
    code = StringField("Code", description="The 6-digit code from your authenticator app, "
                                           "or one of your recovery codes.")


class SetupForm(BaseForm):
    code = StringField("Code from the app", description="Enter the 6-digit code the app shows "
                                                        "after you add the account.")


class PasswordConfirmForm(BaseForm):
    password = PasswordField("Your password")
