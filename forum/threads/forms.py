"""Thread forms, and the choice of the language a text is written in (posts use it too)."""
from __future__ import annotations

from typing import Any

from wtforms import SelectField, StringField, TextAreaField

from forum.forms import MARKDOWN_HINT, PreviewableForm
from forum.i18n import _l, html_lang, language_name, writing_language, written_languages

LANGUAGE_LABEL = _l("Language of your text")


class WrittenForm(PreviewableForm):
    """A form of a resident's text with the language it is written in: a choice of the
    languages the site speaks, each named in its own words, starting at the author's
    interface language (or, editing, the text's own). A page shows the choice only when
    there is more than one language (:attr:`offers_language`)."""

    language = SelectField(LANGUAGE_LABEL, validate_choice=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.language.choices = [(code, language_name(code), {"lang": html_lang(code)})
                                 for code in written_languages()]
        if not self.language.data:
            self.language.data = writing_language()

    @property
    def offers_language(self) -> bool:
        """More than one language to choose from."""
        return len(self.language.choices) > 1


class ThreadForm(WrittenForm):
    title = StringField(_l("Title"), description=_l("5 to 200 characters."))
    body = TextAreaField(_l("Opening post"),
                         description=_l("%(hint)s 20,000 characters at most.", hint=MARKDOWN_HINT))


class EditThreadForm(WrittenForm):
    title = StringField(_l("Title"))
    body = TextAreaField(_l("Opening post"), description=MARKDOWN_HINT)
