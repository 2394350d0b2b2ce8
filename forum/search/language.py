"""The one place the search language is chosen.

English is stemmed on both databases: FTS5's Porter tokenizer over ``unicode61`` (accents
folded), and PostgreSQL's ``english`` configuration. A language without a stemmer (Welsh:
PostgreSQL has no dictionary for it) would use the ``simple`` configuration and plain
``unicode61 remove_diacritics 2``: change :func:`search_language` and run
``flask --app forum search reindex`` (on SQLite, the index table is made again).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchLanguage:
    """How each database splits and stems text for one language."""

    #: the PostgreSQL text search configuration (``to_tsvector(config, …)``)
    pg_config: str
    #: the FTS5 ``tokenize`` option of the SQLite index table
    fts5_tokenize: str


ENGLISH = SearchLanguage(pg_config="english",
                         fts5_tokenize="porter unicode61 remove_diacritics 2")


def search_language() -> SearchLanguage:
    """Return the language the index stems for (English for now)."""
    return ENGLISH
