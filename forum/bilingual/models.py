"""The column and the few methods every bilingual official text has."""
from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column

from forum.i18n import default_language

#: one version: the translated fields (``body`` and ``body_html`` for Markdown) and its
#: bookkeeping (``source``, ``saved_at``, ``by``)
Version = dict[str, Any]
#: what a version records besides the translated fields
BOOKKEEPING = frozenset({"source", "saved_at", "by"})


class Bilingual:
    """Mixin of a model whose official text may have a version per language."""

    #: the versions by language code; ``None`` when there is none
    translations: Mapped[dict[str, Version] | None] = mapped_column(JSON, nullable=True)

    #: the attributes a version may translate (empty: this kind of row has none)
    TRANSLATED: ClassVar[tuple[str, ...]] = ()
    #: those written in Markdown: their version keeps the HTML beside (``<name>_html``)
    MARKDOWN: ClassVar[frozenset[str]] = frozenset()

    def source_language(self) -> str:
        """The language the text was first written in."""
        return getattr(self, "language", None) or default_language()

    def source_value(self, name: str) -> str:
        """The source text of the field ``name`` as it reads now."""
        return getattr(self, name) or ""

    def source_html(self, name: str) -> str:
        """The stored HTML of the Markdown field ``name``."""
        return getattr(self, f"{name}_html") or ""

    def source_fingerprint(self) -> str:
        """A short fingerprint of every translated field's source: it changes when they do."""
        digest = hashlib.sha256()
        for name in self.TRANSLATED:
            digest.update(self.source_value(name).encode())
            digest.update(b"\0")
        return digest.hexdigest()[:16]

    def version(self, language: str) -> Version:
        """The version in ``language`` (empty when there is none)."""
        return (self.translations or {}).get(language) or {}

    def versions_json(self) -> dict[str, dict[str, Any]]:
        """The versions for the JSON API: each language's texts, when it was saved, and
        whether its source has changed since (``stale``)."""
        fingerprint = self.source_fingerprint()
        return {code: {**{key: value for key, value in version.items()
                          if key not in BOOKKEEPING},
                       "saved_at": version.get("saved_at"),
                       "stale": version.get("source") != fingerprint}
                for code, version in (self.translations or {}).items()}

    def version_languages(self) -> list[str]:
        """The languages that have a version with at least one field."""
        return [code for code, version in (self.translations or {}).items()
                if any(name in version for name in self.TRANSLATED)]
