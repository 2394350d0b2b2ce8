"""The one place a text's language is turned into the way search splits and stems it.

Every document in the index carries the language its text is written in (a post's, a
thread's opening text's; summaries and responses are in the site's default language) and,
from it, how each database treats it:

* PostgreSQL stems a document with the text search configuration named after its language
  when the server has one (``en`` → ``english``, ``fr`` → ``french``), else with ``simple``
  (lower-cased words, no stemming, no stop words). Welsh has no configuration, so ``cy``
  → ``simple``. The configuration is stored in each row (``search_documents.config``) and
  the row's ``tsvector`` is generated from it, so a query is parsed once per configuration
  in use and each document is matched by the query parsed its own way (:func:`pg_configs`).
* SQLite's FTS5 has one tokenizer per table and only an English stemmer (Porter), so English
  documents go to ``search_index`` (``porter unicode61``) and every other language to
  ``search_index_plain`` (``unicode61`` alone: words are found as written, accents folded);
  a query looks in both.

Changing what a language maps to: edit :data:`PG_CONFIGS` or :data:`PORTER_LANGUAGES` and run
``flask --app forum search reindex``.
"""
from __future__ import annotations

from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from forum.i18n import default_language, languages

#: the text search configurations every supported PostgreSQL (15 and later) ships with, by
#: their names: a language whose English name is one of these is stemmed with it
PG_CONFIGS = frozenset({
    "arabic", "armenian", "basque", "catalan", "danish", "dutch", "english", "finnish",
    "french", "german", "greek", "hindi", "hungarian", "indonesian", "irish", "italian",
    "lithuanian", "nepali", "norwegian", "portuguese", "romanian", "russian", "serbian",
    "spanish", "swedish", "tamil", "turkish", "yiddish"})
#: the configuration of a language PostgreSQL has no stemmer for
PG_SIMPLE = "simple"
#: the languages FTS5's Porter stemmer is right for (it knows only English)
PORTER_LANGUAGES = frozenset({"en"})
#: the FTS5 ``tokenize`` options: the stemmed table's, and the plain one's
FTS5_STEMMED = "porter unicode61 remove_diacritics 2"
FTS5_PLAIN = "unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class SearchLanguage:
    """How each database splits and stems the text of one language."""

    #: the language code (``en``, ``cy``)
    code: str
    #: the PostgreSQL text search configuration (``to_tsvector(config, …)``)
    pg_config: str
    #: whether SQLite stems it (the Porter table) or keeps its words as written
    fts5_stemmed: bool


def _pg_config(code: str) -> str:
    base = code.replace("-", "_").split("_")[0]
    try:
        name = (Locale.parse(base).get_language_name("en") or "").lower()
    except (ValueError, UnknownLocaleError):
        return PG_SIMPLE
    return name if name in PG_CONFIGS else PG_SIMPLE


def search_language(code: str | None = None) -> SearchLanguage:
    """How the index treats text in ``code`` (``None``: the site's default language)."""
    code = code or default_language()
    return SearchLanguage(code=code, pg_config=_pg_config(code),
                          fts5_stemmed=code.split("_")[0] in PORTER_LANGUAGES)


def pg_configs() -> tuple[str, ...]:
    """The PostgreSQL configurations a query is parsed with: those of the languages the
    site speaks, and of its default (sorted, so the SQL is the same on every request)."""
    codes = {*languages(), default_language()}
    return tuple(sorted({search_language(code).pg_config for code in codes}))
