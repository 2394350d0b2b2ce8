"""users.language: the language pages and mail speak to each person

Revision ID: 46c517ebb82b
Revises: 13ca38d2f589
Create Date: 2026-12-01 22:05:00

"""
import sqlalchemy as sa
from alembic import op

revision = "46c517ebb82b"
down_revision = "13ca38d2f589"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=16), nullable=True))


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("language")
