"""Thread forms."""
from __future__ import annotations

from wtforms import StringField, TextAreaField

from forum.forms import MARKDOWN_HINT, PreviewableForm
from forum.i18n import _l


class ThreadForm(PreviewableForm):
    title = StringField(_l("Title"), description=_l("5 to 200 characters."))
    body = TextAreaField(_l("Opening post"),
                         description=_l("%(hint)s 20,000 characters at most.", hint=MARKDOWN_HINT))


class EditThreadForm(PreviewableForm):
    title = StringField(_l("Title"))
    body = TextAreaField(_l("Opening post"), description=MARKDOWN_HINT)
