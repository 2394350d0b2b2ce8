"""What erasing an account does to every column that refers to it, read from the metadata.

Every foreign key to ``users.id`` needs a decision in :data:`USER_REFERENCES`:

``delete``  the rows are the person's own records (tokens, sign-ins, notifications, follows,
            preferences): they are deleted;
``keep``    the rows are contributions or decisions others rely on (posts, reports, summaries,
            the moderation log): they stay, pointing at the tombstone, which is named
            "Former participant" and holds nothing personal.

Every column of ``users`` needs a decision in :data:`USER_COLUMNS`. A test fails when a table
or column appears without one, so a new feature cannot forget erasure.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Column, MetaData, Table

from forum.accounts.models import Role, User

DELETE = "delete"
KEEP = "keep"

#: (table, column) → what erasure does to the rows whose column names the erased account
USER_REFERENCES: dict[tuple[str, str], str] = {
    ("api_tokens", "user_id"): DELETE,
    ("user_sessions", "user_id"): DELETE,
    ("recovery_codes", "user_id"): DELETE,
    ("notifications", "user_id"): DELETE,
    ("data_exports", "user_id"): DELETE,
    ("notification_preferences", "user_id"): DELETE,
    ("notification_digests", "user_id"): DELETE,
    ("follows", "user_id"): DELETE,
    ("site_pages", "updated_by_id"): KEEP,
    ("moderation_log", "actor_id"): KEEP,
    ("suspensions", "user_id"): KEEP,
    ("suspensions", "created_by_id"): KEEP,
    ("suspensions", "lifted_by_id"): KEEP,
    ("threads", "author_id"): KEEP,
    ("posts", "author_id"): KEEP,
    ("posts", "hidden_by_id"): KEEP,
    ("post_mentions", "user_id"): KEEP,
    ("revisions", "editor_id"): KEEP,
    ("endorsements", "user_id"): KEEP,
    ("flags", "user_id"): KEEP,
    ("flags", "resolved_by_id"): KEEP,
    ("appeals", "appellant_id"): KEEP,
    ("appeals", "acted_by_id"): KEEP,
    ("appeals", "decided_by_id"): KEEP,
    ("summaries", "created_by_id"): KEEP,
    ("summaries", "published_by_id"): KEEP,
    ("summaries", "submitted_by_id"): KEEP,
    ("summaries", "responded_by_id"): KEEP,
    ("summary_revisions", "editor_id"): KEEP,
    ("council_responses", "author_id"): KEEP,
    ("council_responses", "completed_by_id"): KEEP,
    ("response_revisions", "editor_id"): KEEP,
    ("response_updates", "author_id"): KEEP,
    # a support stays counted (the count is public and exact); the supporter is a tombstone
    ("proposal_supports", "user_id"): KEEP,
    ("proposal_coauthors", "user_id"): KEEP,
    ("proposal_offline_batches", "recorded_by_id"): KEEP,
    ("proposal_events", "actor_id"): KEEP,
}

#: the name every erased account is shown under
FORMER_PARTICIPANT = "Former participant"


def _unusable_email(user: User, _now: datetime) -> str:
    # unique like an address, but not one: no form accepts it, so no one signs in with it
    return f"erased-{user.id}"


#: column of ``users`` → ``None`` (kept as it is) or ``value(user, now)`` for the tombstone
USER_COLUMNS: dict[str, Callable[[User, datetime], Any] | None] = {
    "id": None,
    "created_at": None,
    "email": _unusable_email,
    "display_name": lambda _user, _now: FORMER_PARTICIPANT,
    # not a hash of any password: check_password_hash refuses it
    "password_hash": lambda _user, _now: "!",
    "role": lambda _user, _now: Role.CITIZEN,
    "session_token": lambda _user, _now: secrets.token_hex(16),
    "suspended_until": lambda _user, _now: None,
    "suspension_reason": lambda _user, _now: None,
    "totp_secret": lambda _user, _now: None,
    "totp_last_step": lambda _user, _now: None,
    "erased_at": lambda _user, now: now,
    "email_confirmed_at": lambda _user, _now: None,
    "pending_email": lambda _user, _now: None,
    "auto_follow": None,
    "language": lambda _user, _now: None,
}

#: columns never copied into a download: credentials and the addresses of secrets
SECRET_COLUMNS = ("password_hash", "session_token", "totp_secret", "totp_last_step",
                  "secret_hash", "token_hash", "code_hash", "token")


def user_references(metadata: MetaData) -> Iterator[tuple[Table, Column]]:
    """Every (table, column) holding a foreign key to ``users.id``, in dependency order."""
    for table in metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "users" and fk.column.name == "id"
                   for fk in column.foreign_keys):
                yield table, column


def decision(table: Table, column: Column) -> str:
    """What erasure does to ``table`` rows naming the account in ``column`` (KeyError: none)."""
    return USER_REFERENCES[(table.name, column.name)]


def is_secret(column: Column) -> bool:
    """A credential or a secret's hash, never shown or exported."""
    return column.name in SECRET_COLUMNS
