"""What a reader sees of an official text: the version in the language they read, else the
source, and what to say about it.

The language read is the page's language, unless the reader asked for another version of the
texts with ``?version=<code>`` (the links "This text in other languages"). The pseudo-locale
reads the default language's texts.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import has_request_context, request
from markupsafe import Markup, escape

from forum.bilingual.models import Bilingual
from forum.i18n import (current_language, html_lang, locale_for, writing_language,
                        written_languages)

#: the query parameter choosing which version of the official texts a page shows
VERSION_PARAM = "version"


def reading_language() -> str:
    """The language this request reads official texts in."""
    if has_request_context():
        asked = request.args.get(VERSION_PARAM)
        if asked and asked in written_languages():
            return asked
    return writing_language()


def language_called(code: str) -> str:
    """The language ``code`` as the page's language calls it, for use inside a sentence
    ("Saesneg" in Welsh; a language's own name, "Cymraeg", is for links and switches)."""
    return locale_for(code).get_display_name(locale_for(current_language())) or code


@dataclass(frozen=True)
class Shown:
    """One field of an official text as shown: its text (HTML for Markdown fields) and the
    language it is in; ``missing`` when the reader's language has no version of it."""

    text: str
    language: str
    html: bool
    missing: bool = False
    stale: bool = False

    def __html__(self) -> str:
        return self.text if self.html else str(escape(self.text))  # stored, sanitised HTML

    def __str__(self) -> str:
        return self.text

    @property
    def lang(self) -> Markup:
        """``lang="…"`` when the text is not in the page's language, else nothing."""
        if html_lang(self.language) == html_lang(current_language()):
            return Markup("")
        return Markup(' lang="%s"') % html_lang(self.language)


def shown(owner: Bilingual, name: str, language: str | None = None) -> Shown:
    """The field ``name`` of ``owner`` for a reader of ``language`` (default: this request's)."""
    language = language or reading_language()
    html = name in owner.MARKDOWN
    source = owner.source_language()
    if language != source and name in owner.TRANSLATED:
        version = owner.version(language)
        if name in version:
            text = version.get(f"{name}_html", "") if html else version[name]
            return Shown(text, language, html,
                         stale=version.get("source") != owner.source_fingerprint())
        text = owner.source_html(name) if html else owner.source_value(name)
        return Shown(text, source, html, missing=True)
    return Shown(owner.source_html(name) if html else owner.source_value(name), source, html)


@dataclass(frozen=True)
class Availability:
    """What a page says about the languages of a group of official texts."""

    #: the language read
    language: str
    #: the source language, shown where a version is missing
    source: str
    #: some field has no version in ``language``: it is shown in ``source``
    missing: bool
    #: no field has a version in ``language`` (the whole text is in ``source``)
    untranslated: bool
    #: a version was written before its source last changed
    stale: bool
    #: the other languages this text can be read in
    others: tuple[str, ...]


def availability(*owners: Bilingual, language: str | None = None) -> Availability | None:
    """Say how ``owners`` (a text and its parts, such as a summary and its points) read in
    ``language``; ``None`` when the site has one language or nothing here is translatable."""
    owners = tuple(owner for owner in owners if owner is not None and owner.TRANSLATED)
    if len(written_languages()) < 2 or not owners:
        return None
    language = language or reading_language()
    source = owners[0].source_language()
    have = {source} | {code for owner in owners for code in owner.version_languages()}
    if language == source:
        return Availability(language, source, False, False, False,
                            tuple(code for code in written_languages()
                                  if code in have and code != language))
    fields = [shown(owner, name, language) for owner in owners for name in owner.TRANSLATED
              if owner.source_value(name)]
    missing = [field for field in fields if field.missing]
    return Availability(language, source, bool(missing), len(missing) == len(fields),
                        any(field.stale for field in fields),
                        tuple(code for code in written_languages()
                              if code in have and code != language))
