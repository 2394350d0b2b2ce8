"""Topic forms."""
from __future__ import annotations

from wtforms import StringField, TextAreaField

from forum.forms import BaseForm
from forum.i18n import _l


class TopicForm(BaseForm):
    title = StringField(_l("Title"))
    slug = StringField(_l("Address (slug)"),
                       description=_l("Lower-case letters, digits and hyphens; left empty, "
                                      "it is made from the title."))
    description = TextAreaField(_l("Description"), description=_l("Markdown is supported."))
