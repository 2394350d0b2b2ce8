"""Post forms: an argument with its stance, a reply, an edit."""
from __future__ import annotations

from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice

from forum.forms import MARKDOWN_HINT
from forum.i18n import _l
from forum.inputs import whole_number
from forum.posts.models import STANCE_LABELS, Stance
from forum.threads.forms import WrittenForm

STANCE_CHOICES = [SelectChoice(s.value, STANCE_LABELS[s]) for s in Stance]
STANCE_QUESTION = _l("Are you for, against, neutral, or asking a question?")


class ArgumentForm(WrittenForm):
    #: nothing is chosen until the author chooses (no default: an unnoticed default is not a
    #: position); posting requires a choice (``create_post(stance_required=True)``), a
    #: preview does not
    stance = RadioField(STANCE_QUESTION, choices=STANCE_CHOICES, default=None,
                        validate_choice=False)
    body = TextAreaField(_l("Your argument"), description=MARKDOWN_HINT)


class ReplyForm(WrittenForm):
    body = TextAreaField(_l("Your reply"), description=MARKDOWN_HINT)
    parent_id = HiddenField()


class EditPostForm(WrittenForm):
    body = TextAreaField(_l("Text"), description=MARKDOWN_HINT)
    #: an argument's stance (the page leaves it out for replies)
    stance = RadioField(STANCE_QUESTION, choices=STANCE_CHOICES, validate_choice=False)
    #: the version this text was based on (a save from an older one is refused)
    version = HiddenField()

    def base_version(self) -> int | None:
        """The version the editor started from, or ``None`` when the form did not say."""
        return whole_number(str(self.version.data or "").strip())
