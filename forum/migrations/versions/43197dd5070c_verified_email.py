"""Verified accounts: when the email address was confirmed, and a new address waiting

Accounts that existed before are taken as confirmed (at their creation time).

Revision ID: 43197dd5070c
Revises: c215cb5c2368
Create Date: 2026-12-01 18:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

import forum.db


# revision identifiers, used by Alembic.
revision = '43197dd5070c'
down_revision = 'c215cb5c2368'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at',
                                      forum.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('pending_email', sa.String(length=254), nullable=True))
    op.execute("UPDATE users SET email_confirmed_at = created_at "
               "WHERE email_confirmed_at IS NULL")


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('pending_email')
        batch_op.drop_column('email_confirmed_at')
