"""The site-page edit form: fields only; the rules live in ``services``."""
from __future__ import annotations

from wtforms import StringField, TextAreaField

from forum.forms import MARKDOWN_HINT, PreviewableForm
from forum.i18n import _l


class SitePageForm(PreviewableForm):
    title = StringField(_l("Title"))
    body = TextAreaField(_l("Text"), description=MARKDOWN_HINT)
    revision_note = StringField(_l("What you changed"),
                                description=_l("A short note kept with this version, for the "
                                               "other administrators. 300 characters at most."))
