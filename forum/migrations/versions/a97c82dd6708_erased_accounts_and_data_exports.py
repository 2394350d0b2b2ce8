"""Erased accounts (users.erased_at) and downloads of a person's data (data_exports)

Revision ID: a97c82dd6708
Revises: b00e6bdb6854
Create Date: 2026-12-02 10:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import forum.db


# revision identifiers, used by Alembic.
revision = 'a97c82dd6708'
down_revision = 'b00e6bdb6854'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('erased_at', forum.db.UTCDateTime(timezone=True),
                                      nullable=True))
    op.create_table(
        'data_exports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('created_at', forum.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('ready_at', forum.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('expires_at', forum.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_data_exports_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_exports')),
        sa.UniqueConstraint('token', name=op.f('uq_data_exports_token')),
    )
    op.create_index(op.f('ix_data_exports_user_id'), 'data_exports', ['user_id'], unique=False)
    op.create_index(op.f('ix_data_exports_expires_at'), 'data_exports', ['expires_at'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_data_exports_expires_at'), table_name='data_exports')
    op.drop_index(op.f('ix_data_exports_user_id'), table_name='data_exports')
    op.drop_table('data_exports')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('erased_at')
