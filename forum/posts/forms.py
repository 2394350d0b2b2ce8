"""Post forms: an argument with its stance, a reply, an edit."""
from __future__ import annotations

from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice

from forum.forms import BaseForm
from forum.inputs import whole_number
from forum.posts.models import Stance

STANCE_CHOICES = [SelectChoice(s.value, s.label) for s in Stance]


class ArgumentForm(BaseForm):
    stance = RadioField("Your position", choices=STANCE_CHOICES, default="neutral",
                        validate_choice=False)
    body = TextAreaField("Your argument", description="Markdown is supported.")


class ReplyForm(BaseForm):
    body = TextAreaField("Your reply", description="Markdown is supported.")
    parent_id = HiddenField()


class EditPostForm(BaseForm):
    body = TextAreaField("Text")
    #: the version this text was based on (a save from an older one is refused)
    version = HiddenField()

    def base_version(self) -> int | None:
        """The version the editor started from, or ``None`` when the form did not say."""
        return whole_number(str(self.version.data or "").strip())
