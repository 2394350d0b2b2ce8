"""Sign-in and second-factor forms: fields only; the checks live in the services."""
from __future__ import annotations

from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField

from forum.forms import BaseForm
from forum.i18n import _l


class RegisterForm(BaseForm):
    email = EmailField(_l("Email address"))
    display_name = StringField(_l("Display name"),
                               description=_l("Shown next to everything you post. 60 characters "
                                              "at most."))
    password = PasswordField(_l("Password"), description=_l("At least 10 characters."))


class LoginForm(BaseForm):
    email = EmailField(_l("Email address"))
    password = PasswordField(_l("Password"))
    remember = BooleanField(_l("Keep me signed in on this device"))
    next = HiddenField()


class ChangePasswordForm(BaseForm):
    current_password = PasswordField(_l("Current password"))
    new_password = PasswordField(_l("New password"), description=_l("At least 10 characters."))


class ResetRequestForm(BaseForm):
    email = EmailField(_l("Email address"), description=_l("The address you registered with."))


class ResetPasswordForm(BaseForm):
    new_password = PasswordField(_l("New password"), description=_l("At least 10 characters."))


class CodeForm(BaseForm):
    code = StringField(_l("Code"), description=_l("The 6-digit code from your authenticator app, "
                                                  "or one of your recovery codes."))


class SetupForm(BaseForm):
    code = StringField(_l("Code from the app"),
                       description=_l("Enter the 6-digit code the app shows after you add the "
                                      "account."))


class PasswordConfirmForm(BaseForm):
    password = PasswordField(_l("Your password"))


class TokenForm(BaseForm):
    name = StringField(_l("Name"), description=_l("Where the token will be used, such as "
                                                  "“Phone app” or “My script”. 60 characters at "
                                                  "most."))


class ChangeEmailForm(BaseForm):
    email = EmailField(_l("New email address"),
                       description=_l("We will send a link to this address. Your address "
                                      "changes when you open it."))
    current_password = PasswordField(_l("Current password"))
