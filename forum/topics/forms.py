"""Topic forms."""
from __future__ import annotations

from wtforms import StringField, TextAreaField

from forum.forms import BaseForm


class TopicForm(BaseForm):
    title = StringField("Title")
    slug = StringField("Address (slug)",
                       description="Lower-case letters, digits and hyphens; left empty, "
                                   "it is made from the title.")
    description = TextAreaField("Description", description="Markdown is supported.")
