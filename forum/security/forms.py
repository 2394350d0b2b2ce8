"""Sign-in and second-factor forms: fields only; the checks live in the services."""
from __future__ import annotations

from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField

from forum.forms import BaseForm


class RegisterForm(BaseForm):
    email = EmailField("Email address")
    display_name = StringField("Display name",
                               description="Shown next to everything you post. 60 characters at most.")
    password = PasswordField("Password", description="At least 10 characters.")


class LoginForm(BaseForm):
    email = EmailField("Email address")
    password = PasswordField("Password")
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()


class ChangePasswordForm(BaseForm):
    current_password = PasswordField("Current password")
    new_password = PasswordField("New password", description="At least 10 characters.")


class ResetRequestForm(BaseForm):
    email = EmailField("Email address", description="The address you registered with.")


class ResetPasswordForm(BaseForm):
    new_password = PasswordField("New password", description="At least 10 characters.")


class CodeForm(BaseForm):
    code = StringField("Code", description="The 6-digit code from your authenticator app, "
                                           "or one of your recovery codes.")


class SetupForm(BaseForm):
    code = StringField("Code from the app", description="Enter the 6-digit code the app shows "
                                                        "after you add the account.")


class PasswordConfirmForm(BaseForm):
    password = PasswordField("Your password")


class TokenForm(BaseForm):
    name = StringField("Name", description="Where the token will be used, such as "
                                           "“Phone app” or “My script”. 60 characters at most.")


class ChangeEmailForm(BaseForm):
    email = EmailField("New email address",
                       description="We will send a link to this address. Your address changes "
                                   "when you open it.")
    current_password = PasswordField("Current password")
