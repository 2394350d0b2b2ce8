"""Saving a version of an official text in another language."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import LazyString
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import update
from sqlalchemy.orm import Session

from forum.accounts.models import User
from forum.bilingual.models import BOOKKEEPING, Bilingual
from forum.bilingual.signals import versions_saved
from forum.bilingual.texts import language_called
from forum.errors import Conflict, Invalid
from forum.i18n import _, _l, ngettext, written_languages
from forum.jsonapi import text_field


#: the hint of a Markdown version's box
MARKDOWN_VERSION_HINT = _l("Keep the original’s formatting, links and citations as they are, "
                           "and translate the words.")


@dataclass(frozen=True)
class TextField:
    """A translatable field as its owner's package describes it."""

    #: the owner's attribute holding the source text
    name: str
    label: LazyString | str
    #: validates a non-empty text and returns it as kept (raises ``Invalid``); the source
    #: field's own check, so a version obeys the same limits
    clean: Callable[[str], str]
    #: Markdown to stored HTML, for Markdown fields (the source field's own renderer)
    render: Callable[[str], str] | None = None
    #: shown as a box of several lines
    multiline: bool = False
    hint: LazyString | str | None = None


def limited(most: int) -> Callable[[str], str]:
    """A check for a plain text of at most ``most`` characters (a point, an answer)."""
    def clean(text: str) -> str:
        text = " ".join(text.split())
        if len(text) > most:
            raise Invalid(ngettext("Keep this text to %(num)d character or fewer.",
                                   "Keep this text to %(num)d characters or fewer.", most))
        return text
    return clean


@dataclass(frozen=True)
class Part:
    """One field of one row on a page of versions: a summary's body, its third point."""

    #: the form field's name, unique on the page
    key: str
    owner: Bilingual
    field: TextField
    #: a heading naming the part ("Point 3"), when the page has several rows
    heading: str | None = None
    #: in the JSON API, a part of a row in a list is ``{group: {"<row id>": text}}``; a part
    #: without a group is the field ``key``
    group: str | None = None
    row_id: int | None = None

    @property
    def source(self) -> str:
        """The source text, as it reads now."""
        return self.owner.source_value(self.field.name)

    def current(self, language: str) -> str:
        """The version's text in ``language``, empty when there is none."""
        return self.owner.version(language).get(self.field.name, "")


def _lock(session: Session, owner: Bilingual) -> None:
    """Take ``owner``'s row for this transaction before reading its versions again, so two
    saves at once cannot both start from the same versions (the second waits, then reads
    what the first saved). An UPDATE that changes nothing takes the row's lock on
    PostgreSQL and the database's write lock on SQLite, where ``SELECT … FOR UPDATE`` is
    ignored."""
    state = sa_inspect(owner)
    table = state.mapper.local_table
    key = {column.name: value for column, value in zip(state.mapper.primary_key,
                                                       state.identity or ())}
    session.execute(update(table).where(*(table.c[name] == value for name, value in key.items()))
                    .values(translations=table.c.translations))


def texts_from_json(parts: Sequence[Part], data: dict[str, Any]) -> dict[str, str]:
    """Read the texts of ``parts`` from an API body: ``{"title": "…", "points": {"12": "…"}}``.
    Wrong types, and rows that are not on the page, are a 422 naming the field."""
    texts: dict[str, str] = {}
    groups = {part.group for part in parts if part.group}
    for group in groups:
        given = data.get(group) or {}
        if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
            raise Invalid(_("“%(name)s” must be an object of texts by id.", name=group),
                          field=group)
        known = {str(part.row_id) for part in parts if part.group == group}
        unknown = sorted(set(given) - known)
        if unknown:
            raise Invalid(_("“%(name)s” has no entry %(id)s.", name=group, id=unknown[0]),
                          field=group)
    for part in parts:
        if part.group:
            texts[part.key] = (data.get(part.group) or {}).get(str(part.row_id), "")
        else:
            texts[part.key] = text_field(data, part.key, required=False) or ""
    return texts


def check_language(parts: Sequence[Part], language: str | None) -> str:
    """Return ``language`` if the texts may have a version in it, else refuse (422)."""
    sources = {part.owner.source_language() for part in parts}
    if language not in written_languages():
        raise Invalid(_("Choose one of the languages this forum is written in."),
                      field="language")
    if language in sources:
        raise Invalid(_("This text’s original language is %(language)s; choose another "
                        "language for its version.", language=language_called(language)),
                      field="language")
    return language


def versions_token(parts: Sequence[Part], language: str) -> str:
    """A token of the ``language`` versions of ``parts`` as they are now: the page of
    versions carries it, so a save over someone else's newer save is refused."""
    state = [part.owner.version(language) for part in parts]
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]


def save_versions(session: Session, actor: User, parts: Sequence[Part], language: str,
                  values: dict[str, str], *, now: datetime, token: str | None = None) -> None:
    """Write the texts ``values`` (by part key) as the ``language`` version of ``parts``.

    Each text is checked as its source field is; an empty text removes that field's version,
    so a row with nothing left has no version in ``language``. Every text is checked before
    any is kept, so a refused save changes nothing. With ``token`` (:func:`versions_token`
    when the page was shown), a save is refused (409) if the versions changed since.
    """
    language = check_language(parts, language)
    kept: dict[str, str] = {}
    for part in parts:
        text = (values.get(part.key) or "").strip()
        if text:
            try:
                text = part.field.clean(text)
            except Invalid as error:
                raise Invalid(error.message, field=part.key) from None
        kept[part.key] = text
    owners: dict[int, Bilingual] = {}
    for part in parts:
        owners.setdefault(id(part.owner), part.owner)
    for owner in owners.values():
        _lock(session, owner)
        session.refresh(owner, ["translations"])
    if token is not None and token != versions_token(parts, language):
        raise Conflict(_("Someone else saved this version while you were editing it. What "
                         "you typed is kept below: compare it with the text now saved, then "
                         "save again."), code="edit_conflict")
    for owner in owners.values():
        version = {key: value for key, value in owner.version(language).items()
                   if key not in BOOKKEEPING}
        for part in (p for p in parts if p.owner is owner):
            name = part.field.name
            text = kept[part.key]
            version.pop(name, None)
            version.pop(f"{name}_html", None)
            if text:
                version[name] = text
                if part.field.render is not None:
                    version[f"{name}_html"] = part.field.render(text)
        versions = dict(owner.translations or {})
        if version:
            version.update(source=owner.source_fingerprint(), saved_at=now.isoformat(),
                           by=actor.id)
            versions[language] = version
        else:
            versions.pop(language, None)
        owner.translations = versions or None
    session.flush()
    for owner in owners.values():
        versions_saved.send(session, owner=owner)
