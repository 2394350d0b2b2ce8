"""The moderation log keeps ids, never names or titles: target labels are resolved when shown

Revision ID: b00e6bdb6854
Revises: b1d3f5a7c9e2
Create Date: 2026-12-02 10:00:00.000000

The log is append-only: triggers refuse UPDATE and DELETE. Dropping a column updates no row
on PostgreSQL, so its trigger stays as it is. SQLite rebuilds the table (a batch operation),
which drops the table's triggers, so they are dropped first and created again afterwards.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b00e6bdb6854'
down_revision = 'b1d3f5a7c9e2'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    "CREATE TRIGGER moderation_log_no_update BEFORE UPDATE ON moderation_log "
    "BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END",
    "CREATE TRIGGER moderation_log_no_delete BEFORE DELETE ON moderation_log "
    "BEGIN SELECT RAISE(ABORT, 'the moderation log is append-only'); END",
]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild(change) -> None:
    if _sqlite():
        op.execute("DROP TRIGGER IF EXISTS moderation_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS moderation_log_no_delete")
    with op.batch_alter_table('moderation_log') as batch_op:
        change(batch_op)
    if _sqlite():
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def upgrade():
    _rebuild(lambda batch_op: batch_op.drop_column('target_label'))


def downgrade():
    # the names are not brought back: older code shows an empty label for every entry
    _rebuild(lambda batch_op: batch_op.add_column(
        sa.Column('target_label', sa.String(length=300), nullable=False, server_default='')))
