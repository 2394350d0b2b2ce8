"""Follows (threads, topics, people) and the auto-follow setting

Revision ID: e43f9fe065ce
Revises: bffc1c498c96
Create Date: 2026-12-03 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import forum.db


# revision identifiers, used by Alembic.
revision = 'e43f9fe065ce'
down_revision = 'bffc1c498c96'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'follows',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('target_kind', sa.Enum('thread', 'topic', 'person', name='followkind',
                                         native_enum=False, length=10), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('created_at', forum.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_follows_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_follows')),
        sa.UniqueConstraint('user_id', 'target_kind', 'target_id',
                            name=op.f('uq_follows_user_id')))
    with op.batch_alter_table('follows', schema=None) as batch:
        batch.create_index('ix_follows_target', ['target_kind', 'target_id'], unique=False)
    with op.batch_alter_table('users', schema=None) as batch:
        batch.add_column(sa.Column('auto_follow', sa.Boolean(), server_default=sa.true(),
                                   nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch:
        batch.drop_column('auto_follow')
    with op.batch_alter_table('follows', schema=None) as batch:
        batch.drop_index('ix_follows_target')
    op.drop_table('follows')
