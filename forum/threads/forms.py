"""Thread forms."""
from __future__ import annotations

from wtforms import StringField, TextAreaField

from forum.forms import MARKDOWN_HINT, PreviewableForm


class ThreadForm(PreviewableForm):
    title = StringField("Title", description="5 to 200 characters.")
    body = TextAreaField("Opening post", description=f"{MARKDOWN_HINT} 20,000 characters at "
                                                     "most.")


class EditThreadForm(PreviewableForm):
    title = StringField("Title")
    body = TextAreaField("Opening post", description=MARKDOWN_HINT)
