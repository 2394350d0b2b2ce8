"""posts.language and threads.language: the language each resident's text is written in
(a post's body, a thread's opening text). Existing rows take the site default, ``en``.

Revision ID: e1b3c5d7f9a2
Revises: d4f6a8c0e2b3
"""
import sqlalchemy as sa
from alembic import op

revision = "e1b3c5d7f9a2"
down_revision = "d4f6a8c0e2b3"
branch_labels = None
depends_on = None


def upgrade():
    # NOT NULL with a server default: the default fills (backfills) every existing row
    for table in ("threads", "posts"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=False,
                                          server_default="en"))


def downgrade():
    for table in ("posts", "threads"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("language")
