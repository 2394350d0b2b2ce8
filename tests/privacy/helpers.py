"""Helpers of the privacy tests: every text in every table, read without the ORM."""
from __future__ import annotations

import json

from sqlalchemy import select

import forum.models  # noqa: F401 - every table in the metadata
from forum.db import db


def rows_mentioning(session, *needles: str) -> list[tuple[str, str, object]]:  # noqa: ANN001
    """Every (table, column, value) in the database whose text holds one of ``needles``
    (case aside), JSON columns included."""
    needles_lower = [n.lower() for n in needles]
    found = []
    for table in db.metadata.sorted_tables:
        for row in session.execute(select(table)).mappings():
            for name, value in row.items():
                if value is None or isinstance(value, (int, float, bool)):
                    continue
                text = json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) \
                    else str(value)
                if any(n in text.lower() for n in needles_lower):
                    found.append((table.name, name, value))
    return found
