"""The site-page edit form: fields only; the rules live in ``services``."""
from __future__ import annotations

from wtforms import StringField, TextAreaField

from forum.forms import MARKDOWN_HINT, PreviewableForm


class SitePageForm(PreviewableForm):
    title = StringField("Title")
    body = TextAreaField("Text", description=MARKDOWN_HINT)
    revision_note = StringField("What you changed",
                                description="A short note kept with this version, for the "
                                            "other administrators. 300 characters at most.")
