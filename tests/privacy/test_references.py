"""Erasure decides for every column that names an account: a new one without a decision fails."""
from __future__ import annotations

import forum.models  # noqa: F401 - every table in the metadata
from forum.accounts.models import User
from forum.db import db
from forum.privacy.references import (DELETE, KEEP, USER_COLUMNS, USER_REFERENCES,
                                      user_references)


def test_every_foreign_key_to_users_has_a_decision():
    found = {(table.name, column.name) for table, column in user_references(db.metadata)}
    missing = sorted(found - USER_REFERENCES.keys())
    assert not missing, f"add these to forum.privacy.references.USER_REFERENCES: {missing}"
    stale = sorted(USER_REFERENCES.keys() - found)
    assert not stale, f"these no longer refer to users: {stale}"
    assert set(USER_REFERENCES.values()) <= {DELETE, KEEP}


def test_every_column_of_users_has_a_decision():
    columns = {column.name for column in User.__table__.columns}
    assert columns == USER_COLUMNS.keys(), \
        f"decide in forum.privacy.references.USER_COLUMNS: {sorted(columns ^ USER_COLUMNS.keys())}"
    # the personal ones are always replaced
    for name in ("email", "display_name", "password_hash", "totp_secret", "session_token"):
        assert USER_COLUMNS[name] is not None


def test_the_moderation_log_stores_no_names_addresses_or_browsers():
    columns = {column.name for column in forum.models.AuditEntry.__table__.columns}
    assert not columns & {"target_label", "ip", "ip_address", "user_agent"}
