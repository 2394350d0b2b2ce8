"""The forms of the data pages: deleting your account, and an admin's erasure on request."""
from __future__ import annotations

from wtforms import BooleanField, PasswordField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forum.forms import BaseForm


class DeleteAccountForm(BaseForm):
    """Delete your own account: the password again (and a code with two-step sign-in)."""

    password = PasswordField("Your password", validators=[
        DataRequired("Enter your password to delete your account.")])
    code = StringField("Code from your authenticator app, or a recovery code",
                       validators=[Optional(), Length(max=40)])
    delete_posts = BooleanField("Delete my posts too: a note saying each was deleted stays "
                                "in its place.")
    submit = SubmitField("Delete my account")


class EraseAccountForm(BaseForm):
    """An admin erases an account on the person's request."""

    reason = TextAreaField("Why (for example, the date and reference of the request)",
                           validators=[DataRequired("Say why the account is erased."),
                                       Length(max=1000)])
    delete_posts = BooleanField("Delete their posts too")
    submit = SubmitField("Erase this account")
