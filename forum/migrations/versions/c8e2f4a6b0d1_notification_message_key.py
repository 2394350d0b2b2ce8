"""Notifications keep their message's msgid and parameters, so each reader sees it in their
own language; ``message`` stays, in the site's default language, for older rows and search.

Revision ID: c8e2f4a6b0d1
Revises: b7d3e9f1a4c6
"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'c8e2f4a6b0d1'
down_revision = 'b7d3e9f1a4c6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_key', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('message_params', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('message_params')
        batch_op.drop_column('message_key')
