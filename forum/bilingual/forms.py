"""The form of a page of versions: one box per part, built for the page's parts."""
from __future__ import annotations

from collections.abc import Sequence

from wtforms import HiddenField, StringField, TextAreaField

from forum.bilingual.services import Part
from forum.forms import BaseForm


class VersionForm(BaseForm):
    """The versions of a page's texts in one language; a box per part is added by
    :func:`version_form`."""

    language = HiddenField()
    #: :func:`forum.bilingual.services.versions_token` when the page was shown
    token = HiddenField()


def version_form(parts: Sequence[Part], language: str, token: str) -> VersionForm:
    """A form for ``parts``, holding their current ``language`` versions until one is sent."""
    fields = {part.key: (TextAreaField if part.field.multiline else StringField)(
        part.field.label, description=part.field.hint) for part in parts}
    form_class = type("PageVersionForm", (VersionForm,), fields)
    return form_class(data={"language": language, "token": token,
                            **{part.key: part.current(language) for part in parts}})
