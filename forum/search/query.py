"""The words someone typed, made safe for each engine.

The syntax is PostgreSQL's ``websearch_to_tsquery``: words (all must match), ``"a phrase"``,
``-word`` (must not match) and ``or`` between alternatives. PostgreSQL parses it itself;
for SQLite, :func:`fts5_query` builds the same thing out of quoted FTS5 strings, so nothing
typed is ever FTS5 syntax (``NEAR(``, ``*``, ``:``, ``^`` are plain characters).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from forum.errors import Invalid
from forum.i18n import _

#: the longest query accepted
QUERY_MAX = 200
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def clean_query(raw: str | None) -> str:
    """Return the query with control characters, lone surrogates and private-use characters
    removed and spaces collapsed; refuse (422) one longer than :data:`QUERY_MAX`."""
    raw = raw or ""
    if len(raw) > QUERY_MAX:
        raise Invalid(_("Keep your search to %(most)d characters or fewer (it has %(has)s).",
                        most=QUERY_MAX, has=f"{len(raw):,}"), field="q")
    kept = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in raw)
    return " ".join(kept.split())


def has_words(text: str) -> bool:
    """Whether ``text`` has a letter or a digit (something either engine can look for)."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)


@dataclass
class _Group:
    """Terms that must all match, and terms that must not, within one ``or`` alternative."""

    wanted: list[str] = field(default_factory=list)
    unwanted: list[str] = field(default_factory=list)


def _parse(text: str) -> list[_Group]:
    groups = [_Group()]
    for match in _TOKEN.finditer(text):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None:
            if word.lower() == "or":
                groups.append(_Group())
                continue
            negated, phrase = ("-", word[1:]) if word.startswith("-") else ("", word)
        if not has_words(phrase):
            continue
        (groups[-1].unwanted if negated else groups[-1].wanted).append(phrase)
    return [g for g in groups if g.wanted]


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def fts5_query(text: str) -> str | None:
    """The FTS5 query for cleaned ``text``, or ``None`` when it asks for nothing findable."""
    parts = []
    for group in _parse(text):
        expression = "(" + " AND ".join(map(_quoted, group.wanted)) + ")"
        for term in group.unwanted:
            expression = f"({expression} NOT {_quoted(term)})"
        parts.append(expression)
    return " OR ".join(parts) or None
