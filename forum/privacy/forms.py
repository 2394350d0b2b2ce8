"""The forms of the data pages: deleting your account, and an admin's erasure on request."""
from __future__ import annotations

from wtforms import BooleanField, PasswordField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forum.forms import BaseForm
from forum.i18n import _l


class DeleteAccountForm(BaseForm):
    """Delete your own account: the password again (and a code with two-step sign-in)."""

    password = PasswordField(_l("Your password"), validators=[
        DataRequired(_l("Enter your password to delete your account."))])
    code = StringField(_l("Code from your authenticator app, or a recovery code"),
                       validators=[Optional(), Length(max=40)])
    delete_posts = BooleanField(_l("Delete my posts too: a note saying each was deleted stays "
                                   "in its place."))
    submit = SubmitField(_l("Delete my account"))


class EraseAccountForm(BaseForm):
    """An admin erases an account on the person's request."""

    reason = TextAreaField(_l("Why (for example, the date and reference of the request)"),
                           validators=[DataRequired(_l("Say why the account is erased.")),
                                       Length(max=1000)])
    delete_posts = BooleanField(_l("Delete their posts too"))
    submit = SubmitField(_l("Erase this account"))
