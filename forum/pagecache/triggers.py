"""The database triggers that move the numbers a kept page's key holds.

A thread's ``content_version`` moves with any change to its row and to the rows whose content
its page shows (``THREAD_OF``: each table with the SQL naming the thread of row ``r``); the
forum-wide ``site_version`` with a change to what any page may show (``SITE``: a topic; a
person's name, role, erasure or suspension; a thread's title, which other pages link by,
and its topic, so that the threads a listing counts change only by new ones between two
moves of ``site_version``: see ``listing_version`` in forum/threads/services.py).

On PostgreSQL the rows' triggers are constraint triggers deferred to the commit: a write takes
the thread's (or the site's) row last, so these numbers add no lock order that could deadlock
with the writes' own. SQLite has a single writer, so its triggers run at once.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, MetaData, event, text

from forum.db import db

#: the tables whose rows a thread page shows, and the SQL for the threads of row ``r``
THREAD_OF: dict[str, str] = {
    "posts": "r.thread_id",
    "summaries": "r.thread_id",
    "summary_citations": "(SELECT thread_id FROM summaries WHERE id = r.summary_id)",
    "summary_points": "(SELECT thread_id FROM summaries WHERE id = r.summary_id)",
    # a proposal's answer shows on the proposal's page and on the consultation it led to
    "council_responses": "r.thread_id, r.consultation_id, "
                         "(SELECT thread_id FROM summaries WHERE id = r.summary_id)",
    "response_points": "(SELECT COALESCE(c.thread_id, s.thread_id) FROM council_responses c "
                       "LEFT JOIN summaries s ON s.id = c.summary_id WHERE c.id = r.response_id)",
    "response_updates": "(SELECT COALESCE(c.thread_id, s.thread_id) FROM council_responses c "
                        "LEFT JOIN summaries s ON s.id = c.summary_id WHERE c.id = r.response_id)",
    "proposal_supports": "r.proposal_id",
    "proposal_coauthors": "r.proposal_id",
    "proposal_events": "r.proposal_id",
    "proposal_offline_batches": "r.proposal_id",
}
#: the tables (and, for updates, the columns) every page may show
SITE: dict[str, tuple[str, ...]] = {
    "topics": (),
    "users": ("display_name", "role", "erased_at", "suspended_until"),
    "threads": ("title", "translations", "topic_id"),
}
_OPS = ("INSERT", "UPDATE", "DELETE")
_BUMP_THREAD = "UPDATE threads SET content_version = content_version + 1 WHERE id IN ({thread})"
_BUMP_SITE = "UPDATE site_version SET version = version + 1"


def _sqlite_row(sql: str, op: str) -> str:
    return sql.replace("r.", "OLD." if op == "DELETE" else "NEW.")


def _sqlite() -> list[str]:
    statements = [
        # any change to a thread's row: its number moves in the same statement's trigger
        "CREATE TRIGGER forum_version_threads AFTER UPDATE ON threads "
        "WHEN NEW.content_version = OLD.content_version BEGIN "
        "UPDATE threads SET content_version = OLD.content_version + 1 WHERE id = NEW.id; END"]
    for table, thread in THREAD_OF.items():
        for op in _OPS:
            bump = _BUMP_THREAD.format(thread=_sqlite_row(thread, op))
            statements.append(f"CREATE TRIGGER forum_version_{table}_{op.lower()} AFTER {op} "
                              f"ON {table} BEGIN {bump}; END")
    for table, columns in SITE.items():
        for op in _OPS if not columns else ("UPDATE",):
            event_sql = f"UPDATE OF {', '.join(columns)}" if columns else op
            statements.append(f"CREATE TRIGGER forum_site_version_{table}_{op.lower()} AFTER "
                              f"{event_sql} ON {table} BEGIN {_BUMP_SITE}; END")
    return statements


def _postgresql() -> list[str]:
    statements = [
        "CREATE OR REPLACE FUNCTION forum_version_threads() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN IF NEW.content_version IS NOT DISTINCT FROM OLD.content_version THEN "
        "NEW.content_version := OLD.content_version + 1; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER forum_version_threads BEFORE UPDATE ON threads FOR EACH ROW "
        "EXECUTE FUNCTION forum_version_threads()",
        "CREATE OR REPLACE FUNCTION forum_site_version() RETURNS trigger LANGUAGE plpgsql "
        f"AS $$ BEGIN {_BUMP_SITE}; RETURN NULL; END $$"]
    for table, thread in THREAD_OF.items():
        bump = _BUMP_THREAD.format(thread=thread)
        statements.append(
            f"CREATE OR REPLACE FUNCTION forum_version_{table}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ DECLARE r {table}%ROWTYPE; BEGIN "
            "IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF; "
            f"{bump}; RETURN NULL; END $$")
        statements.append(
            f"CREATE CONSTRAINT TRIGGER forum_version_{table} AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            f"EXECUTE FUNCTION forum_version_{table}()")
    for table, columns in SITE.items():
        event_sql = f"UPDATE OF {', '.join(columns)}" if columns else " OR ".join(_OPS)
        statements.append(
            f"CREATE CONSTRAINT TRIGGER forum_site_version_{table} AFTER {event_sql} "
            f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "EXECUTE FUNCTION forum_site_version()")
    return statements


def create_statements(dialect: str) -> list[str]:
    """The SQL that creates the triggers on ``dialect`` (``sqlite`` or ``postgresql``)."""
    return _postgresql() if dialect == "postgresql" else _sqlite()


def drop_statements(dialect: str) -> list[str]:
    """The SQL that drops them (a bulk load drops them, then creates them again)."""
    names = ["forum_version_threads", *(f"forum_version_{t}" for t in THREAD_OF)]
    if dialect == "postgresql":
        tables = ["threads", *THREAD_OF]
        drops = [f"DROP TRIGGER IF EXISTS {n} ON {t}" for n, t in zip(names, tables)]
        drops += [f"DROP TRIGGER IF EXISTS forum_site_version_{t} ON {t}" for t in SITE]
        drops += [f"DROP FUNCTION IF EXISTS {n}()" for n in [*names, "forum_site_version"]]
        return drops
    drops = ["DROP TRIGGER IF EXISTS forum_version_threads"]
    drops += [f"DROP TRIGGER IF EXISTS forum_version_{t}_{op.lower()}"
              for t in THREAD_OF for op in _OPS]
    drops += [f"DROP TRIGGER IF EXISTS forum_site_version_{t}_{op.lower()}"
              for t, columns in SITE.items() for op in (_OPS if not columns else ("UPDATE",))]
    return drops


def create(connection: Connection) -> None:
    """Create the triggers on ``connection``'s database (again, if they are there)."""
    for sql in [*drop_statements(connection.dialect.name),
                *create_statements(connection.dialect.name)]:
        connection.execute(text(sql))


def drop(connection: Connection) -> None:
    """Drop the triggers from ``connection``'s database, if they are there."""
    for sql in drop_statements(connection.dialect.name):
        connection.execute(text(sql))


@event.listens_for(db.metadata, "after_create")
def _after_create(_target: MetaData, connection: Connection, **_kw: Any) -> None:
    create(connection)
