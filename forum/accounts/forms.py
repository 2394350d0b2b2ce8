"""Account forms: fields only; the rules live in ``services``."""
from __future__ import annotations

from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField

from wtforms.fields.choices import SelectChoice

from forum.accounts.models import Role
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


class RoleForm(BaseForm):
    role = SelectField("Role", choices=[SelectChoice(r.value, r.label) for r in Role])
