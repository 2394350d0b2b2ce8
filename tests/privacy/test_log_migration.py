"""The migration that drops the moderation log's stored labels keeps every entry and the
log's append-only guard, on both databases."""
from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from forum.db import db


def _drop_everything() -> None:
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def test_labels_go_entries_stay_and_the_log_stays_append_only(fresh_app):
    _drop_everything()
    try:
        upgrade(revision="b1d3f5a7c9e2")
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO moderation_log (created_at, action, target_type, target_id, "
                "target_label, link) VALUES (CURRENT_TIMESTAMP, 'role_changed', 'user', 7, "
                "'Jane Example', NULL)"))
        upgrade()
        columns = {c["name"] for c in inspect(db.engine).get_columns("moderation_log")}
        assert "target_label" not in columns
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT target_type, target_id FROM moderation_log")).all() \
                == [("user", 7)]
        for statement in ("UPDATE moderation_log SET reason = 'x'", "DELETE FROM moderation_log"):
            with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
                conn.execute(text(statement))
    finally:
        _drop_everything()
        db.create_all()
