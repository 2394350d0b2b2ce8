"""Thread forms."""
from __future__ import annotations

from wtforms import StringField, TextAreaField

from forum.forms import BaseForm


class ThreadForm(BaseForm):
    title = StringField("Title", description="5 to 200 characters.")
    body = TextAreaField("Opening post", description="Markdown is supported. "
                                                     "20,000 characters at most.")


class EditThreadForm(BaseForm):
    title = StringField("Title")
    body = TextAreaField("Opening post")
