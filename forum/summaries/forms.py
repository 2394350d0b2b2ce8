"""The summary editor."""
from __future__ import annotations

from wtforms import HiddenField, TextAreaField

from forum.inputs import whole_number
from forum.forms import BaseForm
from forum.i18n import _l


class SummaryForm(BaseForm):
    body = TextAreaField(
        _l("Summary"),
        description=_l("Markdown. Cite a contribution by writing its number in brackets, "
                       "like [#123] (moderators see each post's number under it, as “Cite in a "
                       "summary as [#123]”). Use ## headings for the sections the council "
                       "should answer one by one."))
    #: the revision this text was based on (a save from an older one is refused)
    revision = HiddenField()
    #: the newest post id when the editor was opened: what the summary takes into account
    seen = HiddenField()

    def int_value(self, name: str) -> int | None:
        """The hidden field ``name`` as an integer, or ``None``."""
        raw = (getattr(self, name).data or "").strip()
        return whole_number(raw)
